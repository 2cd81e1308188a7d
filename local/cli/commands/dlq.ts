/**
 * `journeys dlq list|replay`: the dead-letter queue over `GET /dlq` and `POST /dlq/replay` — the local runtime's,
 * or, with `--endpoint`, a deployed stack's (api-dlq, ops role: the parked message sends; route deliveries there
 * sit in the rules' SQS dead-letter queues, redriven as docs/operations.md says). Two
 * kinds of letter: `route` — a bus event whose route delivery (the EventBridge rule target, route-event) failed
 * every attempt — and `message` — a message whose send failed past its journey step's Retry (a provider outage),
 * parked by deliver-message with the error.
 *
 * `replay` hands every route letter back to the bus and every message to deliver-message, and waits until each
 * has ended: delivered (a message: sent, or settled with a reason in the ledger), or back in the queue (it failed
 * again; exit 4, as with events that failed on the server's side). Replaying is safe to repeat: route-event applies
 * an event id once, so a letter whose route had in fact run (it timed out after starting the journey) starts
 * nothing twice; a message keeps its id, and its send claim lets it out once. Nobody gets a message twice.
 */
import type { Command } from 'commander';
import type { ListedDeadLetter } from '../../http/local-api';
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

const LOCAL_ONLY_HINT = 'a deployment older than GET /dlq has no such route: deploy the current stack, or inspect the SQS dead-letter queues and the MessagesParked alarm (docs/operations.md)';

export function registerDlq(program: Command, context: ContextFactory): void {
  const dlq = program.command('dlq').description('route deliveries and message sends that failed every attempt: list and replay them (deployed: parked message sends, ops role)');

  dlq
    .command('list')
    .description('the dead letters, oldest first: kind, route and event (or customer, template and channel), attempts, error, when')
    .option('--limit <n>', 'at most this many, the oldest (1–1000)', wholeNumber(1, 1000))
    .addHelpText('after', '\nExample:\n  $ npx journeys dlq list --json | jq -r \'.deadLetters[].event.id\'')
    .action(async (options: { limit?: number }, command: Command) => list(context(command), options.limit));

  dlq
    .command('replay')
    .description('deliver every dead letter again (events to their route, messages to deliver-message); prints how many were delivered and how many came back')
    .addHelpText('after', '\nExample (after fixing the cause):\n  $ npx journeys dlq replay')
    .action(async (_options: unknown, command: Command) => replay(context(command)));
}

async function list(ctx: CommandContext, limit: number | undefined): Promise<void> {
  const all = await localOnly(async () => (await ctx.client.request<{ deadLetters: ListedDeadLetter[] }>('GET', '/dlq')).body.deadLetters);
  const letters = limit === undefined ? all : all.slice(0, limit);
  if (ctx.out.json) return ctx.out.data({ deadLetters: letters, total: all.length });
  if (all.length === 0) return ctx.out.line('the dead-letter queue is empty');
  const p = ctx.out.palette;
  ctx.out.line(p.bold(`${all.length} dead ${all.length === 1 ? 'letter' : 'letters'}${letters.length < all.length ? ` (the oldest ${letters.length} shown)` : ''}`));
  // One table for both kinds: a message's customer, template and channel stand where a route letter's route, event
  // and type do. A runtime older than the message letters sends no `kind`: its letters are all route letters.
  ctx.out.table(letters, [
    { header: 'AT', value: (letter) => formatInstant(letter.at) },
    { header: 'KIND', value: (letter) => (isMessage(letter) ? 'message' : 'route') },
    { header: 'ROUTE/CUSTOMER', value: (letter) => (isMessage(letter) ? letter.customerId : letter.routeId) },
    { header: 'EVENT/TEMPLATE', value: (letter) => (isMessage(letter) ? letter.template : field(letter.event, 'id')) },
    { header: 'TYPE/CHANNEL', value: (letter) => (isMessage(letter) ? (letter.channel ?? '-') : field(letter.event, 'type')) },
    { header: 'ATTEMPTS', value: (letter) => (isMessage(letter) ? '-' : String(letter.attempts)), align: 'right' },
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

function isMessage(letter: ListedDeadLetter): letter is Extract<ListedDeadLetter, { kind: 'message' }> {
  return letter.kind === 'message';
}

function field(event: unknown, name: 'id' | 'type'): string {
  const value = typeof event === 'object' && event !== null ? (event as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : '-';
}
