/**
 * One-click unsubscribe links cannot be forged, bent to another customer or topic, or outlive their validity —
 * through the real runtime, with genuine tokens taken from the `List-Unsubscribe` header of the marketing emails
 * two customers received. Every refusal is a 400 `invalid_token` (or `validation_failed` without a token) and
 * writes nothing.
 *
 * Replay, as documented (functions/handlers/api-unsubscribe.ts): a genuine token used again is answered like the
 * first time and changes nothing more (the consent is already withdrawn: no write at all); it never touches
 * another customer, whatever else the request says; and for a customer erased since, it answers the same and
 * writes nothing (no item comes back).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUnsubscribeToken } from '../../../functions/domain/templates/unsubscribe-token';
import { config } from '../../../functions/handlers/runtime/config';
import { listUnsubscribeOf } from '../../support/scenario';
import { START, startTestRuntime, type TestRuntime } from '../../support/runtime';
import { rawRequest, stateOf } from '../bad-input/support';

let rt: TestRuntime;
const token: Record<'a' | 'b', string> = { a: '', b: '' };
let topic = '';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

const customer = (customerId: string) => ({
  customerId,
  email: `${customerId}@example.com`,
  locale: 'en',
  timeZone: 'Europe/London',
  consents: { onboarding_tips: true, product_news: true, offers: true, surveys: true, service_updates: true },
  channelPreferences: ['email'],
});
const payloadOf = (value: string) => JSON.parse(Buffer.from(value.split('.')[0]!, 'base64url').toString('utf8')) as Record<string, unknown>;
const encode = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString('base64url');
const signatureOf = (value: string) => value.split('.')[1]!;
const flipLast = (text: string) => `${text.slice(0, -1)}${text.endsWith('A') ? 'B' : 'A'}`;
const signed = (customerId: string, issuedAt: Date, secret = config().UNSUBSCRIBE_SECRET) =>
  signUnsubscribeToken({ customerId, topic: topic as 'onboarding_tips', issuedAt: issuedAt.toISOString() }, secret);
const post = (value: string | undefined, extraQuery = '') =>
  rawRequest(rt.url, 'POST', `/unsubscribe${value === undefined ? '' : `?token=${encodeURIComponent(value)}`}${extraQuery}`, 'List-Unsubscribe=One-Click', FORM);
const consentOf = async (customerId: string) => ((await rt.api('GET', `/profiles/${customerId}`)).body as { consents: Record<string, unknown> }).consents[topic];

beforeAll(async () => {
  rt = await startTestRuntime({ dataDir: null });
  for (const [index, id] of ['unsub-a', 'unsub-b'].entries()) {
    expect((await rt.api('PUT', `/profiles/${id}`, customer(id))).status).toBe(200);
    const at = START;
    expect((await rt.api('POST', '/events', { events: [
      // Event ids that do not spell the customer: de-duplication keeps ids for 7 days, erasure or not.
      { id: `evt-signup-${index}`, type: 'customer.signed_up', occurredAt: at, source: 'test', customerId: id, data: {} },
      { id: `evt-active-${index}`, type: 'customer.activated', occurredAt: at, source: 'test', customerId: id, data: {} },
    ] })).status).toBe(202);
  }
  await rt.idle();
  for (const key of ['a', 'b'] as const) {
    const marketing = (await rt.inbox.emails()).find((email) => email.destination.to.includes(`unsub-${key}@example.com`) && listUnsubscribeOf(email));
    expect(marketing, `a marketing email with List-Unsubscribe to unsub-${key}`).toBeDefined();
    token[key] = new URL(listUnsubscribeOf(marketing!)!).searchParams.get('token')!;
  }
  topic = String(payloadOf(token.a).t);
  expect(payloadOf(token.a)).toMatchObject({ c: 'unsub-a' });
  expect(payloadOf(token.b)).toMatchObject({ c: 'unsub-b' });
});
afterAll(async () => rt?.stop());

const FORGED: { guards: string; token: () => string | undefined; code?: string }[] = [
  { guards: 'the signature with its last character changed', token: () => flipLast(token.a) },
  { guards: 'a signature of zero bytes of the right length', token: () => `${token.a.split('.')[0]}.${Buffer.alloc(32).toString('base64url')}` },
  { guards: "A's token edited to name B (A's signature kept)", token: () => `${encode({ ...payloadOf(token.a), c: 'unsub-b' })}.${signatureOf(token.a)}` },
  { guards: "A's token edited to another topic", token: () => `${encode({ ...payloadOf(token.a), t: topic === 'offers' ? 'product_news' : 'offers' })}.${signatureOf(token.a)}` },
  { guards: "A's token edited to be issued later (to extend it)", token: () => `${encode({ ...payloadOf(token.a), i: new Date(Date.parse(START) + 86_400_000).toISOString() })}.${signatureOf(token.a)}` },
  { guards: "B's payload with A's signature (signatures swapped)", token: () => `${token.b.split('.')[0]}.${signatureOf(token.a)}` },
  { guards: 'the signature cut short', token: () => token.a.slice(0, -5) },
  { guards: 'the payload cut short', token: () => token.a.slice(4) },
  { guards: 'the payload alone, no signature', token: () => token.a.split('.')[0] },
  { guards: 'a third part appended', token: () => `${token.a}.extra` },
  { guards: 'standard base64 instead of base64url', token: () => token.a.replace(/-/g, '+').replace(/_/g, '/') + '=' },
  { guards: 'a trailing space', token: () => `${token.a} ` },
  { guards: 'a line break inside', token: () => `${token.a.slice(0, 10)}\n${token.a.slice(10)}` },
  { guards: 'signed with another secret', token: () => signed('unsub-a', new Date(START), 'another-deployment-secret-0123456789') },
  { guards: 'expired (issued 400 days ago)', token: () => signed('unsub-a', new Date(Date.parse(START) - 400 * 86_400_000)) },
  { guards: 'issued two days in the future', token: () => signed('unsub-a', new Date(Date.parse(START) + 2 * 86_400_000)) },
  { guards: 'a 3000-character token', token: () => 'a'.repeat(1500) + '.' + 'b'.repeat(1499) },
  { guards: 'no token at all', token: () => undefined, code: 'validation_failed' },
];

describe('unsubscribe tokens', () => {
  it.each(FORGED)('refuses $guards, writing nothing', async (c) => {
    const before = await stateOf(rt);
    const answer = await post(c.token());
    expect(answer.status).toBe(400);
    expect((answer.body as { error: { code: string } }).error.code).toBe(c.code ?? 'invalid_token');
    // The page shown for GET (link previews) refuses it the same way.
    if (c.token() !== undefined) expect((await rawRequest(rt.url, 'GET', `/unsubscribe?token=${encodeURIComponent(c.token()!)}`)).status).toBe(400);
    expect(await stateOf(rt)).toStrictEqual(before);
  });

  it("applies A's genuine token to A alone, whatever else the request names", async () => {
    expect(await consentOf('unsub-a')).toBe(true);
    const answer = await post(token.a, '&customerId=unsub-b&c=unsub-b&topic=offers');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ unsubscribed: true, topic });
    expect(await consentOf('unsub-a')).toBe(false);
    expect(await consentOf('unsub-b')).toBe(true);
    expect(((await rt.api('GET', '/profiles/unsub-b')).body as { consents: Record<string, unknown> }).consents).toEqual(customer('unsub-b').consents);
  });

  it('answers a replay of the same token like the first use, and writes nothing more', async () => {
    const before = await stateOf(rt);
    const answer = await post(token.a);
    expect(answer.status).toBe(200);
    expect(await stateOf(rt)).toStrictEqual(before);
    expect(await consentOf('unsub-b')).toBe(true);
  });

  it('answers a token of an erased customer the same way, and brings nothing of them back', async () => {
    expect((await rt.api('DELETE', '/profiles/unsub-a')).status).toBe(204);
    const before = await stateOf(rt);
    const answer = await post(token.a);
    expect(answer.status).toBe(200);
    expect(await stateOf(rt)).toStrictEqual(before);
    expect(JSON.stringify(before.table)).not.toContain('unsub-a');
  });
});
