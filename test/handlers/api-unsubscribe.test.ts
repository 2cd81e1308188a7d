import { startHandlerEnv, TEST_UNSUBSCRIBE_SECRET, type HandlerEnv } from '../support/handler-env';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signUnsubscribeToken } from '../../functions/domain/templates/unsubscribe-token';
import { handler } from '../../functions/handlers/api-unsubscribe';
import { profile } from '../support/adapter-fixtures';
import { invoke, type ApiEventInput } from '../support/api-events';

let env: HandlerEnv;
beforeAll(async () => {
  env = await startHandlerEnv();
});
afterAll(async () => env.close());
beforeEach(async () => {
  await env.clear();
  await env.profiles.putProfile(profile('c-a', { consents: { offers: true, product_news: true, surveys: true } }));
  await env.profiles.putProfile(profile('c-b', { consents: { offers: true, product_news: true, surveys: true } }));
});

const tokenFor = (customerId: string, topic: 'offers' | 'product_news' | 'surveys' = 'offers', issuedAt = '2026-11-20T10:00:00.000Z') =>
  signUnsubscribeToken({ customerId, topic, issuedAt }, TEST_UNSUBSCRIBE_SECRET);
const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
const page = (token: string, headers: Record<string, string> = BROWSER) => invoke(handler, { method: 'GET', path: '/unsubscribe', query: { token }, headers });
const oneClick = (token: string, extra: Partial<ApiEventInput> = {}) =>
  invoke(handler, {
    method: 'POST',
    path: '/unsubscribe',
    query: { token },
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
    ...extra,
  });

describe('GET /unsubscribe', () => {
  it('shows an accessible page saying what will be unsubscribed, with a button that POSTs, and writes nothing', async () => {
    const before = await env.snapshot();
    const token = tokenFor('c-a');
    const answer = await page(token);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer.headers['referrer-policy']).toBe('no-referrer');
    expect(answer.body).toMatch(/<html lang="en">/);
    expect(answer.body).toContain('offers and promotions');
    expect(answer.body).toContain(`<form method="post" action="?token=${encodeURIComponent(token)}">`);
    expect(answer.body).toContain('<input type="hidden" name="List-Unsubscribe" value="One-Click">');
    expect(answer.body).toMatch(/<button type="submit" aria-describedby="what">Unsubscribe from offers and promotions<\/button>/);
    expect(await env.snapshot()).toBe(before);
    expect((await env.profiles.getProfile('c-a'))?.consents.offers).toBe(true);
  });

  it('shows a page for an invalid link to a browser, and the contract error to an API client, both 400', async () => {
    const forged = tokenFor('c-a').replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    const browser = await page(forged);
    expect(browser.status).toBe(400);
    expect(browser.body).toContain('not valid or has expired');
    const api = await page(forged, {});
    expect(api.status).toBe(400);
    expect(api.json.error.code).toBe('invalid_token');
  });
});

describe('POST /unsubscribe', () => {
  it('withdraws the consent for the token topic only (one-click, RFC 8058)', async () => {
    const answer = await oneClick(tokenFor('c-a', 'offers'));
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ unsubscribed: true, topic: 'offers' });
    const stored = await env.profiles.getProfile('c-a');
    expect(stored?.consents).toMatchObject({ offers: false, product_news: true, surveys: true });
  });

  it('answers a browser form post with a page', async () => {
    const answer = await oneClick(tokenFor('c-a', 'product_news'), { headers: { 'content-type': 'application/x-www-form-urlencoded', ...BROWSER } });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer.body).toContain('You are unsubscribed');
    expect((await env.profiles.getProfile('c-a'))?.consents.product_news).toBe(false);
  });

  it('accepts an empty body and JSON answers when asked for', async () => {
    const answer = await invoke(handler, { method: 'POST', path: '/unsubscribe', query: { token: tokenFor('c-a', 'surveys') }, headers: { accept: 'application/json' } });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ unsubscribed: true, topic: 'surveys' });
  });

  it('is idempotent: a second click answers the same', async () => {
    const token = tokenFor('c-a');
    await oneClick(token);
    const again = await oneClick(token);
    expect(again.status).toBe(200);
    expect((await env.profiles.getProfile('c-a'))?.consents.offers).toBe(false);
  });

  it('can only ever change the customer the token was made for', async () => {
    const before = await env.profiles.getProfile('c-b');
    // A's genuine token with B named in the query: the query is not read for the customer.
    await invoke(handler, {
      method: 'POST',
      path: '/unsubscribe',
      query: { token: tokenFor('c-a'), customerId: 'c-b' },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click&customerId=c-b',
    });
    expect(await env.profiles.getProfile('c-b')).toEqual(before);
    expect((await env.profiles.getProfile('c-a'))?.consents.offers).toBe(false);

    // A's signature on a payload edited to name B: refused.
    const [, signature] = tokenFor('c-a').split('.');
    const edited = Buffer.from(JSON.stringify({ v: 1, c: 'c-b', t: 'offers', i: '2026-11-20T10:00:00.000Z' })).toString('base64url');
    const snapshot = await env.snapshot();
    const answer = await oneClick(`${edited}.${signature}`);
    expect(answer.status).toBe(400);
    expect(answer.json.error.code).toBe('invalid_token');
    expect(await env.snapshot()).toBe(snapshot);
  });

  it('refuses a token signed with another secret, or expired, with 400 invalid_token and writes nothing', async () => {
    const before = await env.snapshot();
    const foreign = signUnsubscribeToken({ customerId: 'c-a', topic: 'offers', issuedAt: '2026-11-20T10:00:00.000Z' }, 'someone-elses-secret-0123456789');
    const expired = tokenFor('c-a', 'offers', '2025-11-01T00:00:00.000Z');
    for (const token of [foreign, expired, 'garbage']) {
      const answer = await oneClick(token);
      expect(answer.status).toBe(400);
      expect(answer.json.error.code).toBe('invalid_token');
    }
    expect(await env.snapshot()).toBe(before);
  });

  it('answers an erased customer exactly like a successful unsubscribe, writing nothing', async () => {
    await env.erasure.eraseCustomer('c-a');
    const before = await env.snapshot();
    const answer = await oneClick(tokenFor('c-a'));
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ unsubscribed: true, topic: 'offers' });
    expect(await env.snapshot()).toBe(before);
  });
});
