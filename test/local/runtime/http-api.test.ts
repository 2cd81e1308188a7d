/**
 * The runtime's HTTP API end to end: its own routes, API Gateway's behaviour in front of the real handlers
 * (routing, 404/405, the 1 MiB limit, on-call auth) and a journey started by `POST /events` delivering its email.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIVATION_NUDGE_COPY } from '../../../contracts/experiments';
import { assignVariant } from '../../../functions/domain/rules/experiment';
import { sk } from '../../../functions/domain/templates/catalog/sk';
import { PROFILE, START, signedUp, startTestRuntime, type TestRuntime } from '../../support/runtime';

let runtime: TestRuntime;

beforeAll(async () => {
  runtime = await startTestRuntime({ dataDir: null });
});

afterAll(async () => {
  await runtime?.stop();
});

describe('the runtime HTTP API', () => {
  it('GET /health answers on the virtual clock', async () => {
    const answer = await runtime.api('GET', '/health');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: 'ok', timeScale: 0, now: START });
  });

  it('runs the handlers on the virtual clock (GET /status reports the manual clock\'s time)', async () => {
    const answer = await runtime.api('GET', '/status');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ mode: 'normal', updatedAt: START });
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('stores and reads a profile through the api-profiles handler', async () => {
    const put = await runtime.api('PUT', '/profiles/c-http', PROFILE);
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ customerId: 'c-http', locale: 'sk' });
    const get = await runtime.api('GET', '/profiles/c-http');
    expect(get.status).toBe(200);
    expect(get.body).toMatchObject({ customerId: 'c-http', email: PROFILE.email });
    expect(get.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('sends a browser opening / to the console, and gives other clients an index of the URLs', async () => {
    const browser = await fetch(`${runtime.url}/`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' }, redirect: 'manual' });
    expect(browser.status).toBe(302);
    expect(browser.headers.get('location')).toBe('/console/');
    const followed = await fetch(`${runtime.url}/`, { headers: { accept: 'text/html' } });
    expect(followed.status).toBe(200);
    expect(followed.headers.get('content-type')).toMatch(/^text\/html/);
    const index = await runtime.api('GET', '/');
    expect(index.status).toBe(200);
    expect(index.body).toMatchObject({ console: '/console/', runtime: ['/health', '/outbox', '/dlq', '/dlq/replay'] });
    expect((index.body as { api: string[] }).api).toContain('POST /events');
    const put = await runtime.api('PUT', '/', {});
    expect(put.status).toBe(405);
  });

  it('answers unknown paths with 404 and wrong methods with 405, in the contract error shape', async () => {
    const missing = await runtime.api('GET', '/nope');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: { code: 'not_found' } });
    const wrong = await runtime.api('PATCH', '/profiles/c-http', {});
    expect(wrong.status).toBe(405);
    expect(wrong.body).toMatchObject({ error: { code: 'method_not_allowed' } });
    expect(wrong.headers.get('allow')).toBe('PUT, GET, DELETE');
  });

  it('refuses a 2 MiB body with 413 (the rest read and dropped, not buffered)', async () => {
    const answer = await runtime.api('POST', '/events', Buffer.alloc(2 * 1024 * 1024, 'a'), { 'content-type': 'application/json' });
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('plays the on-call authorizer on PUT /crisis: 401 without credentials, 403 with wrong ones, 200 on call', async () => {
    const declaration = {
      severity: 'sev2',
      headline: 'Card payments degraded',
      message: { en: 'Some card payments fail; we are on it.' },
      affected: { region: ['nowhere'] },
      cadenceMinutes: 60,
    };
    const anonymous = await runtime.api('PUT', '/crisis', declaration);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ error: { code: 'unauthorized' } });
    const stranger = await runtime.api('PUT', '/crisis', declaration, { authorization: 'Bearer not-the-token' });
    expect(stranger.status).toBe(403);
    expect(stranger.body).toMatchObject({ error: { code: 'forbidden' } });
    const oncall = await runtime.api('PUT', '/crisis', declaration, { authorization: `Bearer ${runtime.oncallToken}` });
    expect(oncall.status).toBe(200);
    expect(oncall.body).toMatchObject({ active: true, severity: 'sev2' });
    const resolved = await runtime.api('DELETE', '/crisis', {}, { authorization: `Bearer ${runtime.oncallToken}` });
    expect(resolved.status).toBe(200);
  });

  it('starts the onboarding journey from POST /events; the welcome email arrives in the inbox, in Slovak', async () => {
    await runtime.api('PUT', '/profiles/c-welcome', PROFILE);
    const posted = await runtime.api('POST', '/events', signedUp('c-welcome'));
    expect(posted.status).toBe(202);
    expect(posted.body).toMatchObject({ accepted: [{ id: 'evt-c-welcome-signup', journey: 'onboarding' }] });
    await runtime.idle();

    const emails = (await runtime.inbox.emails()).filter((email) => email.destination.to.includes(PROFILE.email));
    expect(emails).toHaveLength(1);
    expect(emails[0]?.subject).toMatch(/^Vitajte v Journeys/);
    // As the README says: the decision (GET /messages, the CLI, the console) is stamped with virtual time, the
    // inbox's copy with the wall-clock time the emulator received it (the manual clock stands in 2026-11-23).
    const messages = await runtime.api('GET', '/messages?customerId=c-welcome');
    expect((messages.body as { messages: { step: string; at: string }[] }).messages.map((m) => [m.step, m.at])).toEqual([['welcome', START]]);
    const inboxAt = emails[0]!.at * 1000; // the emulator stamps seconds
    expect(Math.abs(inboxAt - Date.parse(START))).toBeGreaterThan(86_400_000);
    expect(Math.abs(inboxAt - Date.now())).toBeLessThan(10 * 60_000);

    const { executions } = await runtime.engine.listExecutions({ stateMachineArn: runtime.stateMachineArns.onboarding as string });
    expect(executions.map((execution) => execution.name)).toContain('onboarding-evt-c-welcome-signup');
  });

  it('moves journeys along the virtual clock: two days without activation bring the nudge', async () => {
    await runtime.clock.advance(2 * 86_400_000);
    await runtime.idle();
    const subjects = (await runtime.inbox.emails()).filter((email) => email.destination.to.includes(PROFILE.email)).map((email) => email.subject);
    // The nudge runs the experiment activation-nudge-copy: the subject is the Slovak copy of this customer's variant.
    const variant = assignVariant(ACTIVATION_NUDGE_COPY, 'c-welcome');
    expect(subjects).toEqual([expect.stringMatching(/^Vitajte v Journeys/), sk.templates[variant.template ?? 'activation_nudge']!.email!.subject]);
  });
});
