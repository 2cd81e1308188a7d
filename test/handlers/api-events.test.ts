import { startHandlerEnv, type HandlerEnv } from '../support/handler-env';
import { PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../functions/handlers/api-events';
import { invoke } from '../support/api-events';

let env: HandlerEnv;
beforeAll(async () => {
  env = await startHandlerEnv();
});
afterAll(async () => env.close());
beforeEach(() => env.resetMocks());

let seq = 0;
function anEvent(overrides: Record<string, unknown> = {}) {
  seq += 1;
  return {
    id: `evt-${seq}`,
    type: 'incident.opened',
    occurredAt: '2026-11-23T10:00:00Z',
    source: 'support-desk',
    customerId: 'c-123',
    data: { incidentId: `INC-${seq}`, severity: 'critical', title: 'Card payments failing' },
    ...overrides,
  };
}

const post = (body: unknown) => invoke(handler, { method: 'POST', path: '/events', body });
const entriesSent = () => env.eventBridgeMock.commandCalls(PutEventsCommand).map((call) => call.args[0].input.Entries ?? []);

describe('POST /events', () => {
  it('accepts one event: 202 with the journey it starts and the execution name, put on the bus as the envelope', async () => {
    const event = anEvent();
    const answer = await post(event);
    expect(answer.status).toBe(202);
    expect(answer.json).toEqual({ accepted: [{ id: event.id, journey: 'incident', execution: `incident-${event.id}` }], duplicates: [], failed: [] });
    const [entries] = entriesSent();
    expect(entries).toEqual([
      { EventBusName: 'journeys', Source: 'support-desk', DetailType: 'incident.opened', Detail: expect.any(String), Time: new Date('2026-11-23T10:00:00Z') },
    ]);
    expect(JSON.parse(entries?.[0]?.Detail ?? '')).toEqual(event);
  });

  it('answers null journey and execution for a type that starts no journey', async () => {
    const event = anEvent({ type: 'customer.activated', data: {} });
    const answer = await post(event);
    expect(answer.status).toBe(202);
    expect(answer.json.accepted).toEqual([{ id: event.id, journey: null, execution: null }]);
  });

  it('puts the envelope with its defaults applied (data {} for a type without data)', async () => {
    const { data: _none, ...event } = anEvent({ type: 'customer.signed_up' });
    expect((await post(event)).status).toBe(202);
    expect(JSON.parse(entriesSent()[0]?.[0]?.Detail ?? '{}')).toEqual({ ...event, data: {} });
  });

  it('accepts a batch, putting at most 10 entries per PutEvents call', async () => {
    const events = Array.from({ length: 23 }, () => anEvent({ type: 'customer.signed_up', data: {} }));
    const answer = await post({ events });
    expect(answer.status).toBe(202);
    expect(answer.json.accepted.map((a: { id: string }) => a.id)).toEqual(events.map((e) => e.id));
    expect(answer.json.accepted[0]).toEqual({ id: events[0]!.id, journey: 'onboarding', execution: `onboarding-${events[0]!.id}` });
    expect(entriesSent().map((entries) => entries.length)).toEqual([10, 10, 3]);
  });

  it('accepts 100 events, the maximum', async () => {
    const events = Array.from({ length: 100 }, () => anEvent({ type: 'customer.churned', data: {} }));
    const answer = await post({ events });
    expect(answer.status).toBe(202);
    expect(answer.json.accepted).toHaveLength(100);
    expect(entriesSent()).toHaveLength(10);
  });

  it('lists an id seen before as a duplicate and puts nothing for it', async () => {
    const event = anEvent();
    await post(event);
    env.resetMocks();
    const fresh = anEvent();
    const answer = await post({ events: [event, fresh] });
    expect(answer.status).toBe(202);
    expect(answer.json).toEqual({ accepted: [{ id: fresh.id, journey: 'incident', execution: `incident-${fresh.id}` }], duplicates: [event.id], failed: [] });
    expect(entriesSent().flat().map((e) => JSON.parse(e.Detail ?? '{}').id)).toEqual([fresh.id]);
  });

  it('answers 202 with only duplicates when every event was seen before', async () => {
    const event = anEvent();
    await post(event);
    env.resetMocks();
    const answer = await post(event);
    expect(answer.status).toBe(202);
    expect(answer.json).toEqual({ accepted: [], duplicates: [event.id], failed: [] });
    expect(entriesSent()).toEqual([]);
  });

  it('puts an entry the bus refused for a transient reason again, only that one, and accepts it', async () => {
    const [a, b, c] = [anEvent(), anEvent(), anEvent()];
    let call = 0;
    env.eventBridgeMock.on(PutEventsCommand).callsFake((input: { Entries: PutEventsRequestEntry[] }) => {
      call += 1;
      const refuse = (entry: PutEventsRequestEntry) => call === 1 && JSON.parse(entry.Detail ?? '{}').id === b.id;
      return {
        FailedEntryCount: input.Entries.filter(refuse).length,
        Entries: input.Entries.map((entry, i) => (refuse(entry) ? { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' } : { EventId: `eb-${call}-${i}` })),
      };
    });
    const answer = await post({ events: [a, b, c] });
    expect(answer.status).toBe(202);
    expect(answer.json.accepted.map((x: { id: string }) => x.id)).toEqual([a.id, b.id, c.id]);
    expect(answer.json.failed).toEqual([]);
    expect(entriesSent().map((entries) => entries.map((entry) => JSON.parse(entry.Detail ?? '{}').id))).toEqual([[a.id, b.id, c.id], [b.id]]);
  });

  it('reports an entry the bus kept refusing as failed and releases its claim, so a retry is accepted', async () => {
    const [a, b, c] = [anEvent(), anEvent(), anEvent()];
    const refuse = (entry: PutEventsRequestEntry) => JSON.parse(entry.Detail ?? '{}').id === b.id;
    env.eventBridgeMock.on(PutEventsCommand).callsFake((input: { Entries: PutEventsRequestEntry[] }) => ({
      FailedEntryCount: input.Entries.filter(refuse).length,
      Entries: input.Entries.map((entry, i) => (refuse(entry) ? { ErrorCode: 'InternalFailure', ErrorMessage: 'Internal service error' } : { EventId: `eb-${i}` })),
    }));
    const answer = await post({ events: [a, b, c] });
    expect(answer.status).toBe(202);
    expect(answer.json.accepted.map((x: { id: string }) => x.id)).toEqual([a.id, c.id]);
    expect(answer.json.failed).toEqual([{ id: b.id, code: 'InternalFailure', message: 'Internal service error' }]);
    expect(answer.json.duplicates).toEqual([]);
    // Tried three times (the first call and two retries of b alone) before it was reported.
    expect(entriesSent().map((entries) => entries.length)).toEqual([3, 1, 1]);

    env.resetMocks();
    const retry = await post({ events: [a, b, c] });
    expect(retry.json).toEqual({ accepted: [{ id: b.id, journey: 'incident', execution: `incident-${b.id}` }], duplicates: [a.id, c.id], failed: [] });
  });

  it('answers 502 with the same body and an error when nothing was accepted and the bus failed, and the ids can be retried', async () => {
    const events = [anEvent(), anEvent()];
    env.eventBridgeMock.on(PutEventsCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    const before = await env.snapshot();
    const answer = await post({ events });
    expect(answer.status).toBe(502);
    expect(answer.json).toMatchObject({
      accepted: [],
      duplicates: [],
      failed: events.map((e) => ({ id: e.id, code: 'ThrottlingException', message: expect.any(String) })),
      error: { code: 'event_bus_failed', message: expect.any(String) },
    });
    // The claims were released: the table is as before, and a retry goes through.
    expect(await env.snapshot()).toBe(before);
    env.resetMocks();
    expect((await post({ events })).json.accepted).toHaveLength(2);
  });

  it('answers 502 when every entry of the batch was refused', async () => {
    env.eventBridgeMock.on(PutEventsCommand).callsFake((input: { Entries: PutEventsRequestEntry[] }) => ({
      FailedEntryCount: input.Entries.length,
      Entries: input.Entries.map(() => ({ ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' })),
    }));
    const event = anEvent();
    const answer = await post(event);
    expect(answer.status).toBe(502);
    expect(answer.json.failed).toEqual([{ id: event.id, code: 'MalformedDetail', message: 'Detail is malformed.' }]);
    // A permanent refusal is not put again.
    expect(entriesSent()).toHaveLength(1);
  });

  it('keeps a failed batch from hiding the others: one batch accepted, the other failed', async () => {
    const events = Array.from({ length: 12 }, () => anEvent({ type: 'customer.activated', data: {} }));
    let call = 0;
    env.eventBridgeMock.on(PutEventsCommand).callsFake((input: { Entries: PutEventsRequestEntry[] }) => {
      call += 1;
      if (input.Entries.length === 2) throw Object.assign(new Error('unavailable'), { name: 'ServiceUnavailable' });
      return { FailedEntryCount: 0, Entries: input.Entries.map((_, i) => ({ EventId: `ok-${call}-${i}` })) };
    });
    const answer = await post({ events });
    expect(answer.status).toBe(202);
    expect(answer.json.accepted).toHaveLength(10);
    expect(answer.json.failed.map((f: { id: string; code: string }) => [f.id, f.code])).toEqual(events.slice(10).map((e) => [e.id, 'ServiceUnavailable']));
  });

  it('refuses the whole batch when one event is invalid: 400 with prefixed issues, nothing claimed or put', async () => {
    const events = [anEvent(), anEvent(), anEvent(), anEvent({ data: { incidentId: 'INC-1', severity: 'apocalyptic', title: 'x' } })];
    const before = await env.snapshot();
    const answer = await post({ events });
    expect(answer.status).toBe(400);
    expect(answer.json.error.code).toBe('validation_failed');
    expect(answer.json.error.issues).toEqual([{ path: 'events[3].data.severity', message: expect.any(String) }]);
    expect(await env.snapshot()).toBe(before);
    expect(env.externalWrites()).toBe(0);
  });

  it('names a single invalid event without a prefix', async () => {
    const answer = await post(anEvent({ data: { incidentId: 'INC-1', severity: 'apocalyptic', title: 'x' } }));
    expect(answer.status).toBe(400);
    expect(answer.json.error.issues).toEqual([{ path: 'data.severity', message: expect.any(String) }]);
  });

  it('names the problems of every invalid event of a batch', async () => {
    const answer = await post({ events: [anEvent({ type: 'nope' }), anEvent(), anEvent({ occurredAt: 'yesterday' })] });
    expect(answer.json.error.issues.map((i: { path: string }) => i.path)).toEqual(['events[0].type', 'events[2].occurredAt']);
  });
});
