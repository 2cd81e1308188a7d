import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run, startStubApi, tempFile, type StubApi } from './support';

const event = (id: string, overrides: Record<string, unknown> = {}) => ({
  id,
  type: 'incident.opened',
  occurredAt: '2026-11-23T10:00:00Z',
  source: 'support-desk',
  customerId: 'c-123',
  data: { incidentId: 'INC-42', severity: 'critical', title: 'Card payments failing' },
  ...overrides,
});

describe('journeys events send', () => {
  let api: StubApi;
  beforeEach(async () => {
    api = await startStubApi({
      'POST /events': (request) => {
        const body = request.body as { events?: { id: string; type: string }[]; id?: string; type?: string };
        const events = body.events ?? [body as { id: string; type: string }];
        return {
          status: 202,
          body: {
            accepted: events
              .filter((e) => e.id !== 'dup-1')
              .map((e) => (e.type === 'incident.opened' ? { id: e.id, journey: 'incident', execution: `incident-${e.id}` } : { id: e.id, journey: null, execution: null })),
            duplicates: events.filter((e) => e.id === 'dup-1').map((e) => e.id),
            failed: [],
          },
        };
      },
    });
  });
  afterEach(() => api.close());

  it('refuses an invalid event with a field-level issue, exit 1, and sends nothing', async () => {
    const file = tempFile('bad.json', event('e-1', { data: { incidentId: 'INC-42', severity: 'catastrophic', title: 'x' } }));
    const result = await run(['--endpoint', api.endpoint, 'events', 'send', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/data\.severity: Invalid option: expected one of "critical"\|"major"\|"minor"/);
    expect(result.stderr).toContain('nothing was sent');
    expect(api.requests).toHaveLength(0);
  });

  it('names the event of a batch that is wrong (events[1].…) and the repeated id', async () => {
    const file = tempFile('batch.json', { events: [event('e-1'), event('e-2', { occurredAt: 'yesterday' }), event('e-1')] });
    const result = await run(['--endpoint', api.endpoint, 'events', 'send', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('events[1].occurredAt: must be an ISO 8601 date-time');
    expect(result.stderr).toContain('events[2].id: repeats the id of events[0]');
    expect(api.requests).toHaveLength(0);
  });

  it('refuses a file that is not JSON or does not exist, naming it', async () => {
    const notJson = await run(['--endpoint', api.endpoint, 'events', 'send', tempFile('x.json', '{"id": ')]);
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toMatch(/x\.json is not valid JSON/);
    const missing = await run(['--endpoint', api.endpoint, 'events', 'send', '/no/such/events.json']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot read /no/such/events.json: no such file');
    expect(api.requests).toHaveLength(0);
  });

  it('sends a batch and prints what was accepted, started and duplicated', async () => {
    const file = tempFile('batch.json', [event('e-1'), event('dup-1'), event('e-2', { type: 'customer.activated', data: {} })]);
    const result = await run(['--endpoint', api.endpoint, 'events', 'send', file]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(api.requests).toHaveLength(1);
    expect((api.requests[0]!.body as { events: unknown[] }).events).toHaveLength(3);
    expect(result.stdout).toContain('2 accepted (1 started a journey), 1 duplicate, 0 failed');
    expect(result.stdout).toMatch(/e-1\s+incident\.opened\s+c-123\s+accepted\s+incident\s+incident-e-1/);
    expect(result.stdout).toMatch(/dup-1\s+incident\.opened\s+c-123\s+duplicate/);
  });

  it('sends one event as it is (no batch envelope), read from standard input', async () => {
    const result = await run(['--endpoint', api.endpoint, 'events', 'send', '-'], { stdin: JSON.stringify(event('e-9')) });
    expect(result.code).toBe(0);
    expect(api.requests[0]!.body).toEqual(event('e-9'));
  });

  it('splits more than 100 events into batches of 100', async () => {
    const events = Array.from({ length: 150 }, (_, i) => event(`e-${i}`));
    const result = await run(['--endpoint', api.endpoint, '--json', 'events', 'send', tempFile('many.json', { events })]);
    expect(result.code).toBe(0);
    expect(api.requests.map((r) => (r.body as { events: unknown[] }).events.length)).toEqual([100, 50]);
    expect((JSON.parse(result.stdout) as { accepted: unknown[] }).accepted).toHaveLength(150);
  });

  it('--json prints the merged answer as one JSON document', async () => {
    const result = await run(['--endpoint', api.endpoint, '--json', 'events', 'send', tempFile('one.json', { events: [event('e-1'), event('dup-1')] })]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      accepted: [{ id: 'e-1', journey: 'incident', execution: 'incident-e-1' }],
      duplicates: ['dup-1'],
      failed: [],
    });
  });

  it('exits 4 and lists the events that failed on the server side', async () => {
    api.routes.set('POST /events', () => ({
      status: 502,
      body: {
        accepted: [],
        duplicates: [],
        failed: [{ id: 'e-1', code: 'InternalException', message: 'the event bus did not take the batch; retry the event' }],
        error: { code: 'event_bus_failed', message: 'none of the events could be put on the event bus (1 failed); retry them' },
      },
    }));
    const result = await run(['--endpoint', api.endpoint, 'events', 'send', tempFile('one.json', event('e-1'))]);
    expect(result.code).toBe(4);
    expect(result.stdout).toContain('0 accepted (0 started a journey), 0 duplicates, 1 failed');
    expect(result.stdout).toMatch(/e-1\s+incident\.opened\s+c-123\s+failed\s+InternalException/);
    expect(result.stderr).toContain('1 of 1 events failed on the server');
  });

  it('prints the field-level issues of a 400 from the API', async () => {
    api.routes.set('POST /events', () => ({
      status: 400,
      body: { error: { code: 'validation_failed', message: 'invalid event: data.title: must be a single line', issues: [{ path: 'data.title', message: 'must be a single line' }] } },
    }));
    const result = await run(['--endpoint', api.endpoint, 'events', 'send', tempFile('one.json', event('e-1'))]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: invalid event: data.title: must be a single line');
    expect(result.stderr).toContain('  data.title: must be a single line');
  });

  it('exits 4 on a server error', async () => {
    api.routes.set('POST /events', () => ({ status: 500, body: { error: { code: 'internal_error', message: 'something went wrong on our side' } } }));
    const result = await run(['--endpoint', api.endpoint, 'events', 'send', tempFile('one.json', event('e-1'))]);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('something went wrong on our side');
  });
});
