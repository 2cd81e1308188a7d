/**
 * `POST /events`: one event or `{"events": [...]}` (at most 100) from an event source, put on the journeys bus
 * (services/events.ts). Every event is validated before anything is written: one bad event refuses the whole
 * request (400, issues prefixed `events[3].…`; a single event has no prefix). The same id twice in one request is
 * a 400 too.
 * Answer: 202 with `accepted` (and the journey each starts, with its execution name), `duplicates` and `failed`;
 * 502 with the same body and an `error` when nothing was accepted and something failed.
 */
import { ValidationError, type FieldIssue } from '../domain/errors';
import { EventBatchSchema, EventSchema, type JourneyEvent } from '../domain/model/event';
import { parseOrThrow, toFieldIssues } from '../domain/validation';
import { putEvents } from '../services/events';
import { byMethod, httpHandler } from './middleware/http-handler';
import type { JsonEvent } from './middleware/json-body';
import { json } from './middleware/responses';
import { logger } from './runtime/logger';

export const MAX_EVENTS_BODY_BYTES = 256 * 1024;
/** A batch with hundreds of problems does not need all of them listed. */
const MAX_ISSUES = 200;

const BatchEnvelope = EventBatchSchema.def.options[0];

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
