import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closedPortEndpoint, ESC, run, startStubApi, tempFile, type StubApi } from './support';

const decision = (overrides: Record<string, unknown>) => ({
  messageId: 'm-1',
  customerId: 'c-123',
  journey: 'onboarding',
  step: 'tip-1',
  category: 'marketing',
  topic: 'onboarding_tips',
  template: 'tips',
  outcome: 'sent',
  channel: 'email',
  locale: 'sk',
  reasons: ['allowed'],
  reasonCodes: ['allowed'],
  at: '2026-11-23T10:00:00.000Z',
  ...overrides,
});

const DECISIONS = [
  decision({ step: 'tip-1', outcome: 'deferred', channel: 'email', reasons: ['quiet hours until 08:00 Europe/Bratislava'], reasonCodes: ['quiet_hours'], sendAt: '2026-11-24T07:00:00.000Z', at: '2026-11-23T21:30:00.000Z' }),
  decision({ step: 'tip-2', outcome: 'suppressed', channel: null, reasons: ['suppressed: open critical incident INC-42'], reasonCodes: ['open_incident'], at: '2026-11-23T12:00:00.000Z' }),
  decision({ step: 'welcome', category: 'transactional', outcome: 'sent', channel: 'email', reasons: ['channel sms skipped: no phone number', 'sent by email'], reasonCodes: ['channel_skipped', 'allowed'] }),
];

describe('journeys CLI output and exit codes', () => {
  let api: StubApi;
  beforeEach(async () => {
    api = await startStubApi({
      'GET /messages': (request) => ({ status: 200, body: { messages: request.query.get('customerId') === 'c-123' ? DECISIONS.slice(0, Number(request.query.get('limit'))) : [] } }),
      'GET /outbox': () => ({
        status: 200,
        body: {
          messages: [
            { messageId: 'm-2', at: '2026-11-23T10:01:00.000Z', channel: 'sms', to: '+421900123456', body: 'Platby kartou nefungujú. Pracujeme na tom.', smsType: 'Transactional' },
            { messageId: 'm-1', at: '2026-11-23T10:00:00.000Z', channel: 'push', to: 'arn:aws:sns:eu-central-1:123456789012:endpoint/GCM/journeys/c-123', title: 'Payments', body: 'Card payments are failing.' },
          ],
        },
      }),
      'PUT /profiles/*': (request) => ({ status: 200, body: { locale: 'en', timeZone: 'UTC', segment: {}, consents: {}, channelPreferences: ['email', 'push', 'sms'], lifecycle: 'new', ...(request.body as object) } }),
      'GET /profiles/*': () => ({ status: 404, body: { error: { code: 'not_found', message: 'no profile' } } }),
      'DELETE /profiles/*': () => ({ status: 204 }),
    });
  });
  afterEach(() => api.close());

  it('exit 3 with a clear message when nothing answers at the endpoint', async () => {
    const endpoint = await closedPortEndpoint();
    const result = await run(['--endpoint', endpoint, 'why', 'c-123']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`cannot reach the Journeys API at ${endpoint} (ECONNREFUSED)`);
    expect(result.stderr).toContain(`is \`npm start\` running? tried GET ${endpoint}/messages?customerId=c-123&limit=20`);
  });

  it('defaults to the local runtime on $PORT', async () => {
    const port = new URL(api.endpoint).port;
    const result = await run(['why', 'c-123'], { env: { PORT: port } });
    expect(result.code).toBe(0);
    expect(api.requests[0]!.path).toBe('/messages');
  });

  it('why prints a readable table: time, journey/step, outcome, channel, reasons', async () => {
    const result = await run(['--endpoint', api.endpoint, 'why', 'c-123', '--limit', '3']);
    expect(result.code).toBe(0);
    expect(api.requests[0]!.query.get('limit')).toBe('3');
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('c-123: 3 most recent decisions');
    expect(lines[1]).toMatch(/^TIME\s+JOURNEY\/STEP\s+CATEGORY\s+OUTCOME\s+CHANNEL\s+REASONS$/);
    expect(lines[2]).toMatch(/^2026-11-23 21:30:00Z\s+onboarding\/tip-1\s+marketing\s+deferred\s+email\s+quiet hours until 08:00 Europe\/Bratislava$/);
    expect(lines[3]).toMatch(/onboarding\/tip-2\s+marketing\s+suppressed\s+-\s+suppressed: open critical incident INC-42$/);
    expect(lines[4]).toMatch(/onboarding\/welcome\s+transactional\s+sent\s+email\s+channel sms skipped: no phone number; sent by email$/);
    // Columns line up: every row's OUTCOME starts where the header's does.
    const column = lines[1]!.indexOf('OUTCOME');
    for (const line of lines.slice(2, 5)) expect(line.slice(column)).toMatch(/^(deferred|suppressed|sent) /);
  });

  it('why wraps the reasons to the terminal width, and only on a terminal', async () => {
    const narrow = await run(['--endpoint', api.endpoint, 'why', 'c-123'], { tty: true, columns: 110, env: { NO_COLOR: '1' } });
    expect(Math.max(...narrow.stdout.split('\n').map((line) => line.length))).toBeLessThanOrEqual(110);
    expect(narrow.stdout).toContain('sent by email');
    const piped = await run(['--endpoint', api.endpoint, 'why', 'c-123'], { columns: 90 });
    expect(piped.stdout).toContain('channel sms skipped: no phone number; sent by email');
  });

  it('why --json is one JSON document with the decisions', async () => {
    const result = await run(['--endpoint', api.endpoint, '--json', 'why', 'c-123']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ customerId: 'c-123', messages: DECISIONS });
  });

  it('why for a customer without decisions says so', async () => {
    const result = await run(['--endpoint', api.endpoint, 'why', 'nobody']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('no decisions recorded for nobody');
  });

  it('colours only on a terminal, and never with NO_COLOR or --no-color', async () => {
    const tty = await run(['--endpoint', api.endpoint, 'why', 'c-123'], { tty: true });
    expect(tty.stdout).toContain(ESC);
    const noColorEnv = await run(['--endpoint', api.endpoint, 'why', 'c-123'], { tty: true, env: { NO_COLOR: '1' } });
    expect(noColorEnv.stdout).not.toContain(ESC);
    const noColorFlag = await run(['--endpoint', api.endpoint, '--no-color', 'why', 'c-123'], { tty: true });
    expect(noColorFlag.stdout).not.toContain(ESC);
    const piped = await run(['--endpoint', api.endpoint, 'why', 'c-123']);
    expect(piped.stdout).not.toContain(ESC);
  });

  it('--limit out of range and unknown commands are usage errors (exit 2)', async () => {
    const limit = await run(['--endpoint', api.endpoint, 'why', 'c-123', '--limit', '500']);
    expect(limit.code).toBe(2);
    expect(limit.stderr).toContain('Must be a whole number from 1 to 100');
    const unknown = await run(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    const endpoint = await run(['--endpoint', 'localhost:3000', 'why', 'x']);
    expect(endpoint.code).toBe(2);
    expect(api.requests).toHaveLength(0);
  });

  it('--help exits 0', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: journeys');
    expect(result.stdout).toContain('3 cannot reach the endpoint');
  });

  it('errors in --json mode are one JSON document on stderr', async () => {
    const result = await run(['--endpoint', api.endpoint, '--json', 'profiles', 'get', 'c-404']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(JSON.parse(result.stderr)).toMatchObject({ error: { code: 'not_found', message: 'no profile for customer c-404', status: 404, exitCode: 1 } });
  });

  it('profiles put validates the file field by field before sending', async () => {
    const file = tempFile('ana.json', { customerId: 'c-1', phone: '0900 123 456', email: 'not-an-email', timeZone: 'Europe/Atlantis', channelPreferences: ['email', 'email'] });
    const result = await run(['--endpoint', api.endpoint, 'profiles', 'put', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('email: must be a valid email address');
    expect(result.stderr).toContain('phone: must be an E.164 phone number');
    expect(result.stderr).toContain('timeZone: must be an IANA time zone name');
    expect(result.stderr).toContain('channelPreferences: must not repeat a channel');
    expect(api.requests).toHaveLength(0);
  });

  it('profiles put stores the profile and shows it as stored', async () => {
    const profile = { customerId: 'c-1', email: 'ana@example.com', phone: '+421900123456', locale: 'sk', timeZone: 'Europe/Bratislava', consents: { offers: false, surveys: { sms: false } } };
    const result = await run(['--endpoint', api.endpoint, 'profiles', 'put', tempFile('ana.json', profile)]);
    expect(result.code).toBe(0);
    expect(api.requests[0]).toMatchObject({ method: 'PUT', path: '/profiles/c-1', body: profile });
    expect(result.stdout).toContain('stored profile c-1');
    expect(result.stdout).toMatch(/consents:\s+offers=no, surveys=sms:no/);
    expect(result.stdout).toMatch(/channels:\s+email > push > sms/);
  });

  it('profiles delete erases', async () => {
    const result = await run(['--endpoint', api.endpoint, 'profiles', 'delete', 'c-1']);
    expect(result.code).toBe(0);
    expect(api.requests[0]).toMatchObject({ method: 'DELETE', path: '/profiles/c-1' });
  });

  it('outbox lists SMS and push with their recipient and text', async () => {
    const result = await run(['--endpoint', api.endpoint, 'outbox', '--customer', 'c-123', '--limit', '5']);
    expect(result.code).toBe(0);
    expect(api.requests[0]!.query.get('customerId')).toBe('c-123');
    expect(api.requests[0]!.query.has('channel')).toBe(false);
    expect(api.requests[0]!.query.get('limit')).toBe('5');
    expect(result.stdout).toMatch(/^TIME\s+CHANNEL\s+TO\s+TEXT$/m);
    expect(result.stdout).toMatch(/2026-11-23 10:01:00Z\s+sms\s+\+421900123456\s+Platby kartou nefungujú\. Pracujeme na tom\./);
    expect(result.stdout).toMatch(/push\s+arn:aws:sns:\S+\s+Payments: Card payments are failing\./);
    const sms = await run(['--endpoint', api.endpoint, 'outbox', '--channel', 'sms']);
    expect(sms.code).toBe(0);
    expect(api.requests[1]!.query.get('channel')).toBe('sms');
    expect((await run(['--endpoint', api.endpoint, 'outbox', '--channel', 'fax'])).code).toBe(2);
  });

  it('graph prints the Mermaid flowchart of a journey from a template', async () => {
    const template = join(import.meta.dirname, 'fixtures', 'template.json');
    const result = await run(['graph', 'onboarding', '--template', template]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^flowchart TD\n/);
    expect(result.stdout).toContain('start_((start)) --> s_Welcome');
    const missing = await run(['graph', 'crisis', '--template', template]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('has no state machine tagged journeys:journey=crisis');
    const unknown = await run(['graph', 'marketing']);
    expect(unknown.code).toBe(2);
  });
});
