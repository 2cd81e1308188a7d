/**
 * Taking events onto the journeys bus (`POST /events`, api-events.ts): each id is claimed for de-duplication, an id
 * seen before is a duplicate and put nowhere; claimed events go to the bus in PutEvents batches of up to 10, entries
 * refused for a transient reason are put again with backoff and jitter (adapters/event-publisher.ts). An entry still
 * refused and an id whose claim could not be taken are answered as `failed`, their claims released so a retry is
 * accepted — an event is never dropped silently.
 */
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { putEventsReliably } from '../adapters/event-publisher';
import type { JourneyEvent } from '../domain/model/event';
import type { JourneyName } from '../domain/model/primitives';
import { executionName, startRoutes } from '../../contracts/routes';
import { settleLimit } from '../handlers/runtime/concurrency';
import { config } from '../handlers/runtime/config';
import { dependencies } from '../handlers/runtime/dependencies';
import { logger } from '../handlers/runtime/logger';
import { count } from '../handlers/runtime/metrics';
import '../handlers/runtime/wiring/event-bus'; // builds the eventBridge this module uses (runtime/dependencies.ts)
import '../handlers/runtime/wiring/events'; // builds the event deduplication this module uses (runtime/dependencies.ts)

/** PutEvents takes at most 10 entries per call. */
const MAX_ENTRIES_PER_PUT = 10;
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

export async function putEvents(events: JourneyEvent[]): Promise<EventsAnswer> {
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
