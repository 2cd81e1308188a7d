/**
 * `journeys dlq list|replay`: the local runtime's dead-letter queue — bus events whose route delivery (the
 * EventBridge rule target, route-event) failed every attempt — over `GET /dlq` and `POST /dlq/replay`.
 *
 * `replay` hands every letter back to the bus and waits until each delivery has ended: delivered, or back in the
 * queue (it failed again; exit 4, as with events that failed on the server's side). Replaying is safe to repeat:
 * route-event applies an event id once, so a letter whose route had in fact run (it timed out after starting the
 * journey) starts nothing twice and nobody gets a message twice.
 */
import type { Command } from 'commander';
import type { DeadLetter } from '../../dead-letters';
import type { CommandContext, ContextFactory } from '../context';
import { ApiError, CliError } from '../errors';
import { ExitCode } from '../exit-codes';
import { formatInstant } from '../format/time';
import { wholeNumber } from '../option-parsers';

export interface ReplayAnswer {
  /** Letters taken out of the queue and delivered again. */
  replayed: number;
  /** Of those, delivered this time. */
  delivered: number;
  /** Of those, failed every attempt again: back in the queue. */
  returned: number;
}

/** Some replayed letters failed again: they are back in the queue, the cause is still there. */
class ReplayReturnedError extends CliError {
  readonly exitCode = ExitCode.server;
  readonly code = 'replay_returned';
}

const LOCAL_ONLY_HINT = 'the dead-letter queue is a route of the local runtime (`npm start`); deployed, each rule target has an SQS dead-letter queue';

export function registerDlq(program: Command, context: ContextFactory): void {
  const dlq = program.command('dlq').description('route deliveries that failed every attempt (local runtime): list and replay them');

  dlq
    .command('list')
    .description('the dead letters, oldest first: route, event, error, attempts, when')
    .option('--limit <n>', 'at most this many, the oldest (1–1000)', wholeNumber(1, 1000))
    .addHelpText('after', '\nExample:\n  $ npx journeys dlq list --json | jq -r \'.deadLetters[].event.id\'')
    .action(async (options: { limit?: number }, command: Command) => list(context(command), options.limit));

  dlq
    .command('replay')
    .description('deliver every dead letter again; prints how many were delivered and how many came back')
    .addHelpText('after', '\nExample (after fixing the cause):\n  $ npx journeys dlq replay')
    .action(async (_options: unknown, command: Command) => replay(context(command)));
}

async function list(ctx: CommandContext, limit: number | undefined): Promise<void> {
  const all = await localOnly(async () => (await ctx.client.request<{ deadLetters: DeadLetter[] }>('GET', '/dlq')).body.deadLetters);
  const letters = limit === undefined ? all : all.slice(0, limit);
  if (ctx.out.json) return ctx.out.data({ deadLetters: letters, total: all.length });
  if (all.length === 0) return ctx.out.line('the dead-letter queue is empty');
  const p = ctx.out.palette;
  ctx.out.line(p.bold(`${all.length} dead ${all.length === 1 ? 'letter' : 'letters'}${letters.length < all.length ? ` (the oldest ${letters.length} shown)` : ''}`));
  ctx.out.table(letters, [
    { header: 'AT', value: (letter) => formatInstant(letter.at) },
    { header: 'ROUTE', value: (letter) => letter.routeId },
    { header: 'EVENT', value: (letter) => field(letter.event, 'id') },
    { header: 'TYPE', value: (letter) => field(letter.event, 'type') },
    { header: 'ATTEMPTS', value: (letter) => String(letter.attempts), align: 'right' },
    { header: 'ERROR', value: (letter) => `${letter.error.name}: ${letter.error.message}`, color: (cell) => p.red(cell), flex: true },
  ]);
  ctx.out.line(p.dim('replay them, once the cause is fixed: `npx journeys dlq replay`'));
}

async function replay(ctx: CommandContext): Promise<void> {
  const answer = await localOnly(async () => (await ctx.client.request<ReplayAnswer>('POST', '/dlq/replay')).body);
  if (ctx.out.json) ctx.out.data(answer);
  else if (answer.replayed === 0) ctx.out.line('nothing to replay: the dead-letter queue is empty');
  else {
    const p = ctx.out.palette;
    const returned = answer.returned > 0 ? p.red(`${answer.returned} came back`) : '0 came back';
    ctx.out.line(`replayed ${answer.replayed} dead ${answer.replayed === 1 ? 'letter' : 'letters'}: ${p.green(`${answer.delivered} delivered`)}, ${returned}`);
  }
  if (answer.returned > 0) {
    throw new ReplayReturnedError(`${answer.returned} of ${answer.replayed} replayed deliveries failed again and are back in the dead-letter queue`, {
      hints: ['see why with `npx journeys dlq list`; replay again once the cause is fixed (a replay never sends a message twice)'],
    });
  }
}

/** A 404 means the endpoint is not a local runtime: say so rather than "no route for /dlq". */
async function localOnly<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      throw new ApiError(404, error.code, `${error.message}: this endpoint has no dead-letter queue`, { hints: [LOCAL_ONLY_HINT], body: error.body });
    }
    throw error;
  }
}

function field(event: unknown, name: 'id' | 'type'): string {
  const value = typeof event === 'object' && event !== null ? (event as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : '-';
}
