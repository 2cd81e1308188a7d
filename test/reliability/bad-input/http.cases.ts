/**
 * The HTTP surface, sent to the real local runtime's HTTP server (not to handler functions): its body limit,
 * API Gateway's proxy event (percent-encoded path parameters, base64 for non-UTF-8 bodies, repeated query values)
 * and the handlers behind it. Every case is refused with its documented status, error code and, where there is
 * a field to blame, the issue path (docs/api.md: `{"error": {"code", "message", "issues": [{"path"}]}}`).
 *
 * Documented limits these cases rely on: request bodies ≤ 1 MiB at the runtime (local/README.md), per route
 * 64 KiB profiles and crisis, 256 KiB events, 16 KiB surveys, 4 KiB unsubscribe (413); request line and headers
 * ≤ 16 KiB (Node's limit; 431, no body); JSON bodies must be UTF-8, must not repeat a key or use `__proto__`,
 * and nest at most 32 levels (functions/domain/json-structure.ts).
 *
 * Setup the cases assume (http.test.ts): customer `c-1` exists; a crisis is active at version 2.
 */

export interface HttpCase {
  /** What the case guards against: the test's name. */
  guards: string;
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  path: string;
  /** JSON-encoded when an object; strings and Buffers are sent as they are. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Send the on-call bearer token (the crisis routes). */
  onCall?: boolean;
  status: number;
  /** The error code; absent where the answer has no body (431 from the HTTP parser). */
  code?: string;
  /** The issue path the error names (every issue of the answer): required for a 400. */
  issue?: string;
}

const JSON_TYPE = { 'content-type': 'application/json' };
const FORM_TYPE = { 'content-type': 'application/x-www-form-urlencoded' };
const V = 'validation_failed';

export const PROFILE = {
  email: 'ana@example.com',
  phone: '+421900123456',
  locale: 'sk',
  timeZone: 'Europe/Bratislava',
  segment: { region: 'eu-central' },
  consents: { offers: true },
  channelPreferences: ['email', 'sms'],
};
const EVENT = {
  id: 'bad-http-1',
  type: 'incident.opened',
  occurredAt: '2026-11-23T10:00:00Z',
  source: 'corpus',
  customerId: 'c-1',
  data: { incidentId: 'INC-1', severity: 'critical', title: 'Card payments failing' },
};
const json = (value: unknown) => JSON.stringify(value);
/** `{"a": …}` nested `levels` deep around `inner`. */
const nested = (levels: number, inner = '1') => `${'{"a":'.repeat(levels)}${inner}${'}'.repeat(levels)}`;
/** The path of the first value past the 32-level limit, under `field` (the body is level 1, `field` level 2). */
const tooDeep = (field: string, step: string) => `${field}${step.repeat(31)}`;
const padded = (bytes: number) => json({ ...PROFILE, name: 'Ana', padding: 'x'.repeat(bytes) });
const utf8Body = (...parts: (string | number[])[]) => Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : Buffer.from(part))));
const putProfile = (body: unknown, extra: Partial<HttpCase> = {}) => ({ method: 'PUT' as const, path: '/profiles/c-1', body, headers: JSON_TYPE, ...extra });
const postEvent = (body: unknown, extra: Partial<HttpCase> = {}) => ({ method: 'POST' as const, path: '/events', body, headers: JSON_TYPE, ...extra });
/** `ifMatch: null` sends no If-Match header (undefined would take the default). */
const putCrisis = (body: unknown, ifMatch: string | null = '"2"', extra: Partial<HttpCase> = {}) => ({
  method: 'PUT' as const,
  path: '/crisis',
  body,
  onCall: true,
  headers: { ...JSON_TYPE, ...(ifMatch === null ? {} : { 'if-match': ifMatch }) },
  ...extra,
});
const answer = (body: unknown, extra: Partial<HttpCase> = {}) => ({ method: 'POST' as const, path: '/surveys/tok-corpus', body, headers: JSON_TYPE, ...extra });
const get = (path: string, extra: Partial<HttpCase> = {}) => ({ method: 'GET' as const, path, ...extra });

export const HTTP_CASES: HttpCase[] = [
  // ── Oversized bodies ────────────────────────────────────────────────────────────────────────────────────
  { guards: 'a profile one byte over its 64 KiB limit', ...putProfile(padded(64 * 1024)), status: 413, code: 'payload_too_large' },
  { guards: 'an events body over its 256 KiB limit', ...postEvent(json({ events: [EVENT], pad: 'x'.repeat(256 * 1024) })), status: 413, code: 'payload_too_large' },
  { guards: 'a crisis change over its 64 KiB limit', ...putCrisis(json({ headline: 'Payments outage', pad: 'x'.repeat(65 * 1024) })), status: 413, code: 'payload_too_large' },
  { guards: 'a survey answer over its 16 KiB limit', ...answer(json({ score: 5, comment: 'x'.repeat(17 * 1024) })), status: 413, code: 'payload_too_large' },
  { guards: 'a one-click unsubscribe over its 4 KiB limit', method: 'POST', path: '/unsubscribe?token=x', body: `List-Unsubscribe=One-Click&pad=${'x'.repeat(5000)}`, headers: FORM_TYPE, status: 413, code: 'payload_too_large' },
  { guards: 'a body over the runtime-wide 1 MiB limit (refused before any handler)', ...postEvent(Buffer.alloc(1024 * 1024 + 1, 0x20)), status: 413, code: 'payload_too_large' },
  { guards: 'a 3 MiB profile (the runtime stops reading)', ...putProfile(padded(3 * 1024 * 1024)), status: 413, code: 'payload_too_large' },

  // ── Invalid UTF-8 in JSON bodies ────────────────────────────────────────────────────────────────────────
  { guards: 'a two-byte sequence with a bad continuation (C3 28) in a profile', ...putProfile(utf8Body('{"name":"', [0xc3, 0x28], '"}')), status: 400, code: V, issue: '(body)' },
  { guards: 'a lone continuation byte (80) in an event', ...postEvent(utf8Body('{"id":"', [0x80], '"}')), status: 400, code: V, issue: '(body)' },
  { guards: 'an overlong encoding of "/" (C0 AF) in an event', ...postEvent(utf8Body('{"id":"', [0xc0, 0xaf], '"}')), status: 400, code: V, issue: '(body)' },
  { guards: 'a UTF-8-encoded surrogate (ED A0 80) in a profile name', ...putProfile(utf8Body('{"name":"', [0xed, 0xa0, 0x80], '"}')), status: 400, code: V, issue: '(body)' },
  { guards: 'a multi-byte sequence cut off at the end of a crisis body', ...putCrisis(utf8Body('{"headline":"Outage ', [0xe2, 0x82])), status: 400, code: V, issue: '(body)' },
  { guards: 'an invalid byte (FF) inside a survey answer', ...answer(utf8Body('{"score":5,"comment":"', [0xff], '"}')), status: 400, code: V, issue: '(body)' },
  { guards: 'Latin-1 bytes declared as JSON (é as E9)', ...putProfile(utf8Body('{"name":"Ren', [0xe9], '"}')), status: 400, code: V, issue: '(body)' },
  { guards: 'a gzip-compressed body the runtime does not inflate', ...postEvent(Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xab, 0xae, 0x05, 0x00]), { headers: { ...JSON_TYPE, 'content-encoding': 'gzip' } }), status: 400, code: V, issue: '(body)' },

  // ── Wrong content types ─────────────────────────────────────────────────────────────────────────────────
  { guards: 'a profile sent as text/plain', ...putProfile(json(PROFILE), { headers: { 'content-type': 'text/plain' } }), status: 415, code: 'unsupported_media_type' },
  { guards: 'events sent as XML', ...postEvent('<event id="1"/>', { headers: { 'content-type': 'application/xml' } }), status: 415, code: 'unsupported_media_type' },
  { guards: 'a crisis declared as multipart/form-data', ...putCrisis('--x\r\nContent-Disposition: form-data; name="headline"\r\n\r\nOutage\r\n--x--', '"2"', { headers: { 'content-type': 'multipart/form-data; boundary=x', 'if-match': '"2"' } }), status: 415, code: 'unsupported_media_type' },
  { guards: 'events as a form post', ...postEvent('id=1&type=incident.opened', { headers: FORM_TYPE }), status: 415, code: 'unsupported_media_type' },
  { guards: 'a survey answer as text/html', ...answer('<p>5</p>', { headers: { 'content-type': 'text/html' } }), status: 415, code: 'unsupported_media_type' },
  { guards: 'a one-click unsubscribe as JSON (RFC 8058 says form)', method: 'POST', path: '/unsubscribe?token=x', body: '{"List-Unsubscribe":"One-Click"}', headers: JSON_TYPE, status: 415, code: 'unsupported_media_type' },
  { guards: 'a profile as application/octet-stream (a binary body at the gateway)', ...putProfile(json(PROFILE), { headers: { 'content-type': 'application/octet-stream' } }), status: 415, code: 'unsupported_media_type' },
  { guards: 'a JSON look-alike media type (application/jsonp)', ...postEvent(json(EVENT), { headers: { 'content-type': 'application/jsonp' } }), status: 415, code: 'unsupported_media_type' },
  { guards: 'UTF-16 JSON (NUL bytes between the characters)', ...putProfile(Buffer.from(json(PROFILE), 'utf16le'), { headers: { 'content-type': 'application/json; charset=utf-16' } }), status: 400, code: V, issue: '(body)' },

  // ── Repeated keys and prototype keys ────────────────────────────────────────────────────────────────────
  { guards: 'the email given twice (parsers disagree which one counts)', ...putProfile('{"email":"ana@example.com","email":"mallory@example.com"}'), status: 400, code: V, issue: 'email' },
  { guards: 'a segment key given twice', ...putProfile('{"segment":{"region":"eu-central","region":"us-east"}}'), status: 400, code: V, issue: 'segment.region' },
  { guards: 'the event type given twice', ...postEvent(json(EVENT).replace('"type":', '"type":"customer.signed_up","type":')), status: 400, code: V, issue: 'type' },
  { guards: 'a repeated key deep in a batch', ...postEvent(`{"events":[${json(EVENT)},${json({ ...EVENT, id: 'bad-http-2' }).replace('"severity":', '"severity":"minor","severity":')}]}`), status: 400, code: V, issue: 'events[1].data.severity' },
  { guards: 'the crisis headline given twice', ...putCrisis('{"headline":"Payments outage","headline":"All fine"}'), status: 400, code: V, issue: 'headline' },
  { guards: 'the survey score given twice', ...answer('{"score":0,"score":10}'), status: 400, code: V, issue: 'score' },
  { guards: '__proto__ at the top of a profile', ...putProfile('{"email":"ana@example.com","__proto__":{"isAdmin":true}}'), status: 400, code: V, issue: '__proto__' },
  { guards: '__proto__ inside segment (zod used to drop it silently)', ...putProfile('{"segment":{"__proto__":"x"}}'), status: 400, code: V, issue: 'segment.__proto__' },
  { guards: '__proto__ inside consents (dropped silently before)', ...putProfile('{"consents":{"__proto__":true}}'), status: 400, code: V, issue: 'consents.__proto__' },
  { guards: '__proto__ spelled with escapes', ...putProfile('{"\\u005f\\u005fproto\\u005f\\u005f":{"polluted":1}}'), status: 400, code: V, issue: '__proto__' },
  { guards: "__proto__ in a signed-up event's open-ended data", ...postEvent(json({ ...EVENT, type: 'customer.signed_up', data: {} }).replace('"data":{}', '"data":{"__proto__":{"x":1}}')), status: 400, code: V, issue: 'data.__proto__' },
  { guards: '__proto__ in a crisis audience', ...putCrisis('{"affected":{"__proto__":["x"]}}'), status: 400, code: V, issue: 'affected.__proto__' },
  { guards: 'constructor at the top of a profile', ...putProfile(json({ ...PROFILE, constructor: { prototype: { isAdmin: true } } })), status: 400, code: V, issue: 'constructor' },
  { guards: 'constructor as a consent topic', ...putProfile(json({ ...PROFILE, consents: { constructor: true } })), status: 400, code: V, issue: 'consents.constructor' },
  { guards: "constructor in an incident's data", ...postEvent(json({ ...EVENT, data: { ...EVENT.data, constructor: 'x' } })), status: 400, code: V, issue: 'data.constructor' },

  // ── Deep nesting ───────────────────────────────────────────────────────────────────────────────────────
  { guards: "5000 levels in a signed-up event's open-ended data", ...postEvent(json({ ...EVENT, type: 'customer.signed_up', data: {} }).replace('"data":{}', `"data":${nested(5000)}`)), status: 400, code: V, issue: tooDeep('data', '.a') },
  { guards: '20000 nested arrays in an event', ...postEvent(`{"id":"x","data":${'['.repeat(20000)}${']'.repeat(20000)}}`), status: 400, code: V, issue: tooDeep('data', '[0]') },
  { guards: '33 levels in a profile segment', ...putProfile(`{"segment":${nested(32)}}`), status: 400, code: V, issue: tooDeep('segment', '.a') },
  { guards: '40 levels in a crisis message', ...putCrisis(`{"message":${nested(40, '"x"')}}`), status: 400, code: V, issue: tooDeep('message', '.a') },
  { guards: '40 levels in a survey answer', ...answer(`{"score":5,"comment":${nested(40)}}`), status: 400, code: V, issue: tooDeep('comment', '.a') },

  // ── Numbers as strings, strings as numbers ──────────────────────────────────────────────────────────────
  { guards: 'the crisis cadence as a string', ...putCrisis({ cadenceMinutes: '60' }), status: 400, code: V, issue: 'cadenceMinutes' },
  { guards: 'a survey score of "10"', ...answer({ score: '10' }), status: 400, code: V, issue: 'score' },
  { guards: 'a survey score in an event as a string', ...postEvent({ ...EVENT, type: 'survey.responded', data: { surveyId: 's-1', score: '5' } }), status: 400, code: V, issue: 'data.score' },
  { guards: 'a consent as the string "true"', ...putProfile({ ...PROFILE, consents: { offers: 'true' } }), status: 400, code: V, issue: 'consents.offers' },
  { guards: 'channel preferences as one string', ...putProfile({ ...PROFILE, channelPreferences: 'email' }), status: 400, code: V, issue: 'channelPreferences' },
  { guards: 'occurredAt as epoch seconds', ...postEvent({ ...EVENT, occurredAt: 1795428000 }), status: 400, code: V, issue: 'occurredAt' },
  { guards: 'quiet hours as a number', ...putProfile({ ...PROFILE, quietHours: { start: 2200, end: '08:00' } }), status: 400, code: V, issue: 'quietHours.start' },
  { guards: 'a phone number as a number (loses the +)', ...putProfile({ ...PROFILE, phone: 421900123456 }), status: 400, code: V, issue: 'phone' },

  // ── Unknown fields ─────────────────────────────────────────────────────────────────────────────────────
  { guards: 'a privilege field on a profile', ...putProfile({ ...PROFILE, isAdmin: true }), status: 400, code: V, issue: 'isAdmin' },
  { guards: 'a bus name next to the events', ...postEvent({ events: [EVENT], bus: 'default' }), status: 400, code: V, issue: 'bus' },
  { guards: 'a version in the crisis body (the version goes in If-Match)', ...putCrisis({ headline: 'Payments outage', version: 99 }), status: 400, code: V, issue: 'version' },
  { guards: 'a survey answer naming its survey', ...answer({ score: 5, surveyId: 's-other' }), status: 400, code: V, issue: 'surveyId' },
  { guards: 'an unknown field inside quiet hours', ...putProfile({ ...PROFILE, quietHours: { start: '22:00', end: '07:00', days: 'all' } }), status: 400, code: V, issue: 'quietHours.days' },

  // ── Bad path parameters ────────────────────────────────────────────────────────────────────────────────
  { guards: 'a 200-character customer id', ...get(`/profiles/${'c'.repeat(200)}`), status: 400, code: V, issue: 'customerId' },
  { guards: 'path traversal, percent-encoded', ...get('/profiles/..%2F..%2Fetc%2Fpasswd'), status: 400, code: V, issue: 'customerId' },
  // Dot segments, even percent-encoded, are resolved before routing (WHATWG URL): this asks for `/`.
  { guards: 'a customer id of "..", percent-encoded (resolved to /, no route)', ...get('/profiles/%2E%2E'), status: 404, code: 'not_found' },
  { guards: 'a raw ../ climbing out of /profiles', ...get('/profiles/../crisis/audit'), status: 401, code: 'unauthorized' },
  { guards: 'a percent-encoded NUL in an erasure', method: 'DELETE', path: '/profiles/c-1%00', status: 400, code: V, issue: 'customerId' },
  { guards: 'CR/LF in a customer id (response splitting)', ...putProfile(json(PROFILE), { path: '/profiles/c-1%0D%0ASet-Cookie:%20x=1' }), status: 400, code: V, issue: 'customerId' },
  { guards: 'a percent-encoding cut short', ...get('/profiles/%E0%A4%A'), status: 400, code: V, issue: 'customerId' },
  { guards: 'a percent sign not followed by hex', ...get('/profiles/%ZZ'), status: 400, code: V, issue: 'customerId' },
  { guards: 'an emoji customer id', ...get('/profiles/%F0%9F%98%80'), status: 400, code: V, issue: 'customerId' },
  { guards: 'a request line over 16 KiB (the HTTP parser refuses it)', ...get(`/profiles/${'c'.repeat(20_000)}`), status: 431 },
  { guards: 'a path below a customer (no such route)', ...get('/profiles/c-1/secrets'), status: 404, code: 'not_found' },
  { guards: 'path traversal in a survey token', ...answer({ score: 5 }, { path: '/surveys/..%2F..%2Fcrisis' }), status: 404, code: 'not_found' },
  { guards: 'a 300-character survey token', ...answer({ score: 5 }, { path: `/surveys/${'t'.repeat(300)}` }), status: 404, code: 'not_found' },

  // ── Bad query parameters ───────────────────────────────────────────────────────────────────────────────
  { guards: 'limit=abc', ...get('/messages?customerId=c-1&limit=abc'), status: 400, code: V, issue: 'limit' },
  { guards: 'a negative limit', ...get('/messages?customerId=c-1&limit=-1'), status: 400, code: V, issue: 'limit' },
  { guards: 'a limit beyond any integer', ...get('/messages?customerId=c-1&limit=99999999999999999999'), status: 400, code: V, issue: 'limit' },
  { guards: 'a hexadecimal limit', ...get('/messages?customerId=c-1&limit=0x10'), status: 400, code: V, issue: 'limit' },
  { guards: 'an empty limit', ...get('/messages?customerId=c-1&limit='), status: 400, code: V, issue: 'limit' },
  { guards: 'a repeated limit whose last value is bad', ...get('/messages?customerId=c-1&limit=5&limit=abc'), status: 400, code: V, issue: 'limit' },
  { guards: 'a fractional limit', ...get('/messages?customerId=c-1&limit=2.5'), status: 400, code: V, issue: 'limit' },
  { guards: 'path traversal in a customerId query', ...get('/messages?customerId=..%2Fc-1'), status: 400, code: V, issue: 'customerId' },
  { guards: 'a NUL in a customerId query', ...get('/executions?customerId=c-1%00'), status: 400, code: V, issue: 'customerId' },
  { guards: 'an empty customerId query', ...get('/executions?customerId='), status: 400, code: V, issue: 'customerId' },
  { guards: 'the audit limit in words (on call)', ...get('/crisis/audit?limit=ten', { onCall: true }), status: 400, code: V, issue: 'limit' },
  { guards: 'an outbox limit of 0', ...get('/outbox?limit=0'), status: 400, code: V, issue: 'limit' },
  { guards: 'an outbox channel that does not exist', ...get('/outbox?channel=fax'), status: 400, code: V, issue: 'channel' },
  { guards: 'an outbox customerId that cannot be a customer (path traversal)', ...get('/outbox?customerId=..%2F..%2Fc-1'), status: 400, code: V, issue: 'customerId' },

  // ── Bad headers on /crisis ─────────────────────────────────────────────────────────────────────────────
  { guards: 'If-Match: garbage', ...putCrisis({ headline: 'Payments outage' }, 'garbage'), status: 400, code: V, issue: 'headers.If-Match' },
  { guards: 'If-Match with a list of versions', ...putCrisis({ headline: 'Payments outage' }, '"1", "2"'), status: 400, code: V, issue: 'headers.If-Match' },
  { guards: 'a weak If-Match that is not a number', ...putCrisis({ headline: 'Payments outage' }, 'W/"abc"'), status: 400, code: V, issue: 'headers.If-Match' },
  { guards: 'a negative If-Match', ...putCrisis({ headline: 'Payments outage' }, '"-1"'), status: 400, code: V, issue: 'headers.If-Match' },
  { guards: 'an If-Match of 14 digits', ...putCrisis({ headline: 'Payments outage' }, '"99999999999999"'), status: 400, code: V, issue: 'headers.If-Match' },
  { guards: 'an empty quoted If-Match', ...putCrisis({ headline: 'Payments outage' }, '""'), status: 400, code: V, issue: 'headers.If-Match' },
  { guards: 'If-Match: garbage on the all-clear', method: 'DELETE', path: '/crisis', body: {}, onCall: true, headers: { ...JSON_TYPE, 'if-match': '<script>' }, status: 400, code: V, issue: 'headers.If-Match' },
  { guards: 'a stale If-Match (someone changed it since)', ...putCrisis({ headline: 'Payments outage' }, '"1"'), status: 412, code: 'stale_version' },
  { guards: 'no If-Match while a crisis is active', ...putCrisis({ headline: 'Payments outage' }, null), status: 428, code: 'precondition_required' },
];
