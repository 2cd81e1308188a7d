/**
 * The bus bad-input corpus (bus.cases.ts): PutEvents through @aws-sdk/client-eventbridge against the runtime, and
 * malformed deliveries to route-event through the bus (a dead letter replayed with `POST /dlq/replay`). Each is
 * refused with its reason and nothing is written: tables byte-identical, no execution, nothing sent.
 */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../../support/runtime';
import { DELIVERY_CASES, GOOD_EVENT, PUT_EVENTS_CASES } from './bus.cases';
import { PROFILE } from './http.cases';
import { reportCount, stateOf } from './support';

let rt: TestRuntime;
let bus: EventBridgeClient;

beforeAll(async () => {
  rt = await startTestRuntime({ dataDir: null });
  bus = new EventBridgeClient({ endpoint: rt.url, region: 'eu-central-1', credentials: { accessKeyId: 'corpus', secretAccessKey: 'corpus' }, maxAttempts: 1 });
  expect((await rt.api('PUT', '/profiles/c-1', { customerId: 'c-1', ...PROFILE })).status).toBe(200);
  await rt.idle();
});
afterAll(async () => {
  bus?.destroy();
  await rt?.stop();
});

describe('bad input on the bus: PutEvents', () => {
  it('has its cases', () => {
    reportCount('bus: PutEvents', PUT_EVENTS_CASES.length);
    reportCount('bus: deliveries to route-event', DELIVERY_CASES.length);
    expect(PUT_EVENTS_CASES.length + DELIVERY_CASES.length).toBeGreaterThanOrEqual(40);
  });

  it('accepts and routes the well-formed event the cases are built from (so the refusals are about the defect)', async () => {
    const answer = await bus.send(new PutEventsCommand({ Entries: [{ Source: 'corpus', DetailType: GOOD_EVENT.type, Detail: JSON.stringify({ ...GOOD_EVENT, id: 'bus-corpus-good' }), EventBusName: 'journeys' }] }));
    expect(answer.FailedEntryCount).toBe(0);
    await rt.idle();
    expect((await stateOf(rt)).executions).toContainEqual(expect.stringMatching(/^incident-bus-corpus-good:/));
  });

  it.each(PUT_EVENTS_CASES)('$guards → $entryError$requestError', async (c) => {
    const before = await stateOf(rt);
    const put = bus.send(new PutEventsCommand({ Entries: c.entries }));
    if (c.requestError) {
      const error = await put.then(
        () => undefined,
        (failure: Error) => failure,
      );
      expect(error?.name).toBe(c.requestError);
      for (const word of c.mentions) expect(error?.message).toContain(word);
    } else {
      const answer = await put;
      expect(answer.FailedEntryCount).toBe(1);
      const [result] = answer.Entries ?? [];
      expect(result?.EventId).toBeUndefined();
      expect(result?.ErrorCode).toBe(c.entryError);
      for (const word of c.mentions) expect(result?.ErrorMessage).toContain(word);
    }
    expect(await stateOf(rt)).toStrictEqual(before);
  });
});

describe('bad input on the bus: malformed deliveries to route-event', () => {
  it.each(DELIVERY_CASES)('$guards → dead-lettered with the reason, nothing started', async (c) => {
    rt.deadLetters.drain();
    rt.deadLetters.add({ routeId: c.routeId, event: c.event, error: { name: 'Corpus', message: 'seeded' }, attempts: 0, at: rt.clock.date().toISOString() });
    const before = await stateOf(rt);

    // The replay hands the letter back to the bus, which delivers it to route-event like a rule would.
    const replay = await rt.api('POST', '/dlq/replay');
    expect(replay.status).toBe(200);
    const after = await stateOf(rt);

    const letters = rt.deadLetters.list();
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ routeId: c.routeId, event: c.event });
    // Every delivery attempt the bus makes (the test runtime: 3) met the same refusal.
    expect(letters[0]!.attempts).toBe(3);
    for (const word of c.mentions) expect(letters[0]!.error.message).toContain(word);
    expect(after).toStrictEqual(before);
  });
});
