/**
 * `journeys events send <file|->`: one event, `{"events": [...]}` or a JSON array. Every event is validated
 * locally with the domain's EventSchema first — one bad event and nothing is sent — then posted in batches of
 * up to 100 (the API's limit), and each event's fate is listed: accepted (with the journey it started),
 * duplicate, or failed on the server's side.
 */
import type { Command } from 'commander';
import { EventSchema, MAX_EVENTS_PER_BATCH } from '../../../functions/domain/model/event';
import type { EventsAnswer } from '../api-client';
import type { CommandContext, ContextFactory } from '../context';
import { ApiError, CliError, type FieldIssue } from '../errors';
import { ExitCode } from '../exit-codes';
import { readJsonInput, STDIN } from '../input';
import { assertValid, issuesOf } from '../validation';

export function registerEvents(program: Command, context: ContextFactory): void {
  const events = program.command('events').description('send events that start or advance journeys');
  events
    .command('send')
    .description('validate events locally, then POST them to /events (in batches of 100)')
    .argument('<file>', `JSON file: one event, {"events": [...]} or an array of events; ${STDIN} reads standard input`)
    .addHelpText(
      'after',
      `
Examples:
  $ npx journeys events send signup.json
  $ cat events.json | npx journeys events send -
  $ npx journeys events send batch.json --json | jq '.accepted[].execution'`,
    )
    .action(async (file: string, _options: unknown, command: Command) => sendEvents(context(command), file));
}

/** Some events failed on the server's side after the others were accepted: the script should retry them. */
class EventsFailedError extends CliError {
  readonly exitCode = ExitCode.server;
  readonly code = 'events_failed';
}

async function sendEvents(ctx: CommandContext, file: string): Promise<void> {
  const name = file === STDIN ? 'standard input' : file;
  const { events, batch } = eventsIn(await readJsonInput(file, ctx.io));
  assertValid(validateEvents(events, batch), `events in ${name}`);

  const answer: EventsAnswer = { accepted: [], duplicates: [], failed: [] };
  for (let start = 0; start < events.length; start += MAX_EVENTS_PER_BATCH) {
    const chunk = events.slice(start, start + MAX_EVENTS_PER_BATCH);
    try {
      merge(answer, await ctx.client.postEvents(batch ? { events: chunk } : chunk[0]));
    } catch (error) {
      // A 502 from POST /events still says which events failed; anything else stops here, after showing what
      // earlier batches did so a retry can skip them (they would be duplicates anyway).
      if (error instanceof ApiError && isEventsAnswer(error.body)) merge(answer, error.body);
      else {
        if (start > 0) report(ctx, answer, events);
        throw error;
      }
    }
  }
  report(ctx, answer, events);
  if (answer.failed.length > 0) {
    throw new EventsFailedError(`${answer.failed.length} of ${events.length} events failed on the server's side`, {
      hints: ['send the same file again: accepted events come back as duplicates, failed ones are retried'],
    });
  }
}

/** The events of the document and whether it was a batch (issue paths are then `events[i].…`). */
function eventsIn(document: unknown): { events: unknown[]; batch: boolean } {
  if (Array.isArray(document)) return { events: document, batch: true };
  if (typeof document === 'object' && document !== null && 'events' in document) {
    const { events, ...rest } = document as { events: unknown };
    const issues: FieldIssue[] = Object.keys(rest).map((key) => ({ path: key, message: 'unknown field' }));
    if (!Array.isArray(events)) issues.push({ path: 'events', message: 'must be an array of events' });
    assertValid(issues, 'event batch');
    return { events: events as unknown[], batch: true };
  }
  return { events: [document], batch: false };
}

function validateEvents(events: readonly unknown[], batch: boolean): FieldIssue[] {
  if (events.length === 0) return [{ path: 'events', message: 'must not be empty' }];
  const issues: FieldIssue[] = [];
  // The API refuses the same id twice in one request; across our batches it would silently be a duplicate.
  const firstIndexOf = new Map<string, number>();
  events.forEach((event, index) => {
    issues.push(...issuesOf(EventSchema, event, batch ? `events[${index}]` : ''));
    const id = (event as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') return;
    const earlier = firstIndexOf.get(id);
    if (earlier === undefined) firstIndexOf.set(id, index);
    else issues.push({ path: `events[${index}].id`, message: `repeats the id of events[${earlier}]: every event needs its own id` });
  });
  return issues;
}

function merge(into: EventsAnswer, answer: EventsAnswer): void {
  into.accepted.push(...answer.accepted);
  into.duplicates.push(...answer.duplicates);
  into.failed.push(...(answer.failed ?? []));
}

function isEventsAnswer(body: unknown): body is EventsAnswer {
  return typeof body === 'object' && body !== null && Array.isArray((body as EventsAnswer).accepted) && Array.isArray((body as EventsAnswer).failed);
}

interface EventRow {
  id: string;
  type: string;
  customer: string;
  result: 'accepted' | 'duplicate' | 'failed';
  journey: string;
  execution: string;
}

function report(ctx: CommandContext, answer: EventsAnswer, events: readonly unknown[]): void {
  if (ctx.out.json) return ctx.out.data(answer);
  const { palette: p } = ctx.out;
  const started = answer.accepted.filter((event) => event.journey !== null).length;
  ctx.out.line(
    `${p.green(`${answer.accepted.length} accepted`)} (${started} started a journey), ` +
      `${answer.duplicates.length} ${answer.duplicates.length === 1 ? 'duplicate' : 'duplicates'}, ` +
      `${(answer.failed.length > 0 ? p.red : (text: string) => text)(`${answer.failed.length} failed`)}`,
  );
  const byId = new Map(events.map((event) => [String((event as { id?: unknown }).id), event as { type?: unknown; customerId?: unknown }]));
  const row = (id: string, result: EventRow['result'], journey = '', execution = ''): EventRow => ({
    id,
    type: String(byId.get(id)?.type ?? ''),
    customer: String(byId.get(id)?.customerId ?? ''),
    result,
    journey,
    execution,
  });
  const rows = [
    ...answer.accepted.map((a) => row(a.id, 'accepted', a.journey ?? '-', a.execution ?? '-')),
    ...answer.duplicates.map((id) => row(id, 'duplicate')),
    ...answer.failed.map((f) => row(f.id, 'failed', '', `${f.code}: ${f.message}`)),
  ];
  if (rows.length === 0) return;
  const colorOf: Record<EventRow['result'], (text: string) => string> = { accepted: p.green, duplicate: p.yellow, failed: p.red };
  ctx.out.line();
  ctx.out.table(rows, [
    { header: 'ID', value: (r) => r.id },
    { header: 'TYPE', value: (r) => r.type },
    { header: 'CUSTOMER', value: (r) => r.customer },
    { header: 'RESULT', value: (r) => r.result, color: (cell, _value, r) => colorOf[r.result](cell) },
    { header: 'JOURNEY', value: (r) => r.journey },
    { header: 'EXECUTION', value: (r) => r.execution, flex: true },
  ]);
}
