/**
 * `POST /events`: one event or `{"events": [...]}` (at most 100) from an event source, put on the journeys bus.
 *
 * 1. Every event is validated before anything is written: one bad event refuses the whole request (400, issues
 *    prefixed `events[3].…`; a single event has no prefix). The same id twice in one request is a 400 too.
 * 2. Each id is claimed (de-duplication): an id seen before is listed in `duplicates` and put nowhere.
 * 3. Claimed events go to the bus in PutEvents batches of up to 10; entries refused for a transient reason
 *    (`InternalFailure`, throttling, a call that failed) are put again with backoff and jitter
 *    (adapters/event-publisher.ts). An entry still refused (`Entries[i].ErrorCode`) and an id whose claim could
 *    not be taken are listed in `failed` with a code and a message, and their claims are released so a retry is
 *    accepted — an event is never dropped silently.
 * Answer: 202 with `accepted` (and the journey each starts, with its execution name), `duplicates` and `failed`;
 * 502 with the same body and an `error` when nothing was accepted and something failed.
 */
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { putEventsReliably } from '../adapters/event-publisher';
import { ValidationError, type FieldIssue } from '../domain/errors';
import { EventBatchSchema, EventSchema, type JourneyEvent } from '../domain/model/event';
import type { JourneyName } from '../domain/model/primitives';
import { parseOrThrow, toFieldIssues } from '../domain/validation';
import { executionName, startRoutes } from '../../contracts/routes';
import { byMethod, httpHandler } from './middleware/http-handler';
import type { JsonEvent } from './middleware/json-body';
import { json } from './middleware/responses';
import { settleLimit } from './runtime/concurrency';
import { config } from './runtime/config';
import { dependencies } from './runtime/dependencies';
import { logger } from './runtime/logger';
import { count } from './runtime/metrics';

/** PutEvents takes at most 10 entries per call. */
export const MAX_ENTRIES_PER_PUT = 10;
export const MAX_EVENTS_BODY_BYTES = 256 * 1024;
/** A batch with hundreds of problems does not need all of them listed. */
const MAX_ISSUES = 200;
const PARALLEL_CALLS = 10;

export interface AcceptedEvent {
  id: string;
  journey: JourneyName | null;
  execution: string | null;
}

export interface FailedEvent {
  id: string;
  code: string;
  message: string;
}

export interface EventsAnswer {
  accepted: AcceptedEvent[];
  duplicates: string[];
  failed: FailedEvent[];
}

const BatchEnvelope = EventBatchSchema.options[0];

export const handler = httpHandler(byMethod({ POST: postEvents }), { maxBodyBytes: MAX_EVENTS_BODY_BYTES });

async function postEvents(event: JsonEvent) {
  const events = parseEvents(event.json);
  const answer = await putEvents(events);
  logger.info('events received', { accepted: answer.accepted.length, duplicates: answer.duplicates.length, failed: answer.failed.length });
  if (answer.accepted.length === 0 && answer.failed.length > 0) {
    return json(502, {
      ...answer,
      error: { code: 'event_bus_failed', message: `none of the events could be put on the event bus (${answer.failed.length} failed); retry them` },
    });
  }
  return json(202, answer);
}

/** All events of the request, valid, or a ValidationError listing every problem of every event. */
export function parseEvents(body: unknown): JourneyEvent[] {
  if (body === undefined) throw new ValidationError('the request needs a JSON body: one event or {"events": [...]}', [{ path: '(body)', message: 'required' }]);
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !('events' in body)) return [parseOrThrow(EventSchema, body, 'event')];

  const batch = parseOrThrow(BatchEnvelope, body, 'event batch');
  const events: JourneyEvent[] = [];
  const issues: FieldIssue[] = [];
  const firstIndexOf = new Map<string, number>();
  batch.events.forEach((raw, index) => {
    const parsed = EventSchema.safeParse(raw);
    if (!parsed.success) {
      issues.push(...toFieldIssues(parsed.error, `events[${index}]`));
      return;
    }
    const earlier = firstIndexOf.get(parsed.data.id);
    if (earlier !== undefined) issues.push({ path: `events[${index}].id`, message: `repeats the id of events[${earlier}]: every event needs its own id` });
    else firstIndexOf.set(parsed.data.id, index);
    events.push(parsed.data);
  });
  if (issues.length > 0) {
    const first = issues[0]!;
    throw new ValidationError(`invalid events: ${first.path}: ${first.message}`, issues.slice(0, MAX_ISSUES));
  }
  return events;
}

async function putEvents(events: JourneyEvent[]): Promise<EventsAnswer> {
  const batches: JourneyEvent[][] = [];
  for (let i = 0; i < events.length; i += MAX_ENTRIES_PER_PUT) batches.push(events.slice(i, i + MAX_ENTRIES_PER_PUT));
  const results = await Promise.all(batches.map((batch) => putBatch(batch)));
  return {
    accepted: results.flatMap((r) => r.accepted),
    duplicates: results.flatMap((r) => r.duplicates),
    failed: results.flatMap((r) => r.failed),
  };
}

async function putBatch(batch: JourneyEvent[]): Promise<EventsAnswer> {
  const { events: dedup } = dependencies();
  const answer: EventsAnswer = { accepted: [], duplicates: [], failed: [] };
  const claims = await settleLimit(batch, PARALLEL_CALLS, (event) => dedup.claimEventId(event.id, undefined, { customerId: event.customerId, eventType: event.type }));
  const claimed: JourneyEvent[] = [];
  claims.forEach((claim, index) => {
    const event = batch[index]!;
    if (claim.status === 'rejected') {
      // We cannot tell whether the id is new: put nothing, and let the source retry it.
      logger.error('could not claim an event id', { eventId: event.id, error: claim.reason as Error });
      answer.failed.push({ id: event.id, code: 'DeduplicationUnavailable', message: 'the event could not be checked for duplicates; retry it' });
    } else if (claim.value) {
      claimed.push(event);
    } else {
      answer.duplicates.push(event.id);
    }
  });
  if (claimed.length > 0) await sendToBus(claimed, answer);
  if (answer.duplicates.length > 0) logger.info('duplicate events skipped', { eventIds: answer.duplicates });
  answer.duplicates.forEach(() => count('EventsDuplicate', {}));
  answer.failed.forEach((failed) => count('EventsFailed', { code: failed.code }));
  return answer;
}

async function sendToBus(events: JourneyEvent[], answer: EventsAnswer): Promise<void> {
  const { eventBridge } = dependencies();
  const busName = config().EVENT_BUS_NAME;
  const results = await putEventsReliably(eventBridge, events.map((event) => toEntry(event, busName)));
  const failures: { event: JourneyEvent; code: string; message: string }[] = [];
  events.forEach((event, index) => {
    const result = results[index];
    if (result?.ok) {
      answer.accepted.push(acceptedAs(event));
      count('EventsAccepted', { type: event.type });
    } else {
      failures.push({ event, code: result?.code ?? 'MissingResult', message: result?.message ?? 'the event bus returned no result for this event; retry it' });
    }
  });
  if (failures.length > 0) {
    logger.warn('the event bus refused some events', { failed: failures.map((f) => ({ eventId: f.event.id, code: f.code })) });
    await releaseAll(failures, answer);
  }
}

/** Gives the claims back so a retry is accepted, and reports each event as failed. */
async function releaseAll(failures: { event: JourneyEvent; code: string; message: string }[], answer: EventsAnswer): Promise<void> {
  const { events: dedup } = dependencies();
  const releases = await settleLimit(failures, PARALLEL_CALLS, ({ event }) => dedup.releaseEventId(event.id, { customerId: event.customerId, eventType: event.type }));
  failures.forEach(({ event, code, message }, index) => {
    const released = releases[index]?.status === 'fulfilled';
    if (!released) logger.error('could not release the claim of a failed event', { eventId: event.id });
    answer.failed.push({
      id: event.id,
      code,
      message: released ? message : `${message} (its id could not be released: a retry within 7 days may be reported as a duplicate)`,
    });
  });
}

function toEntry(event: JourneyEvent, busName: string): PutEventsRequestEntry {
  return {
    EventBusName: busName,
    Source: event.source,
    DetailType: event.type,
    Detail: JSON.stringify(event),
    Time: new Date(event.occurredAt),
  };
}

function acceptedAs(event: JourneyEvent): AcceptedEvent {
  const route = startRoutes(event.type)[0];
  return route ? { id: event.id, journey: route.journey, execution: executionName(route.journey, event.id) } : { id: event.id, journey: null, execution: null };
}
