/**
 * `journeys why <customerId>`: the customer's recent decisions with their reasons (rule 11) — the answer to "why
 * did (or didn't) this customer get that message?" — and, at an experiment's step, the customer's variant.
 */
import type { Command } from 'commander';
import type { Decision } from '../api-client';
import type { CommandContext, ContextFactory } from '../context';
import type { Palette } from '../format/color';
import { formatInstant } from '../format/time';
import { wholeNumber } from '../option-parsers';

export function registerWhy(program: Command, context: ContextFactory): void {
  program
    .command('why')
    .description('recent decisions for a customer, with their reasons (newest first)')
    .argument('<customerId>')
    .option('--limit <n>', 'how many decisions (1–100)', wholeNumber(1, 100), 20)
    .addHelpText('after', '\nExample:\n  $ npx journeys why demo-ana --limit 50')
    .action(async (customerId: string, options: { limit: number }, command: Command) => why(context(command), customerId, options.limit));
}

async function why(ctx: CommandContext, customerId: string, limit: number): Promise<void> {
  const decisions = await ctx.client.messages(customerId, limit);
  if (ctx.out.json) return ctx.out.data({ customerId, messages: decisions });
  if (decisions.length === 0) {
    ctx.out.line(`no decisions recorded for ${customerId}`);
    ctx.out.line(ctx.out.palette.dim(`is the id right? \`npx journeys profiles get ${customerId}\``));
    return;
  }
  ctx.out.line(ctx.out.palette.bold(`${customerId}: ${decisions.length} most recent ${decisions.length === 1 ? 'decision' : 'decisions'}`));
  ctx.out.table(decisions, decisionColumns(ctx.out.palette));
}

function decisionColumns(p: Palette) {
  const colorOf: Record<Decision['outcome'], (text: string) => string> = { sent: p.green, deferred: p.yellow, suppressed: p.magenta, failed: p.red };
  return [
    { header: 'TIME', value: (d: Decision) => formatInstant(d.at) },
    { header: 'JOURNEY/STEP', value: (d: Decision) => `${d.journey}/${d.step}` },
    { header: 'CATEGORY', value: (d: Decision) => d.category },
    { header: 'OUTCOME', value: (d: Decision) => d.outcome, color: (cell: string, _v: string, d: Decision) => (colorOf[d.outcome] ?? String)(cell) },
    { header: 'CHANNEL', value: (d: Decision) => d.channel ?? '-' },
    { header: 'REASONS', value: (d: Decision) => [...d.reasons, ...experimentNote(d)].join('; '), flex: true },
  ];
}

/** At an experiment's step: which variant the customer is assigned (docs/experiments.md). */
function experimentNote(d: Decision): string[] {
  if (!d.experiment) return [];
  return [`experiment ${d.experiment.id}: ${d.experiment.variant === 'control' ? 'the global control group' : `variant ${d.experiment.variant}`}`];
}
