/**
 * `journeys demo`: plays the four journeys end to end against the runtime (local/cli/demo.ts) and prints what
 * was decided. Progress goes to stdout, or to stderr with `--json`, where stdout gets the summary document.
 */
import type { Command } from 'commander';
import type { CommandContext, ContextFactory } from '../context';
import { wholeNumber } from '../option-parsers';

export function registerDemo(program: Command, context: ContextFactory): void {
  program
    .command('demo')
    .description('play onboarding, incident, crisis and post-resolution journeys end to end on the virtual clock')
    .option('--max-wait <seconds>', 'real seconds one step may be waited for; longer parts are skipped', wholeNumber(1, 3600), 120)
    .addHelpText(
      'after',
      `
The crisis part needs the on-call token (--token or JOURNEYS_ONCALL_TOKEN). The surveys come a virtual day after
an incident: start the runtime with JOURNEYS_TIME_SCALE=3600 to see the whole story in about half a minute.

Example:
  $ JOURNEYS_TIME_SCALE=3600 npm start -- --no-demo &
  $ npx journeys demo`,
    )
    .action(async (options: { maxWait: number }, command: Command) => demo(context(command), options.maxWait));
}

async function demo(ctx: CommandContext, maxWaitSeconds: number): Promise<void> {
  // Loaded on demand: the demo pulls in the Step Functions client, which other commands do not need.
  const { runDemo } = await import('../demo');
  const summary = await runDemo({
    endpoint: ctx.globals.endpoint,
    oncallToken: ctx.globals.token,
    log: (line) => ctx.out.note(line),
    maxWaitSeconds,
    inboxUrl: `http://127.0.0.1:${ctx.io.env.SES_PORT || '8005'}`,
  });
  if (ctx.out.json) ctx.out.data(summary);
}
