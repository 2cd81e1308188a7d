/**
 * `journeys experiments [<id>]`: the experiments the journeys run — per variant assigned, sent, conversions,
 * rate with its 95 % interval and the chance to beat the baseline; the control group and its lift; the winner
 * when there is one. Without an id, every experiment and the control group's lift per journey.
 */
import type { Command } from 'commander';
import type { ExperimentReport, JourneyLift, VariantReport } from '../../../functions/domain/experiments/report';
import type { CommandContext, ContextFactory } from '../context';

export function registerExperiments(program: Command, context: ContextFactory): void {
  program
    .command('experiments')
    .description('experiment reports: variants, conversions, chance to beat the baseline, the winner')
    .argument('[id]', 'one experiment (default: all)')
    .addHelpText('after', '\nExample:\n  $ npx journeys experiments activation-nudge-copy')
    .action(async (id: string | undefined, _options: unknown, command: Command) => experiments(context(command), id));
}

async function experiments(ctx: CommandContext, id: string | undefined): Promise<void> {
  if (id !== undefined) {
    const report = (await ctx.client.request<ExperimentReport>('GET', `/experiments/${encodeURIComponent(id)}`)).body;
    if (ctx.out.json) return ctx.out.data(report);
    return print(ctx, report);
  }
  const body = (await ctx.client.request<{ experiments: ExperimentReport[]; lift: JourneyLift[] }>('GET', '/experiments')).body;
  if (ctx.out.json) return ctx.out.data(body);
  body.experiments.forEach((report, i) => {
    if (i > 0) ctx.out.line();
    print(ctx, report);
  });
  if (body.lift.length > 0) {
    ctx.out.line();
    ctx.out.line(ctx.out.palette.bold('control-group lift per journey'));
    ctx.out.table(body.lift, [
      { header: 'JOURNEY', value: (l: JourneyLift) => l.journey },
      { header: 'TREATED', value: (l: JourneyLift) => `${percent(l.treated.rate)} of ${l.treated.measured}`, align: 'right' },
      { header: 'CONTROL', value: (l: JourneyLift) => `${percent(l.control.rate)} of ${l.control.measured}`, align: 'right' },
      { header: 'LIFT', value: (l: JourneyLift) => (l.lift === undefined ? '-' : signedPercent(l.lift)), align: 'right' },
    ]);
  }
}

export function print(ctx: CommandContext, report: ExperimentReport): void {
  const p = ctx.out.palette;
  const goal = `${report.goal.absent ? 'no ' : ''}${report.goal.event} within ${hours(report.goal.withinHours)}`;
  ctx.out.line(p.bold(`${report.id}  ${report.journey}/${report.step}  ${report.status}`));
  ctx.out.line(p.dim(`goal: ${goal}; winner needs ${report.minimumSample} measured per variant and a ${percent(report.threshold)} chance to beat the baseline`));
  ctx.out.table(report.variants, [
    { header: 'VARIANT', value: (v: VariantReport) => (v.name === report.winner ? `${v.name} ★` : v.name) },
    { header: 'WEIGHT', value: (v: VariantReport) => String(v.weight), align: 'right' },
    { header: 'ASSIGNED', value: (v: VariantReport) => String(v.assigned), align: 'right' },
    { header: 'SENT', value: (v: VariantReport) => String(v.sent), align: 'right' },
    { header: 'MEASURED', value: (v: VariantReport) => String(v.measured), align: 'right' },
    { header: 'CONVERSIONS', value: (v: VariantReport) => String(v.conversions), align: 'right' },
    { header: 'RATE', value: (v: VariantReport) => percent(v.rate), align: 'right' },
    { header: '95% INTERVAL', value: (v: VariantReport) => `${percent(v.interval[0])}–${percent(v.interval[1])}`, align: 'right' },
    { header: 'BEATS BASELINE', value: (v: VariantReport) => (v.chanceToBeatBaseline === undefined ? 'baseline' : percent(v.chanceToBeatBaseline)), align: 'right' },
  ]);
  if (report.control) {
    const c = report.control;
    ctx.out.line(`control group: ${c.assigned} assigned, ${c.conversions} of ${c.measured} converted (${percent(c.rate)})${c.lift === undefined ? '' : `, lift ${signedPercent(c.lift)}`}`);
  }
  ctx.out.line(report.winner ? p.green(`winner: ${report.winner}`) : p.dim('no winner yet'));
}

const percent = (value: number) => `${(value * 100).toFixed(1)} %`;
const signedPercent = (value: number) => `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)} %`;
const hours = (h: number) => (h % 24 === 0 ? `${h / 24} days` : `${h} hours`);
