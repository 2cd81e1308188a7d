/**
 * The marketing freeze (ops or on-call): `freeze [--for 2d|--until ISO] --reason …` holds every journey's
 * `marketing` messages (never `transactional` or `service`) for at most 14 days; `unfreeze` lifts it and the held
 * messages go out; `freeze` with `--status` shows it. Every command prints the freeze as the API answers it.
 */
import { InvalidArgumentError, type Command } from 'commander';
import type { CommandContext, ContextFactory } from '../context';
import { formatInstant } from '../format/time';
import { span } from '../option-parsers';

interface Freeze {
  active: boolean;
  until?: string;
  reason?: string;
  by?: string;
}

export function registerFreeze(program: Command, context: ContextFactory): void {
  program
    .command('freeze')
    .description("hold every journey's marketing messages (not transactional or service) for at most 14 days")
    .option('--for <span>', 'how long, e.g. 2d, 12h (default and maximum: 14 days)', span)
    .option('--until <instant>', 'until when (ISO 8601), instead of --for')
    .option('--reason <text>', 'why (kept in the audit and in each held message\'s reason)')
    .option('--status', 'only show the freeze in force, change nothing')
    .addHelpText('after', '\nExample:\n  $ npx journeys freeze --for 2d --reason "brand review after the outage"')
    .action(async (options: { for?: number; until?: string; reason?: string; status?: boolean }, command: Command) => {
      const ctx = context(command);
      if (options.status) return show(ctx, (await ctx.client.request<Freeze>('GET', '/freeze', { onCall: true })).body);
      if (options.reason === undefined) throw new InvalidArgumentError("Say why: --reason <text> (or --status to only look).");
      if (options.for !== undefined && options.until !== undefined) throw new InvalidArgumentError('Give --for or --until, not both.');
      const until = options.until ?? (options.for !== undefined ? new Date(new Date((await ctx.client.health()).now).getTime() + options.for).toISOString() : undefined);
      const body = { reason: options.reason, ...(until !== undefined ? { until } : {}) };
      show(ctx, (await ctx.client.request<Freeze>('PUT', '/freeze', { onCall: true, body })).body);
    });
  program
    .command('unfreeze')
    .description('lift the marketing freeze: the messages it held go out (once each)')
    .action(async (_options: unknown, command: Command) => {
      const ctx = context(command);
      show(ctx, (await ctx.client.request<Freeze>('DELETE', '/freeze', { onCall: true })).body);
    });
}

function show(ctx: CommandContext, freeze: Freeze): void {
  if (ctx.out.json) return ctx.out.data(freeze);
  ctx.out.fields([
    ['marketing', freeze.active ? 'frozen' : 'not frozen'],
    ['until', freeze.until ? formatInstant(freeze.until) : undefined],
    ['by', freeze.by],
    ['reason', freeze.reason],
  ]);
}
