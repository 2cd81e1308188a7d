/**
 * Event bus faults. PutEvents partial failures (FailedEntryCount > 0, the entry's ErrorCode) are put again by the
 * caller with backoff and jitter and, when still refused, reported to the event source with their claims released
 * — never silently dropped. A route delivery that fails every attempt is parked in the dead-letter queue with the
 * reason; a replay delivers it, and replaying an event whose route had in fact run starts nothing twice.
 */
import { describe, expect, it } from 'vitest';
import type { EventsAnswer } from '../../../functions/services/events';
import { MINUTE, advance, count, customer, eventOf, putProfiles, record, signedUp, type Suite } from '../support';

const SIGNUP_ROUTE = 'start-onboarding-on-customer.signed_up';

export function busScenarios(suite: Suite): void {
  describe('event bus', () => {
    it('PutEvents entries refused for a transient reason: put again by api-events, all accepted, each welcome sent once', async () => {
      const rt = suite.runtime;
      const customers = ['put-partial-a', 'put-partial-b', 'put-partial-c', 'put-partial-d'].map(customer);
      await putProfiles(rt, customers);
      const events = customers.map((c) => signedUp(c));
      rt.faults.putEvents.failFor(events[1]!.id, { name: 'InternalFailure', status: 500 }, 1);
      rt.faults.putEvents.failFor(events[2]!.id, { name: 'ThrottlingException', status: 400 }, 2);
      const answer = await rt.api('POST', '/events', { events });
      await advance(rt, MINUTE);

      expect(answer.status).toBe(202);
      expect((answer.body as EventsAnswer).accepted.map((accepted) => accepted.id)).toEqual(events.map((event) => event.id));
      expect(rt.faults.putEvents.fired.map((fired) => fired.target)).toEqual([events[1]!.id, events[2]!.id, events[2]!.id]);
      const tally = await count(rt, customers, ['welcome']);
      expect(tally).toMatchObject({ sent: customers.length, duplicated: 0, lost: 0 });
      record({ fault: 'PutEvents partial failure (transient)', outcome: 'retried', evidence: '3 refused entries put again with backoff + jitter', ...tally });
    });

    it('PutEvents entries refused on every try: reported to the source as failed, its id released; the resend is sent once', async () => {
      const rt = suite.runtime;
      const customers = ['put-refused-a', 'put-refused-b'].map(customer);
      await putProfiles(rt, customers);
      const events = customers.map((c) => signedUp(c));
      rt.faults.putEvents.failFor(events[1]!.id, { name: 'InternalFailure', status: 500 });
      const first = await rt.api('POST', '/events', { events });
      await advance(rt, MINUTE);

      expect(first.status).toBe(202);
      expect(first.body).toMatchObject({ accepted: [{ id: events[0]!.id }], failed: [{ id: events[1]!.id, code: 'InternalFailure' }] });
      // Refused three times (the first call and two retries), then reported rather than dropped.
      expect(rt.faults.putEvents.fired).toHaveLength(3);

      // The source retries what was reported failed: not a duplicate, since the claim was released.
      rt.faults.clear();
      const again = await rt.api('POST', '/events', { events });
      await advance(rt, MINUTE);
      expect(again.body).toMatchObject({ accepted: [{ id: events[1]!.id }], duplicates: [events[0]!.id], failed: [] });
      const tally = await count(rt, customers, ['welcome']);
      expect(tally).toMatchObject({ sent: customers.length, duplicated: 0, lost: 0 });
      record({ fault: 'PutEvents partial failure (persistent)', outcome: 'reported, resent', evidence: '202 failed[InternalFailure]; resend accepted', ...tally });
    });

    it('a route delivery failing every attempt: parked in the DLQ with the reason, replayed once the cause is gone, sent once', async () => {
      const rt = suite.runtime;
      const c = customer('route-down');
      await putProfiles(rt, [c]);
      rt.faults.routeEvent.failFor(SIGNUP_ROUTE, { name: 'ServiceUnavailable', status: 503 });
      expect((await rt.api('POST', '/events', signedUp(c))).status).toBe(202);
      await advance(rt, MINUTE);

      const parked = rt.deadLetters.list().filter((letter) => eventOf(letter).customerId === c.customerId);
      expect(parked).toMatchObject([{ routeId: SIGNUP_ROUTE, error: { name: 'ServiceUnavailable' }, attempts: 3 }]);
      expect(await count(rt, [c], ['welcome'])).toMatchObject({ sent: 0, parked: 1, lost: 0 });

      rt.faults.clear();
      const replay = await rt.api('POST', '/dlq/replay');
      await advance(rt, MINUTE);
      expect(replay.body).toEqual({ replayed: 1, delivered: 1, returned: 0 });
      const tally = await count(rt, [c], ['welcome']);
      expect(tally).toMatchObject({ sent: 1, duplicated: 0, lost: 0, parked: 0 });
      record({ fault: 'route delivery failing (503)', outcome: 'parked, replayed', evidence: 'DLQ: ServiceUnavailable after 3 attempts; replay delivered', ...tally });
    });

    it('route-event timing out after it started the journey: parked, and the replay starts nothing twice', async () => {
      const rt = suite.runtime;
      const c = customer('route-timeout');
      await putProfiles(rt, [c]);
      // Every delivery attempt runs, then times out: the journey started on the first, the bus saw only failures.
      rt.faults.lambda.timeOutAfterRun('route-event', 3);
      expect((await rt.api('POST', '/events', signedUp(c))).status).toBe(202);
      await advance(rt, MINUTE);

      const parked = rt.deadLetters.list().filter((letter) => eventOf(letter).customerId === c.customerId);
      expect(parked).toMatchObject([{ routeId: SIGNUP_ROUTE, error: { name: 'Sandbox.Timedout' }, attempts: 3 }]);
      expect(await count(rt, [c], ['welcome'])).toMatchObject({ sent: 1, duplicated: 0 });

      const replay = await rt.api('POST', '/dlq/replay');
      await advance(rt, MINUTE);
      expect(replay.body).toEqual({ replayed: 1, delivered: 1, returned: 0 });
      const executions = await rt.engine.listExecutions({ stateMachineArn: rt.stateMachineArns.onboarding as string });
      expect(executions.executions.filter((execution) => execution.name.includes(c.customerId))).toHaveLength(1);
      const tally = await count(rt, [c], ['welcome']);
      expect(tally).toMatchObject({ sent: 1, duplicated: 0, lost: 0, parked: 0 });
      record({ fault: 'route-event timeout after it ran', outcome: 'parked, replayed', evidence: 'DLQ: Sandbox.Timedout; replay idempotent (1 execution)', ...tally });
    });
  });
}
