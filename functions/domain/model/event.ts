/** The event envelope event sources send (docs/api.md), one schema per event type. */
import * as z from '../zod';
import { Channel, CustomerId, EVENT_TYPES, IncidentSeverity, Instant, Line, Text, Topic } from './primitives';

export { EVENT_TYPES, IncidentSeverity };

const IncidentId = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9._:-]+$/, 'incidentId may contain only letters, digits and . _ : -'));
/**
 * Lifecycle events carry no data: a closed, empty object (absent is the same). Anything else — an email, a phone
 * number, a password — would be copied into execution histories that erasure cannot reach.
 */
const NoData = z._default(z.strictObject({}), {});

const envelope = {
  id: z.string().check(z.minLength(1, 'id must not be empty'), z.maxLength(128), z.regex(/^[A-Za-z0-9._:-]+$/, 'id may contain only letters, digits and . _ : -')),
  occurredAt: Instant,
  source: z.string().check(z.minLength(1), z.maxLength(128)),
  customerId: CustomerId,
};

export const EventSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ ...envelope, type: z.literal('customer.signed_up'), data: NoData }),
    z.strictObject({ ...envelope, type: z.literal('customer.activated'), data: NoData }),
    z.strictObject({ ...envelope, type: z.literal('customer.churned'), data: NoData }),
    z.strictObject({
      ...envelope,
      type: z.literal('customer.unsubscribed'),
      data: z._default(z.strictObject({ topic: z.optional(Topic), channel: z.optional(Channel) }), {}),
    }),
    z.strictObject({
      ...envelope,
      type: z.literal('incident.opened'),
      data: z.strictObject({ incidentId: IncidentId, severity: IncidentSeverity, title: Line(200) }),
    }),
    z.strictObject({
      ...envelope,
      type: z.literal('incident.updated'),
      data: z.strictObject({ incidentId: IncidentId, severity: z.optional(IncidentSeverity), title: z.optional(Line(200)), message: z.optional(Text(1000)) }),
    }),
    z.strictObject({
      ...envelope,
      type: z.literal('incident.resolved'),
      // severity: the incident's last, when the source knows it; a critical one earns a detractor compensation.
      data: z.strictObject({ incidentId: IncidentId, severity: z.optional(IncidentSeverity), resolution: z.optional(Text(1000)) }),
    }),
    z.strictObject({
      ...envelope,
      type: z.literal('survey.responded'),
      data: z.strictObject({
        surveyId: z.string().check(z.minLength(1), z.maxLength(128)),
        score: z.number().check(z.int(), z.gte(0), z.lte(10)),
        comment: z.optional(Text(2000)),
      }),
    }),
  ],
  { error: (issue): string | undefined => (issue.code === 'invalid_union' ? 'unknown event type: expected one of ' + EVENT_TYPES.join(', ') : undefined) },
);

export type JourneyEvent = z.infer<typeof EventSchema>;
export type EventType = JourneyEvent['type'];

/**
 * What of an event a journey execution keeps — its input and the signals that wake it: the envelope and the data
 * fields journeys branch on or put in messages. Never what a customer typed (a survey comment), nor text no
 * journey reads (an incident's resolution note): execution histories keep every state's input and output for
 * 90 days, out of erasure's reach.
 */
const EXECUTION_DATA_FIELDS: { readonly [T in EventType]: readonly string[] } = {
  'customer.signed_up': [],
  'customer.activated': [],
  'customer.churned': [],
  'customer.unsubscribed': ['topic', 'channel'],
  'incident.opened': ['incidentId', 'severity', 'title'],
  'incident.updated': ['incidentId', 'severity', 'title', 'message'],
  'incident.resolved': ['incidentId', 'severity'],
  'survey.responded': ['surveyId', 'score'],
};

export function executionView(event: JourneyEvent): JourneyEvent {
  const data = event.data as Record<string, unknown>;
  const kept = Object.fromEntries(EXECUTION_DATA_FIELDS[event.type].filter((field) => data[field] !== undefined).map((field) => [field, data[field]]));
  return { id: event.id, type: event.type, occurredAt: event.occurredAt, source: event.source, customerId: event.customerId, data: kept } as JourneyEvent;
}

/** `POST /events` takes one event or a batch of up to 100. */
export const MAX_EVENTS_PER_BATCH = 100;
export const EventBatchSchema = z.union([
  z.strictObject({
    events: z.array(z.unknown()).check(z.minLength(1, 'events must not be empty'), z.maxLength(MAX_EVENTS_PER_BATCH, `at most ${MAX_EVENTS_PER_BATCH} events per request`)),
  }),
  z.looseObject({ type: z.unknown() }),
]);
