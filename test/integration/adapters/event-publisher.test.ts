import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { putEventsReliably } from '../../../functions/adapters/event-publisher';

const client = new EventBridgeClient({ region: 'eu-central-1' });
const eventBridge = mockClient(client);
beforeEach(() => eventBridge.reset());
afterAll(() => eventBridge.restore());

const entry = (id: string): PutEventsRequestEntry => ({ EventBusName: 'journeys', Source: 'tests', DetailType: 'customer.signed_up', Detail: JSON.stringify({ id }) });
const idOf = (e: PutEventsRequestEntry) => (JSON.parse(e.Detail ?? '{}') as { id: string }).id;
const calls = () => eventBridge.commandCalls(PutEventsCommand).map((call) => (call.args[0].input.Entries ?? []).map(idOf));

/** The bus answers each entry by its id: `refuse(id, call)` gives the error code, or undefined to accept it. */
function bus(refuse: (id: string, call: number) => string | undefined) {
  let call = 0;
  eventBridge.on(PutEventsCommand).callsFake((input: { Entries: PutEventsRequestEntry[] }) => {
    call += 1;
    const entries = input.Entries.map((e) => {
      const code = refuse(idOf(e), call);
      return code ? { ErrorCode: code, ErrorMessage: `${code} for ${idOf(e)}` } : { EventId: `eb-${idOf(e)}` };
    });
    return { FailedEntryCount: entries.filter((e) => 'ErrorCode' in e).length, Entries: entries };
  });
}

/** No real waiting; the pauses are recorded. */
function recorder(random = 0.5) {
  const pauses: number[] = [];
  return { pauses, retry: { sleep: async (ms: number) => void pauses.push(ms), random: () => random } };
}

describe('putEventsReliably', () => {
  it('puts only the entries refused for a transient reason again, after a jittered, growing backoff', async () => {
    bus((id, call) => (id === 'b' && call <= 2 ? 'ThrottlingException' : id === 'c' && call === 1 ? 'InternalFailure' : undefined));
    const { pauses, retry } = recorder(0.5);
    const results = await putEventsReliably(client, ['a', 'b', 'c'].map(entry), retry);
    expect(results).toEqual([
      { ok: true, eventId: 'eb-a' },
      { ok: true, eventId: 'eb-b' },
      { ok: true, eventId: 'eb-c' },
    ]);
    expect(calls()).toEqual([['a', 'b', 'c'], ['b', 'c'], ['b']]);
    // Full jitter: random × the ceiling (100 ms, then 200 ms).
    expect(pauses).toEqual([50, 100]);
  });

  it('gives up after the attempts and answers the last failure, marked transient', async () => {
    bus((id) => (id === 'b' ? 'InternalFailure' : undefined));
    const results = await putEventsReliably(client, ['a', 'b'].map(entry), recorder().retry);
    expect(results[1]).toEqual({ ok: false, code: 'InternalFailure', message: 'InternalFailure for b', transient: true });
    expect(calls()).toEqual([['a', 'b'], ['b'], ['b']]);
  });

  it('does not put an entry refused for a permanent reason again', async () => {
    bus((id) => (id === 'a' ? 'MalformedDetail' : undefined));
    const results = await putEventsReliably(client, ['a', 'b'].map(entry), recorder().retry);
    expect(results).toEqual([{ ok: false, code: 'MalformedDetail', message: 'MalformedDetail for a', transient: false }, { ok: true, eventId: 'eb-b' }]);
    expect(calls()).toEqual([['a', 'b']]);
  });

  it('retries a call that threw a server-side error, and reports a client-side one at once', async () => {
    eventBridge
      .on(PutEventsCommand)
      .rejectsOnce(Object.assign(new Error('unavailable'), { name: 'ServiceUnavailable', $fault: 'server' }))
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'eb-a' }] });
    expect(await putEventsReliably(client, [entry('a')], recorder().retry)).toEqual([{ ok: true, eventId: 'eb-a' }]);

    eventBridge.reset();
    eventBridge.on(PutEventsCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException', $fault: 'client', $metadata: { httpStatusCode: 400 } }));
    const [result] = await putEventsReliably(client, [entry('a')], recorder().retry);
    expect(result).toMatchObject({ ok: false, code: 'AccessDeniedException', transient: false });
    expect(calls()).toHaveLength(1);
  });

  it('puts at most 10 entries per call and answers in the order given', async () => {
    bus((id, call) => (id === 'e-3' && call === 1 ? 'InternalFailure' : undefined));
    const ids = Array.from({ length: 23 }, (_, i) => `e-${i}`);
    const results = await putEventsReliably(client, ids.map(entry), recorder().retry);
    expect(results.map((r) => (r.ok ? r.eventId : r.code))).toEqual(ids.map((id) => `eb-${id}`));
    expect(calls().map((c) => c.length).sort((x, y) => x - y)).toEqual([1, 3, 10, 10]);
  });
});
