/**
 * Events on the bus. Two ways bad input reaches the journeys bus, both refused with a reason, neither dropped:
 *
 * 1. `PutEvents` (the AWS SDK against the runtime, as event sources send): an entry that is not a Journeys event
 *    envelope fails with the service's error codes (`InvalidArgument` naming the field, `MalformedDetail`,
 *    `ResourceNotFoundException` for another bus — local/README.md "Deliberate differences"); a request the
 *    service refuses whole throws `ValidationException`. Nothing is routed.
 * 2. A malformed delivery reaching route-event (a rule's input transformer or a replayed dead letter gone wrong):
 *    route-event refuses it (ValidationError naming the field, or an unknown route), the bus retries it and parks
 *    it in the dead-letter queue with that reason. No journey starts, nothing is written.
 */

export const GOOD_EVENT = {
  id: 'bus-corpus-1',
  type: 'incident.opened',
  occurredAt: '2026-11-23T10:00:00Z',
  source: 'corpus',
  customerId: 'c-1',
  data: { incidentId: 'INC-1', severity: 'critical', title: 'Card payments failing' },
};

export interface PutEventsEntry {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  EventBusName?: string;
}

export interface PutEventsCase {
  guards: string;
  entries: PutEventsEntry[];
  /** The entry's ErrorCode, or the exception the whole request fails with. */
  entryError?: string;
  requestError?: string;
  /** Words the error message must contain (the field it blames). */
  mentions: string[];
}

const entry = (detail: unknown, overrides: Partial<PutEventsEntry> = {}): PutEventsEntry => ({
  Source: 'corpus',
  DetailType: typeof detail === 'object' && detail !== null && 'type' in detail ? String((detail as { type: unknown }).type) : 'incident.opened',
  Detail: typeof detail === 'string' ? detail : JSON.stringify(detail),
  EventBusName: 'journeys',
  ...overrides,
});
const event = (overrides: Record<string, unknown>) => ({ ...GOOD_EVENT, ...overrides });
const data = (overrides: Record<string, unknown>) => event({ data: { ...GOOD_EVENT.data, ...overrides } });
const without = (field: string) => Object.fromEntries(Object.entries(GOOD_EVENT).filter(([key]) => key !== field));

export const PUT_EVENTS_CASES: PutEventsCase[] = [
  // ── Detail that is not an object ───────────────────────────────────────────────────────────────────────
  { guards: 'Detail that is not JSON', entries: [entry('{"id": ')], entryError: 'MalformedDetail', mentions: ['Detail'] },
  { guards: 'Detail that is a JSON array', entries: [entry('[1,2]')], entryError: 'MalformedDetail', mentions: ['Detail'] },
  { guards: 'Detail that is null', entries: [entry('null')], entryError: 'MalformedDetail', mentions: ['Detail'] },
  { guards: 'Detail that is a JSON string', entries: [entry('"incident.opened"')], entryError: 'MalformedDetail', mentions: ['Detail'] },
  // ── Missing entry fields ───────────────────────────────────────────────────────────────────────────────
  { guards: 'no Source', entries: [{ ...entry(GOOD_EVENT), Source: undefined }], entryError: 'InvalidArgument', mentions: ['Source'] },
  { guards: 'an empty Source', entries: [entry(GOOD_EVENT, { Source: '' })], entryError: 'InvalidArgument', mentions: ['Source'] },
  { guards: 'no DetailType', entries: [{ ...entry(GOOD_EVENT), DetailType: undefined }], entryError: 'InvalidArgument', mentions: ['DetailType'] },
  { guards: 'no Detail', entries: [{ ...entry(GOOD_EVENT), Detail: undefined }], entryError: 'InvalidArgument', mentions: ['Detail'] },
  // ── Wrong detail-type, wrong bus ───────────────────────────────────────────────────────────────────────
  { guards: 'a DetailType that is not the event type (would match the wrong rule)', entries: [entry(GOOD_EVENT, { DetailType: 'customer.signed_up' })], entryError: 'InvalidArgument', mentions: ['DetailType', 'incident.opened'] },
  { guards: 'a DetailType of an unknown type', entries: [entry(GOOD_EVENT, { DetailType: 'incident.exploded' })], entryError: 'InvalidArgument', mentions: ['DetailType'] },
  { guards: 'a bus that does not exist', entries: [entry(GOOD_EVENT, { EventBusName: 'jorneys' })], entryError: 'ResourceNotFoundException', mentions: ['jorneys'] },
  { guards: "another account's bus ARN", entries: [entry(GOOD_EVENT, { EventBusName: 'arn:aws:events:eu-central-1:999999999999:event-bus/other' })], entryError: 'ResourceNotFoundException', mentions: ['other'] },
  // ── Envelope fields ────────────────────────────────────────────────────────────────────────────────────
  { guards: 'an unknown event type', entries: [entry(event({ type: 'incident.exploded' }))], entryError: 'InvalidArgument', mentions: ['unknown event type'] },
  { guards: 'no customerId', entries: [entry(without('customerId'))], entryError: 'InvalidArgument', mentions: ['customerId'] },
  { guards: 'no id (de-duplication impossible)', entries: [entry(without('id'))], entryError: 'InvalidArgument', mentions: ['id'] },
  { guards: 'no occurredAt', entries: [entry(without('occurredAt'))], entryError: 'InvalidArgument', mentions: ['occurredAt'] },
  { guards: 'an impossible date (month 13)', entries: [entry(event({ occurredAt: '2026-13-01T10:00:00Z' }))], entryError: 'InvalidArgument', mentions: ['occurredAt'] },
  { guards: 'a date without a time zone', entries: [entry(event({ occurredAt: '2026-11-23T10:00:00' }))], entryError: 'InvalidArgument', mentions: ['occurredAt'] },
  { guards: 'a hostile customerId', entries: [entry(event({ customerId: '<script>alert(1)</script>' }))], entryError: 'InvalidArgument', mentions: ['customerId'] },
  { guards: 'an unknown envelope field', entries: [entry(event({ priority: 'high' }))], entryError: 'InvalidArgument', mentions: ['priority'] },
  // ── Data fields ────────────────────────────────────────────────────────────────────────────────────────
  { guards: 'an incident without a title', entries: [entry(event({ data: { incidentId: 'INC-1', severity: 'major' } }))], entryError: 'InvalidArgument', mentions: ['data.title'] },
  { guards: 'an unknown incident severity', entries: [entry(data({ severity: 'apocalyptic' }))], entryError: 'InvalidArgument', mentions: ['data.severity'] },
  { guards: 'CR/LF in an incident title (header injection)', entries: [entry(data({ title: 'Down\r\nBcc: all@example.com' }))], entryError: 'InvalidArgument', mentions: ['data.title'] },
  { guards: 'a bidirectional override in an incident title', entries: [entry(data({ title: 'Refund \u202Egnp.exe' }))], entryError: 'InvalidArgument', mentions: ['data.title'] },
  { guards: 'a survey score of 11', entries: [entry(event({ type: 'survey.responded', data: { surveyId: 's-1', score: 11 } }))], entryError: 'InvalidArgument', mentions: ['data.score'] },
  { guards: 'a survey score as a string', entries: [entry(event({ type: 'survey.responded', data: { surveyId: 's-1', score: '7' } }))], entryError: 'InvalidArgument', mentions: ['data.score'] },
  { guards: 'unsubscribing from an unknown topic', entries: [entry(event({ type: 'customer.unsubscribed', data: { topic: 'spam' } }))], entryError: 'InvalidArgument', mentions: ['data.topic'] },
  { guards: 'a 10 kB incident title', entries: [entry(data({ title: 'x'.repeat(10_000) }))], entryError: 'InvalidArgument', mentions: ['data.title'] },
  // ── JSON structure in Detail ───────────────────────────────────────────────────────────────────────────
  { guards: 'a repeated key in Detail', entries: [entry(JSON.stringify(GOOD_EVENT).replace('"customerId":', '"customerId":"c-2","customerId":'), { DetailType: 'incident.opened' })], entryError: 'InvalidArgument', mentions: ['customerId', 'repeats'] },
  { guards: '__proto__ in Detail', entries: [entry(JSON.stringify(event({ type: 'customer.signed_up', data: {} })).replace('"data":{}', '"data":{"__proto__":{"x":1}}'), { DetailType: 'customer.signed_up' })], entryError: 'InvalidArgument', mentions: ['data.__proto__'] },
  { guards: 'Detail nested 1000 levels deep', entries: [entry(JSON.stringify(event({ type: 'customer.signed_up', data: {} })).replace('"data":{}', `"data":${'{"a":'.repeat(1000)}1${'}'.repeat(1000)}`), { DetailType: 'customer.signed_up' })], entryError: 'InvalidArgument', mentions: ['nested deeper'] },
  // ── Requests the service refuses whole ─────────────────────────────────────────────────────────────────
  { guards: 'an entry over 256 KB', entries: [entry(event({ data: { ...GOOD_EVENT.data, title: 'x'.repeat(300 * 1024) } }))], requestError: 'ValidationException', mentions: ['size'] },
  { guards: 'eleven entries in one request (the limit is ten)', entries: Array.from({ length: 11 }, (_, index) => entry(event({ id: `bus-corpus-many-${index}` }))), requestError: 'ValidationException', mentions: ['entries'] },
];

export interface DeliveryCase {
  guards: string;
  /** What reaches route-event: `{routeId, event}` as the rule's input transformer builds it. */
  routeId: string;
  event: unknown;
  /** Words the dead letter's error must contain. */
  mentions: string[];
}

export const DELIVERY_CASES: DeliveryCase[] = [
  { guards: 'a route that does not exist', routeId: 'start-billing-on-incident.opened', event: GOOD_EVENT, mentions: ['start-billing-on-incident.opened', 'does not exist'] },
  { guards: 'the route of another event type', routeId: 'start-onboarding-on-customer.signed_up', event: GOOD_EVENT, mentions: ['does not exist for incident.opened'] },
  { guards: 'an empty route id', routeId: '', event: GOOD_EVENT, mentions: ['routeId'] },
  { guards: 'an event without a customerId', routeId: 'start-incident-on-incident.opened', event: without('customerId'), mentions: ['customerId'] },
  { guards: 'an event of an unknown type', routeId: 'start-incident-on-incident.opened', event: event({ type: 'incident.exploded' }), mentions: ['unknown event type'] },
  { guards: 'an incident with a bad severity', routeId: 'start-incident-on-incident.opened', event: data({ severity: 'apocalyptic' }), mentions: ['data.severity'] },
  { guards: 'a hostile customer id', routeId: 'start-incident-on-incident.opened', event: event({ customerId: '../../CRISIS' }), mentions: ['customerId'] },
  { guards: 'no event at all', routeId: 'start-incident-on-incident.opened', event: null, mentions: ['event'] },
  { guards: 'a survey answer with a fractional score', routeId: 'signal-on-survey.responded', event: event({ type: 'survey.responded', data: { surveyId: 's-1', score: 7.5 } }), mentions: ['data.score'] },
  { guards: 'an opt-out from an unknown channel', routeId: 'apply-on-customer.unsubscribed', event: event({ type: 'customer.unsubscribed', data: { channel: 'fax' } }), mentions: ['data.channel'] },
];
