/**
 * The console as the runtime serves it: the page and its bundle (built in memory by esbuild), and the read-only
 * helpers under /console/api — on-call auth where customer data is involved, validation, no personal data in
 * the counts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROFILE, signedUp, START, startTestRuntime, type TestRuntime } from '../../support/runtime';

const TOKEN = 'console-api-token';
const auth = { authorization: `Bearer ${TOKEN}` };
let runtime: TestRuntime;

beforeAll(async () => {
  runtime = await startTestRuntime({ oncallToken: TOKEN });
  for (const [customerId, region] of [['c-ana', 'eu-central'], ['c-ola', 'eu-west']] as const) {
    expect((await runtime.api('PUT', `/profiles/${customerId}`, { ...PROFILE, customerId, phone: null, segment: { region, plan: 'pro' } })).status).toBe(200);
  }
  const incident = { id: 'evt-inc', type: 'incident.opened', occurredAt: START, source: 'tests', customerId: 'c-ana', data: { incidentId: 'INC-7', severity: 'critical', title: 'Down' } };
  expect((await runtime.api('POST', '/events', { events: [signedUp('c-ana'), signedUp('c-ola'), incident] })).status).toBe(202);
  await runtime.idle();
}, 120_000);

afterAll(async () => {
  await runtime?.stop();
});

describe('the console page', () => {
  it('redirects /console to /console/ and serves the page with a content security policy', async () => {
    const redirect = await fetch(`${runtime.url}/console?x=1`, { redirect: 'manual' });
    expect(redirect.status).toBe(308);
    expect(redirect.headers.get('location')).toBe('/console/?x=1');
    const page = await runtime.api('GET', '/console/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.body).toContain('<script type="module" src="console.js"></script>');
  });

  it('serves the bundle esbuild built from local/console/src, and nothing that is not a console file', async () => {
    const script = await runtime.api('GET', '/console/console.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(String(script.body)).toContain('journeys-console.oncallToken');
    // Bundled: no imports left for the browser to fetch.
    expect(String(script.body)).not.toMatch(/^import /m);
    expect((await runtime.api('GET', '/console/console.css')).status).toBe(200);
    expect((await runtime.api('GET', '/console/../package.json')).status).toBe(404);
    expect((await runtime.api('GET', '/console/build.ts')).status).toBe(404);
  });

  it('is read-only', async () => {
    const answer = await runtime.api('POST', '/console/api/journeys', {});
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('GET /console/api/journeys', () => {
  it('answers each journey with its synthesized ASL and executions per status', async () => {
    const { status, body } = await runtime.api('GET', '/console/api/journeys');
    expect(status).toBe(200);
    const journeys = (body as { journeys: { journey: string; definition: { StartAt: string; States: object }; executions: Record<string, number> }[] }).journeys;
    expect(journeys.map((j) => j.journey)).toEqual(['onboarding', 'incident', 'crisis', 'post-resolution']);
    const onboarding = journeys[0]!;
    expect(Object.keys(onboarding.definition.States)).toContain(onboarding.definition.StartAt);
    expect(onboarding.executions).toEqual({ RUNNING: 2 });
  });
});

describe('GET /console/api/stats', () => {
  it('counts decisions by journey, outcome, channel and reason code, without customer ids', async () => {
    const { status, body } = await runtime.api('GET', '/console/api/stats');
    expect(status).toBe(200);
    const stats = body as { decisions: { journey: string; outcome: string; channel: string; reason: string; count: number }[]; surveys: { responses: number; histogram: number[] } };
    expect(stats.decisions).toContainEqual({ journey: 'onboarding', outcome: 'sent', channel: 'email', reason: 'allowed', count: 2 });
    expect(stats.surveys).toEqual({ responses: 0, histogram: Array(11).fill(0) });
    expect(JSON.stringify(body)).not.toMatch(/c-ana|c-ola|example\.com/);
  });
});

describe('GET /console/api/customers/{id}', () => {
  it('needs the on-call token: 401 without, 403 with another', async () => {
    expect((await runtime.api('GET', '/console/api/customers/c-ana')).status).toBe(401);
    const wrong = await runtime.api('GET', '/console/api/customers/c-ana', undefined, { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(403);
    expect(wrong.body).toMatchObject({ error: { code: 'forbidden' } });
  });

  it('answers the suppressions of the decision context, with reason, scope and expiry', async () => {
    const { status, body } = await runtime.api('GET', '/console/api/customers/c-ana', undefined, auth);
    expect(status).toBe(200);
    expect(body).toMatchObject({ customerId: 'c-ana', found: true, suppressions: [{ kind: 'open_incident', ref: 'INC-7', reason: 'open critical incident INC-7', scope: 'marketing', active: true }] });
    const [suppression] = (body as { suppressions: { expiresAt?: string }[] }).suppressions;
    expect(Date.parse(suppression?.expiresAt ?? '')).toBeGreaterThan(Date.parse(START));
    expect((await runtime.api('GET', '/console/api/customers/nobody', undefined, auth)).body).toMatchObject({ found: false, suppressions: [] });
    expect((await runtime.api('GET', '/console/api/customers/bad%23id', undefined, auth)).status).toBe(400);
  });
});

describe('GET /console/api/audience', () => {
  it('counts a crisis audience for on-call staff, validating it like PUT /crisis', async () => {
    const count = (affected: unknown) => runtime.api('GET', `/console/api/audience?affected=${encodeURIComponent(JSON.stringify(affected))}`, undefined, auth);
    expect((await count({ all: true })).body).toEqual({ affected: { all: true }, count: 2 });
    expect((await count({ region: ['eu-west'] })).body).toEqual({ affected: { region: ['eu-west'] }, count: 1 });
    expect((await count({ region: ['eu-west'], plan: ['basic'] })).body).toMatchObject({ count: 0 });
    const invalid = await count({ region: [] });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ error: { code: 'validation_failed', issues: [{ path: 'affected.region' }] } });
    expect((await runtime.api('GET', '/console/api/audience?affected=nope', undefined, auth)).status).toBe(400);
    expect((await runtime.api('GET', '/console/api/audience?affected=%7B%22all%22%3Atrue%7D')).status).toBe(401);
  });
});

describe('GET /console/api/preview', () => {
  it('renders a message with the domain templates and the locale sample values', async () => {
    const { status, body } = await runtime.api('GET', '/console/api/preview?template=welcome&locale=sk-SK&channel=email&category=transactional');
    expect(status).toBe(200);
    expect(body).toMatchObject({ template: 'welcome', requestedLocale: 'sk-SK', locale: 'sk', channel: 'email' });
    expect((body as { html: string }).html).toContain('Žofia');
    const sms = await runtime.api('GET', '/console/api/preview?template=incident_ack&locale=de&channel=sms');
    expect(sms.body).toMatchObject({ locale: 'en', channel: 'sms' });
    expect((sms.body as { text: string }).text).toContain('INC-42');
    const invalid = await runtime.api('GET', '/console/api/preview?template=nope');
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ error: { issues: [{ path: 'template' }] } });
  });

  it('lists what it can render', async () => {
    const { body } = await runtime.api('GET', '/console/api');
    expect(body).toMatchObject({ locales: ['en', 'sk', 'cs', 'hu'] });
    expect((body as { templates: string[] }).templates).toContain('crisis_alert');
  });
});
