/**
 * The bad-input corpus: every HTTP handler refuses what it must refuse, with the contract's status, error code
 * and field-level issue path — and writes nothing. For each case the whole table is scanned before and after
 * (byte-for-byte equal) and no SDK call that changes something outside the table (PutEvents, StartExecution,
 * SendTaskSuccess) was made.
 */
import { startHandlerEnv, TEST_UNSUBSCRIBE_SECRET, type HandlerEnv } from '../support/handler-env';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUnsubscribeToken } from '../../functions/domain/templates/unsubscribe-token';
import { handler as crisis } from '../../functions/handlers/api-crisis';
import { handler as events } from '../../functions/handlers/api-events';
import { handler as executions } from '../../functions/handlers/api-executions';
import { handler as messages } from '../../functions/handlers/api-messages';
import { handler as profiles } from '../../functions/handlers/api-profiles';
import { handler as status } from '../../functions/handlers/api-status';
import { handler as surveys } from '../../functions/handlers/api-surveys';
import { handler as unsubscribe } from '../../functions/handlers/api-unsubscribe';
import { profile } from '../support/adapter-fixtures';
import { DEVELOPER, invoke, ONCALL, type ApiEventInput, type Identity } from '../support/api-events';

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
const HANDLERS = { profiles, events, crisis, status, surveys, messages, executions, unsubscribe } as Record<string, Handler>;

interface Case {
  name: string;
  target: keyof typeof HANDLERS;
  request: ApiEventInput;
  status: number;
  /** The error code; absent only for the one case that is refused without an error (a replayed event id). */
  code?: string;
  /** The field-level issue path the answer names (every issue of it): required for a validation error. */
  path?: string;
}

// ---- inputs -------------------------------------------------------------------------------------------------
const INVALID_UTF8 = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]); // {"a":"\xC3("}
const big = (bytes: number) => JSON.stringify({ padding: 'x'.repeat(bytes) });
const JSON_HEADERS = { 'content-type': 'application/json' };
const FORM_HEADERS = { 'content-type': 'application/x-www-form-urlencoded' };

const goodProfile = {
  email: 'ana@example.com',
  phone: '+421900123456',
  locale: 'sk',
  timeZone: 'Europe/Bratislava',
  segment: { region: 'eu-central' },
  consents: { offers: true },
  channelPreferences: ['email', 'sms'],
  lifecycle: 'new',
};
let eventSeq = 0;
const anEvent = (overrides: Record<string, unknown> = {}) => ({
  id: `bad-${++eventSeq}`,
  type: 'incident.opened',
  occurredAt: '2026-11-23T10:00:00Z',
  source: 'support-desk',
  customerId: 'c-123',
  data: { incidentId: 'INC-1', severity: 'critical', title: 'Card payments failing' },
  ...overrides,
});
const declaration = { severity: 'sev1', headline: 'Payments outage', message: { en: 'Card payments are failing.' }, affected: { all: true } };
const token = (customerId: string, issuedAt = '2026-11-20T10:00:00.000Z', secret = TEST_UNSUBSCRIBE_SECRET) =>
  signUnsubscribeToken({ customerId, topic: 'offers', issuedAt }, secret);
const tokenA = token('c-123');
const editedToB = `${Buffer.from(JSON.stringify({ v: 1, c: 'c-b', t: 'offers', i: '2026-11-20T10:00:00.000Z' })).toString('base64url')}.${tokenA.split('.')[1]}`;

// ---- request builders ---------------------------------------------------------------------------------------
const putProfile = (body: unknown, id = 'c-123', extra: Partial<ApiEventInput> = {}): ApiEventInput => ({
  method: 'PUT',
  path: `/profiles/${id}`,
  pathParameters: { customerId: id },
  body,
  ...extra,
});
const profileWith = (overrides: Record<string, unknown>) => putProfile({ ...goodProfile, ...overrides });
const postEvents = (body: unknown, extra: Partial<ApiEventInput> = {}): ApiEventInput => ({ method: 'POST', path: '/events', body, ...extra });
/** `ifMatch: null` sends no If-Match (undefined would take the default). */
const crisisPut = (body: unknown, ifMatch: string | null = '"2"', identity: Identity = ONCALL, extra: Partial<ApiEventInput> = {}): ApiEventInput => ({
  method: 'PUT',
  path: '/crisis',
  body,
  identity,
  headers: { ...(ifMatch !== null ? { 'if-match': ifMatch } : {}), ...(extra.headers ?? {}) },
  ...(extra.rawBody ? { rawBody: extra.rawBody } : {}),
});
/** `identity: null` sends the request anonymously. */
const crisisDelete = (body?: unknown, headers: Record<string, string> = {}, identity: Identity | null = ONCALL): ApiEventInput => ({
  method: 'DELETE',
  path: '/crisis',
  body,
  headers,
  ...(identity ? { identity } : {}),
});
const audit = (query: Record<string, string>, identity?: Identity): ApiEventInput => ({
  method: 'GET',
  path: '/crisis/audit',
  resource: '/crisis/audit',
  query,
  ...(identity ? { identity } : {}),
});
const answer = (body: unknown, tok = 'tok-open', extra: Partial<ApiEventInput> = {}): ApiEventInput => ({
  method: 'POST',
  path: `/surveys/${tok}`,
  pathParameters: { token: tok },
  body,
  ...extra,
});
const listMessages = (query: Record<string, string>): ApiEventInput => ({ method: 'GET', path: '/messages', query });
const listExecutions = (query: Record<string, string>): ApiEventInput => ({ method: 'GET', path: '/executions', query });
const unsubscribePost = (tok: string | undefined, extra: Partial<ApiEventInput> = {}): ApiEventInput => ({
  method: 'POST',
  path: '/unsubscribe',
  ...(tok !== undefined ? { query: { token: tok } } : {}),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: 'List-Unsubscribe=One-Click',
  ...extra,
});

const V = 'validation_failed';

// ---- the corpus ---------------------------------------------------------------------------------------------
const CASES: Case[] = [
  // PUT /profiles/{customerId}: transport
  { target: 'profiles', name: 'invalid JSON', request: putProfile('{"email": ', 'c-123', { headers: JSON_HEADERS }), status: 400, code: V, path: '(body)' },
  { target: 'profiles', name: 'invalid UTF-8 (0xC3 0x28)', request: putProfile(undefined, 'c-123', { rawBody: INVALID_UTF8, headers: JSON_HEADERS }), status: 400, code: V, path: '(body)' },
  { target: 'profiles', name: 'wrong content type', request: putProfile('email=ana@example.com', 'c-123', { headers: { 'content-type': 'application/x-www-form-urlencoded' } }), status: 415, code: 'unsupported_media_type' },
  { target: 'profiles', name: 'oversized body', request: putProfile(big(70 * 1024), 'c-123', { headers: JSON_HEADERS }), status: 413, code: 'payload_too_large' },
  { target: 'profiles', name: 'no body', request: putProfile(undefined), status: 400, code: V, path: '(body)' },
  { target: 'profiles', name: 'body is an array', request: putProfile([goodProfile]), status: 400, code: V, path: '(root)' },
  { target: 'profiles', name: 'body is a string', request: putProfile('"ana"', 'c-123', { headers: JSON_HEADERS }), status: 400, code: V, path: '(root)' },
  { target: 'profiles', name: 'body is null', request: putProfile('null', 'c-123', { headers: JSON_HEADERS }), status: 400, code: V, path: '(root)' },
  // PUT /profiles: fields
  { target: 'profiles', name: 'invalid email', request: profileWith({ email: 'not-an-email' }), status: 400, code: V, path: 'email' },
  { target: 'profiles', name: 'hostile email', request: profileWith({ email: '<script>alert(1)</script>@example.com' }), status: 400, code: V, path: 'email' },
  { target: 'profiles', name: 'email of the wrong type', request: profileWith({ email: 42 }), status: 400, code: V, path: 'email' },
  { target: 'profiles', name: 'phone not E.164 (national format)', request: profileWith({ phone: '0900 123 456' }), status: 400, code: V, path: 'phone' },
  { target: 'profiles', name: 'phone starting with +0', request: profileWith({ phone: '+0123456789' }), status: 400, code: V, path: 'phone' },
  { target: 'profiles', name: 'phone too long', request: profileWith({ phone: '+4219001234567890' }), status: 400, code: V, path: 'phone' },
  { target: 'profiles', name: 'unknown time zone', request: profileWith({ timeZone: 'Europe/Atlantis' }), status: 400, code: V, path: 'timeZone' },
  { target: 'profiles', name: 'time zone as an offset', request: profileWith({ timeZone: '+02:00' }), status: 400, code: V, path: 'timeZone' },
  { target: 'profiles', name: 'invalid locale', request: profileWith({ locale: 'not a locale!' }), status: 400, code: V, path: 'locale' },
  { target: 'profiles', name: 'hostile locale', request: profileWith({ locale: '<script>' }), status: 400, code: V, path: 'locale' },
  { target: 'profiles', name: 'unknown field', request: profileWith({ favouriteColour: 'teal' }), status: 400, code: V, path: 'favouriteColour' },
  { target: 'profiles', name: 'CR/LF in the name (header injection)', request: profileWith({ name: 'Ana\r\nBcc: all@example.com' }), status: 400, code: V, path: 'name' },
  { target: 'profiles', name: 'control character in the name', request: profileWith({ name: 'Ana\u0007' }), status: 400, code: V, path: 'name' },
  { target: 'profiles', name: 'name too long', request: profileWith({ name: 'A'.repeat(101) }), status: 400, code: V, path: 'name' },
  { target: 'profiles', name: 'consent of the wrong type', request: profileWith({ consents: { offers: 'yes' } }), status: 400, code: V, path: 'consents.offers' },
  { target: 'profiles', name: 'consent for an unknown topic', request: profileWith({ consents: { spam: true } }), status: 400, code: V, path: 'consents.spam' },
  { target: 'profiles', name: 'a channel preferred twice', request: profileWith({ channelPreferences: ['email', 'email'] }), status: 400, code: V, path: 'channelPreferences' },
  { target: 'profiles', name: 'unknown channel', request: profileWith({ channelPreferences: ['fax'] }), status: 400, code: V, path: 'channelPreferences[0]' },
  { target: 'profiles', name: 'unknown lifecycle stage', request: profileWith({ lifecycle: 'zombie' }), status: 400, code: V, path: 'lifecycle' },
  { target: 'profiles', name: 'segment key not an identifier', request: profileWith({ segment: { Region: 'eu' } }), status: 400, code: V, path: 'segment.Region' },
  { target: 'profiles', name: 'segment value with a separator', request: profileWith({ segment: { region: 'eu#central' } }), status: 400, code: V, path: 'segment.region' },
  { target: 'profiles', name: 'quiet hours out of range', request: profileWith({ quietHours: { start: '25:00', end: '08:00' } }), status: 400, code: V, path: 'quietHours.start' },
  { target: 'profiles', name: 'push endpoint not an SNS ARN', request: profileWith({ pushEndpoint: 'https://evil.example.com/push' }), status: 400, code: V, path: 'pushEndpoint' },
  // PUT /profiles: identity
  { target: 'profiles', name: 'body customerId differs from the path', request: putProfile({ ...goodProfile, customerId: 'c-other' }), status: 400, code: V, path: 'customerId' },
  { target: 'profiles', name: 'body customerId of the wrong type', request: putProfile({ ...goodProfile, customerId: 123 }), status: 400, code: V, path: 'customerId' },
  { target: 'profiles', name: 'path customerId with a separator', request: putProfile(goodProfile, 'c#1'), status: 400, code: V, path: 'customerId' },
  { target: 'profiles', name: 'hostile path customerId', request: putProfile(goodProfile, '<script>'), status: 400, code: V, path: 'customerId' },
  { target: 'profiles', name: 'path customerId too long', request: putProfile(goodProfile, 'c'.repeat(129)), status: 400, code: V, path: 'customerId' },
  { target: 'profiles', name: 'path customerId with broken percent-encoding', request: putProfile(goodProfile, '%E0%A4%A'), status: 400, code: V, path: 'customerId' },
  { target: 'profiles', name: 'GET with an invalid customerId', request: { method: 'GET', path: '/profiles/a b', pathParameters: { customerId: 'a b' } }, status: 400, code: V, path: 'customerId' },
  { target: 'profiles', name: 'GET of an unknown customer', request: { method: 'GET', path: '/profiles/c-nobody', pathParameters: { customerId: 'c-nobody' } }, status: 404, code: 'not_found' },
  { target: 'profiles', name: 'DELETE with an invalid customerId', request: { method: 'DELETE', path: '/profiles/c:1%0A', pathParameters: { customerId: 'c:1%0A' } }, status: 400, code: V, path: 'customerId' },
  { target: 'profiles', name: 'unsupported method', request: { method: 'POST', path: '/profiles/c-123', pathParameters: { customerId: 'c-123' }, body: goodProfile }, status: 405, code: 'method_not_allowed' },

  // POST /events: transport
  { target: 'events', name: 'invalid JSON', request: postEvents('{"id": "e1",', { headers: JSON_HEADERS }), status: 400, code: V, path: '(body)' },
  { target: 'events', name: 'invalid UTF-8 (0xC3 0x28)', request: postEvents(undefined, { rawBody: INVALID_UTF8, headers: JSON_HEADERS }), status: 400, code: V, path: '(body)' },
  { target: 'events', name: 'wrong content type', request: postEvents(JSON.stringify(anEvent()), { headers: { 'content-type': 'text/plain' } }), status: 415, code: 'unsupported_media_type' },
  { target: 'events', name: 'body over 256 KB', request: postEvents(big(257 * 1024), { headers: JSON_HEADERS }), status: 413, code: 'payload_too_large' },
  { target: 'events', name: 'no body', request: postEvents(undefined), status: 400, code: V, path: '(body)' },
  { target: 'events', name: 'a bare array of events', request: postEvents([anEvent()]), status: 400, code: V, path: '(root)' },
  // POST /events: one event
  { target: 'events', name: 'unknown event type', request: postEvents(anEvent({ type: 'customer.exploded' })), status: 400, code: V, path: 'type' },
  { target: 'events', name: 'missing type', request: postEvents({ ...anEvent(), type: undefined }), status: 400, code: V, path: 'type' },
  { target: 'events', name: 'type of the wrong type', request: postEvents(anEvent({ type: 7 })), status: 400, code: V, path: 'type' },
  { target: 'events', name: 'id with spaces', request: postEvents(anEvent({ id: 'evt 1' })), status: 400, code: V, path: 'id' },
  { target: 'events', name: 'empty id', request: postEvents(anEvent({ id: '' })), status: 400, code: V, path: 'id' },
  { target: 'events', name: 'id too long', request: postEvents(anEvent({ id: 'e'.repeat(129) })), status: 400, code: V, path: 'id' },
  { target: 'events', name: 'occurredAt not a date', request: postEvents(anEvent({ occurredAt: 'yesterday' })), status: 400, code: V, path: 'occurredAt' },
  { target: 'events', name: 'occurredAt without a time zone', request: postEvents(anEvent({ occurredAt: '2026-11-23T10:00:00' })), status: 400, code: V, path: 'occurredAt' },
  { target: 'events', name: 'hostile customerId', request: postEvents(anEvent({ customerId: '<script>alert(1)</script>' })), status: 400, code: V, path: 'customerId' },
  { target: 'events', name: 'missing customerId', request: postEvents({ ...anEvent(), customerId: undefined }), status: 400, code: V, path: 'customerId' },
  { target: 'events', name: 'empty source', request: postEvents(anEvent({ source: '' })), status: 400, code: V, path: 'source' },
  { target: 'events', name: 'unknown incident severity', request: postEvents(anEvent({ data: { incidentId: 'INC-1', severity: 'apocalyptic', title: 'x' } })), status: 400, code: V, path: 'data.severity' },
  { target: 'events', name: 'incident without data', request: postEvents({ ...anEvent(), data: undefined }), status: 400, code: V, path: 'data' },
  { target: 'events', name: 'CR/LF in an incident title', request: postEvents(anEvent({ data: { incidentId: 'INC-1', severity: 'major', title: 'Down\r\nBcc: x' } })), status: 400, code: V, path: 'data.title' },
  { target: 'events', name: 'hostile incident id', request: postEvents(anEvent({ data: { incidentId: '<script>', severity: 'major', title: 'x' } })), status: 400, code: V, path: 'data.incidentId' },
  { target: 'events', name: 'unknown envelope field', request: postEvents(anEvent({ priority: 'high' })), status: 400, code: V, path: 'priority' },
  { target: 'events', name: 'unknown data field', request: postEvents(anEvent({ data: { incidentId: 'INC-1', severity: 'major', title: 'x', extra: 1 } })), status: 400, code: V, path: 'data.extra' },
  { target: 'events', name: 'survey score out of range', request: postEvents(anEvent({ type: 'survey.responded', data: { surveyId: 's-1', score: 11 } })), status: 400, code: V, path: 'data.score' },
  { target: 'events', name: 'survey score as a string', request: postEvents(anEvent({ type: 'survey.responded', data: { surveyId: 's-1', score: '7' } })), status: 400, code: V, path: 'data.score' },
  { target: 'events', name: 'unsubscribe from an unknown topic', request: postEvents(anEvent({ type: 'customer.unsubscribed', data: { topic: 'spam' } })), status: 400, code: V, path: 'data.topic' },
  // POST /events: batches
  { target: 'events', name: 'more than 100 events', request: postEvents({ events: Array.from({ length: 101 }, () => anEvent()) }), status: 400, code: V, path: 'events' },
  { target: 'events', name: 'an empty batch', request: postEvents({ events: [] }), status: 400, code: V, path: 'events' },
  { target: 'events', name: 'events not an array', request: postEvents({ events: anEvent() }), status: 400, code: V, path: 'events' },
  { target: 'events', name: 'unknown field next to events', request: postEvents({ events: [anEvent()], dryRun: true }), status: 400, code: V, path: 'dryRun' },
  { target: 'events', name: 'one bad event among good ones', request: postEvents({ events: [anEvent(), anEvent(), anEvent(), anEvent({ data: { incidentId: 'INC-1', severity: 'bad', title: 'x' } })] }), status: 400, code: V, path: 'events[3].data.severity' },
  { target: 'events', name: 'the same id twice in a batch (replayed within the request)', request: postEvents({ events: [anEvent({ id: 'twice' }), anEvent({ id: 'twice' })] }), status: 400, code: V, path: 'events[1].id' },
  { target: 'events', name: 'a replayed id (seen before): a duplicate, nothing put', request: postEvents(anEvent({ id: 'evt-replayed' })), status: 202 },
  { target: 'events', name: 'unsupported method', request: { method: 'GET', path: '/events' }, status: 405, code: 'method_not_allowed' },

  // /crisis (an active crisis at version 2)
  { target: 'crisis', name: 'PUT without an identity', request: crisisPut({ headline: 'x'.repeat(10) }, '"2"', {} as Identity), status: 401, code: 'unauthorized' },
  { target: 'crisis', name: 'PUT by someone not on call', request: crisisPut({ headline: 'Payments outage' }, '"2"', DEVELOPER), status: 403, code: 'forbidden' },
  { target: 'crisis', name: 'PUT without If-Match while a crisis is active', request: crisisPut({ headline: 'Payments outage' }, null), status: 428, code: 'precondition_required' },
  { target: 'crisis', name: 'PUT with a stale version', request: crisisPut({ headline: 'Payments outage' }, '"1"'), status: 412, code: 'stale_version' },
  { target: 'crisis', name: 'PUT with a version from the future', request: crisisPut({ headline: 'Payments outage' }, '"9"'), status: 412, code: 'stale_version' },
  { target: 'crisis', name: 'PUT with If-Match: *', request: crisisPut({ headline: 'Payments outage' }, '*'), status: 400, code: V, path: 'headers.If-Match' },
  { target: 'crisis', name: 'PUT with a non-numeric If-Match', request: crisisPut({ headline: 'Payments outage' }, '"abc"'), status: 400, code: V, path: 'headers.If-Match' },
  { target: 'crisis', name: 'declaring while a crisis is active', request: crisisPut(declaration, null), status: 409, code: 'crisis_already_active' },
  { target: 'crisis', name: 'CR/LF in the headline', request: crisisPut({ headline: 'Outage\r\nX-Injected: 1' }), status: 400, code: V, path: 'headline' },
  { target: 'crisis', name: 'hostile headline with a line break', request: crisisPut({ headline: '<script>alert(1)</script>\n' }), status: 400, code: V, path: 'headline' },
  { target: 'crisis', name: 'headline too short', request: crisisPut({ headline: 'x' }), status: 400, code: V, path: 'headline' },
  { target: 'crisis', name: 'unknown severity', request: crisisPut({ severity: 'sev0' }), status: 400, code: V, path: 'severity' },
  { target: 'crisis', name: 'cadence too short', request: crisisPut({ cadenceMinutes: 1 }), status: 400, code: V, path: 'cadenceMinutes' },
  { target: 'crisis', name: 'huge cadence', request: crisisPut({ cadenceMinutes: 1e9 }), status: 400, code: V, path: 'cadenceMinutes' },
  { target: 'crisis', name: 'fractional cadence', request: crisisPut({ cadenceMinutes: 7.5 }), status: 400, code: V, path: 'cadenceMinutes' },
  { target: 'crisis', name: 'javascript: status page URL', request: crisisPut({ statusPageUrl: 'javascript:alert(1)' }), status: 400, code: V, path: 'statusPageUrl' },
  { target: 'crisis', name: 'message without the en fallback', request: crisisPut({ message: { sk: 'Výpadok platieb.' } }), status: 400, code: V, path: 'message' },
  { target: 'crisis', name: 'message in an invalid locale', request: crisisPut({ message: { en: 'Outage', '<script>': 'x' } }), status: 400, code: V, path: 'message.<script>' },
  { target: 'crisis', name: 'audience naming nothing', request: crisisPut({ affected: {} }), status: 400, code: V, path: 'affected' },
  { target: 'crisis', name: 'audience with an empty value list', request: crisisPut({ affected: { region: [] } }), status: 400, code: V, path: 'affected.region' },
  { target: 'crisis', name: 'unknown field', request: crisisPut({ headline: 'Payments outage', colour: 'red' }), status: 400, code: V, path: 'colour' },
  { target: 'crisis', name: 'an empty change', request: crisisPut({}), status: 400, code: V, path: '(root)' },
  { target: 'crisis', name: 'PUT invalid JSON', request: crisisPut('{"headline":', '"2"', ONCALL, { headers: JSON_HEADERS }), status: 400, code: V, path: '(body)' },
  { target: 'crisis', name: 'PUT invalid UTF-8', request: crisisPut(undefined, '"2"', ONCALL, { rawBody: INVALID_UTF8, headers: JSON_HEADERS }), status: 400, code: V, path: '(body)' },
  { target: 'crisis', name: 'PUT wrong content type', request: crisisPut('headline=x', '"2"', ONCALL, { headers: { 'content-type': 'application/x-www-form-urlencoded' } }), status: 415, code: 'unsupported_media_type' },
  { target: 'crisis', name: 'PUT oversized body', request: crisisPut(big(70 * 1024), '"2"', ONCALL, { headers: JSON_HEADERS }), status: 413, code: 'payload_too_large' },
  { target: 'crisis', name: 'PUT without a body', request: crisisPut(undefined), status: 400, code: V, path: '(body)' },
  { target: 'crisis', name: 'DELETE without an identity', request: crisisDelete(undefined, {}, null), status: 401, code: 'unauthorized' },
  { target: 'crisis', name: 'DELETE by someone not on call', request: crisisDelete(undefined, {}, DEVELOPER), status: 403, code: 'forbidden' },
  { target: 'crisis', name: 'DELETE with a stale version', request: crisisDelete(undefined, { 'if-match': '"1"' }), status: 412, code: 'stale_version' },
  { target: 'crisis', name: 'DELETE with an unknown field', request: crisisDelete({ postmortemUrl: 'https://status.example.com/pm', reason: 'x' }), status: 400, code: V, path: 'reason' },
  { target: 'crisis', name: 'DELETE with an ftp post-mortem link', request: crisisDelete({ postmortemUrl: 'ftp://status.example.com/pm' }), status: 400, code: V, path: 'postmortemUrl' },
  { target: 'crisis', name: 'DELETE with a resolution message without en', request: crisisDelete({ message: { sk: 'Vyriešené.' } }), status: 400, code: V, path: 'message' },
  { target: 'crisis', name: 'audit with limit 0', request: audit({ limit: '0' }, ONCALL), status: 400, code: V, path: 'limit' },
  { target: 'crisis', name: 'audit with a negative limit', request: audit({ limit: '-5' }, ONCALL), status: 400, code: V, path: 'limit' },
  { target: 'crisis', name: 'audit with a huge limit', request: audit({ limit: '99999999999' }, ONCALL), status: 400, code: V, path: 'limit' },
  { target: 'crisis', name: 'audit without an identity', request: audit({}), status: 401, code: 'unauthorized' },
  { target: 'crisis', name: 'unsupported method', request: { method: 'POST', path: '/crisis', body: declaration, identity: ONCALL }, status: 405, code: 'method_not_allowed' },

  // /status
  { target: 'status', name: 'unsupported method', request: { method: 'PUT', path: '/status', body: { mode: 'normal' } }, status: 405, code: 'method_not_allowed' },

  // POST /surveys/{token}
  { target: 'surveys', name: 'score above 10', request: answer({ score: 11 }), status: 400, code: V, path: 'score' },
  { target: 'surveys', name: 'negative score', request: answer({ score: -1 }), status: 400, code: V, path: 'score' },
  { target: 'surveys', name: 'fractional score', request: answer({ score: 7.5 }), status: 400, code: V, path: 'score' },
  { target: 'surveys', name: 'score as a string', request: answer({ score: '7' }), status: 400, code: V, path: 'score' },
  { target: 'surveys', name: 'missing score', request: answer({ comment: 'great' }), status: 400, code: V, path: 'score' },
  { target: 'surveys', name: 'comment over 2000 characters', request: answer({ score: 5, comment: 'x'.repeat(2001) }), status: 400, code: V, path: 'comment' },
  { target: 'surveys', name: 'control character in the comment', request: answer({ score: 5, comment: 'ding\u0007' }), status: 400, code: V, path: 'comment' },
  { target: 'surveys', name: 'unknown field', request: answer({ score: 5, customerId: 'c-b' }), status: 400, code: V, path: 'customerId' },
  { target: 'surveys', name: 'invalid JSON', request: answer('{"score": 5', 'tok-open', { headers: JSON_HEADERS }), status: 400, code: V, path: '(body)' },
  { target: 'surveys', name: 'no body', request: answer(undefined), status: 400, code: V, path: '(body)' },
  { target: 'surveys', name: 'wrong content type', request: answer('score=5', 'tok-open', { headers: { 'content-type': 'text/plain' } }), status: 415, code: 'unsupported_media_type' },
  { target: 'surveys', name: 'form post with a score in words', request: answer('score=ten', 'tok-open', { headers: FORM_HEADERS }), status: 400, code: V, path: 'score' },
  { target: 'surveys', name: 'form post with the score twice', request: answer('score=1&score=10', 'tok-open', { headers: FORM_HEADERS }), status: 400, code: V, path: 'score' },
  { target: 'surveys', name: 'form post with an unknown field', request: answer('score=5&__proto__=x', 'tok-open', { headers: FORM_HEADERS }), status: 400, code: V, path: '__proto__' },
  { target: 'surveys', name: 'form post with invalid UTF-8', request: answer(undefined, 'tok-open', { rawBody: Buffer.from([0x73, 0x3d, 0xc3, 0x28]), headers: FORM_HEADERS }), status: 400, code: V, path: '(body)' },
  { target: 'surveys', name: 'GET of an unknown token', request: { method: 'GET', path: '/surveys/tok-unknown', pathParameters: { token: 'tok-unknown' } }, status: 404, code: 'not_found' },
  { target: 'surveys', name: 'oversized body', request: answer(big(20 * 1024), 'tok-open', { headers: JSON_HEADERS }), status: 413, code: 'payload_too_large' },
  { target: 'surveys', name: 'unknown token', request: answer({ score: 5 }, 'tok-unknown'), status: 404, code: 'not_found' },
  { target: 'surveys', name: 'hostile token', request: answer({ score: 5 }, '<script>alert(1)</script>'), status: 404, code: 'not_found' },
  { target: 'surveys', name: 'expired survey', request: answer({ score: 5 }, 'tok-expired'), status: 404, code: 'not_found' },
  { target: 'surveys', name: 'answered before', request: answer({ score: 5 }, 'tok-answered'), status: 409, code: 'already_answered' },

  // GET /messages
  { target: 'messages', name: 'no customerId', request: listMessages({}), status: 400, code: V, path: 'customerId' },
  { target: 'messages', name: 'hostile customerId', request: listMessages({ customerId: '<script>' }), status: 400, code: V, path: 'customerId' },
  { target: 'messages', name: 'limit 0', request: listMessages({ customerId: 'c-123', limit: '0' }), status: 400, code: V, path: 'limit' },
  { target: 'messages', name: 'limit 101', request: listMessages({ customerId: 'c-123', limit: '101' }), status: 400, code: V, path: 'limit' },
  { target: 'messages', name: 'negative limit', request: listMessages({ customerId: 'c-123', limit: '-1' }), status: 400, code: V, path: 'limit' },
  { target: 'messages', name: 'huge limit', request: listMessages({ customerId: 'c-123', limit: '99999999999' }), status: 400, code: V, path: 'limit' },
  { target: 'messages', name: 'limit in words', request: listMessages({ customerId: 'c-123', limit: 'ten' }), status: 400, code: V, path: 'limit' },
  { target: 'messages', name: 'limit in exponent notation', request: listMessages({ customerId: 'c-123', limit: '1e2' }), status: 400, code: V, path: 'limit' },

  // GET /executions
  { target: 'executions', name: 'no customerId', request: listExecutions({}), status: 400, code: V, path: 'customerId' },
  { target: 'executions', name: 'customerId with a space', request: listExecutions({ customerId: 'a b' }), status: 400, code: V, path: 'customerId' },

  // /unsubscribe
  { target: 'unsubscribe', name: 'POST without a token', request: unsubscribePost(undefined), status: 400, code: V, path: 'token' },
  { target: 'unsubscribe', name: 'POST with a forged signature', request: unsubscribePost(tokenA.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))), status: 400, code: 'invalid_token' },
  { target: 'unsubscribe', name: "POST with A's token edited to name B", request: unsubscribePost(editedToB), status: 400, code: 'invalid_token' },
  { target: 'unsubscribe', name: 'POST with an expired token', request: unsubscribePost(token('c-123', '2025-10-01T00:00:00.000Z')), status: 400, code: 'invalid_token' },
  { target: 'unsubscribe', name: 'POST with a token from the future', request: unsubscribePost(token('c-123', '2026-12-24T00:00:00.000Z')), status: 400, code: 'invalid_token' },
  { target: 'unsubscribe', name: 'POST with a token signed by another secret', request: unsubscribePost(token('c-123', undefined, 'another-deployment-secret-0123')), status: 400, code: 'invalid_token' },
  { target: 'unsubscribe', name: 'POST with a 3000-character token', request: unsubscribePost('a'.repeat(3000)), status: 400, code: 'invalid_token' },
  { target: 'unsubscribe', name: 'POST with a JSON body', request: unsubscribePost(tokenA, { headers: JSON_HEADERS, body: '{"List-Unsubscribe":"One-Click"}' }), status: 415, code: 'unsupported_media_type' },
  { target: 'unsubscribe', name: 'POST with an oversized body', request: unsubscribePost(tokenA, { body: `List-Unsubscribe=One-Click&pad=${'x'.repeat(5000)}` }), status: 413, code: 'payload_too_large' },
  { target: 'unsubscribe', name: 'POST with invalid UTF-8', request: unsubscribePost(tokenA, { body: undefined, rawBody: Buffer.from([0x4c, 0x3d, 0xc3, 0x28]) }), status: 400, code: V, path: '(body)' },
  { target: 'unsubscribe', name: 'GET with a hostile token', request: { method: 'GET', path: '/unsubscribe', query: { token: '<script>alert(1)</script>' } }, status: 400, code: 'invalid_token' },
  { target: 'unsubscribe', name: 'unsupported method', request: { method: 'DELETE', path: '/unsubscribe', query: { token: tokenA } }, status: 405, code: 'method_not_allowed' },
];

let env: HandlerEnv;
beforeAll(async () => {
  env = await startHandlerEnv();
  await env.profiles.putProfile(profile('c-123'));
  await env.profiles.putProfile(profile('c-b'));
  await env.events.claimEventId('evt-replayed');
  await env.surveys.create({ token: 'tok-open', customerId: 'c-123', surveyId: 's-open', execution: 'e', expiresAt: '2026-11-30T00:00:00.000Z' });
  await env.surveys.create({ token: 'tok-answered', customerId: 'c-123', surveyId: 's-answered', execution: 'e', expiresAt: '2026-11-30T00:00:00.000Z' });
  await env.surveys.answer('tok-answered', { score: 9 });
  await env.surveys.create({ token: 'tok-expired', customerId: 'c-123', surveyId: 's-expired', execution: 'e', expiresAt: '2026-11-22T00:00:00.000Z' });
  await env.crisis.declare({ severity: 'sev1', headline: 'Payments outage', message: { en: 'Failing.' }, affected: { all: true } }, 'seed', env.clock.now());
  await env.crisis.update({ headline: 'Payments outage (cards)' }, 1, 'seed', env.clock.now());
});
afterAll(async () => env.close());

/** The message of each refusal that names no field (the figures are this corpus's setup: a crisis at version 2). */
const MESSAGE_OF: Record<string, RegExp> = {
  unsupported_media_type: /^content-type must be (application\/json|one of application\/x-www-form-urlencoded, multipart\/form-data, text\/plain), not \S/,
  payload_too_large: /^the body is \d+ bytes; at most (65536|262144|16384|4096) are accepted$/,
  not_found: /^(no profile for customer c-nobody|unknown or expired survey)$/,
  method_not_allowed: /^(GET|PUT|POST|DELETE) is not supported here; use (GET|PUT|POST|DELETE)(, (GET|PUT|POST|DELETE))*$/,
  unauthorized: /^on-call credentials are required for this route$/,
  forbidden: /^arn:aws:sts::123456789012:assumed-role\/Developer\/bob is not on call: only the on-call role may change crisis mode$/,
  precondition_required: /^a crisis is active \(version 2\); to change it send If-Match: "2" \(the ETag of GET \/crisis\)$/,
  stale_version: /^version (1|9) is stale: the crisis record is at version 2; reload it and retry with If-Match: 2$/,
  crisis_already_active: /^a crisis is already active \(version 2\); change it with PUT \/crisis and If-Match: 2, or resolve it first$/,
  already_answered: /^this survey has already been answered$/,
  invalid_token: /^invalid unsubscribe token: (its signature does not match|it has expired|it was issued in the future|it is malformed)$/,
};

/** How a message names the field: the body as "body", a header by its name, the customer id as "customer". */
const fieldInMessage = (path: string) => (path === '(body)' ? 'body' : path === 'customerId' ? 'customer' : path.replace(/^headers\./, ''));

describe('the bad-input corpus', () => {
  it('has at least 80 cases across every HTTP handler', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(80);
    expect(new Set(CASES.map((c) => c.target))).toEqual(new Set(Object.keys(HANDLERS)));
    // Every validation error names its field; every other refusal has its message pinned.
    expect(CASES.filter((c) => c.code === V && c.path === undefined).map((c) => c.name)).toEqual([]);
    expect(CASES.filter((c) => c.code !== undefined && c.code !== V && !(c.code in MESSAGE_OF)).map((c) => c.name)).toEqual([]);
  });

  it.each(CASES)('$target: $name → $status', async (testCase) => {
    env.sfnMock.resetHistory();
    env.eventBridgeMock.resetHistory();
    const before = await env.snapshot();

    const result = await invoke(HANDLERS[testCase.target]!, testCase.request);

    expect(result.status).toBe(testCase.status);
    if (testCase.code) {
      expect(result.json?.error?.code).toBe(testCase.code);
    } else {
      expect(result.json).toEqual({ accepted: [], duplicates: ['evt-replayed'], failed: [] });
    }
    if (testCase.path) {
      // Every issue is about that field, and the message names it.
      expect(new Set(result.json.error.issues.map((issue: { path: string }) => issue.path))).toEqual(new Set([testCase.path]));
      expect(result.json.error.message).toContain(fieldInMessage(testCase.path));
    } else if (testCase.code) {
      expect(result.json.error.issues ?? []).toEqual([]);
      expect(result.json.error.message).toMatch(MESSAGE_OF[testCase.code]!);
    }
    expect(await env.snapshot()).toBe(before);
    expect(env.externalWrites()).toBe(0);
  });
});
