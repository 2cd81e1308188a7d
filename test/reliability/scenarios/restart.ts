/**
 * The runtime stopped while journeys wait — some parked on a 2-day wait, one in its Retry backoff after SES
 * throttled it — and started again on the same data directory. The interrupted executions resume where they were
 * (reported, never silently lost; local/engine/replay.ts); what they had already sent is not sent again (replayed,
 * and the send claims would skip it anyway), and what they had not sent goes out once.
 */
import { describe, expect, it } from 'vitest';
import { DAY, MINUTE, advance, count, customer, putProfiles, record, signedUp, type Suite } from '../support';

export function restartScenarios(suite: Suite): void {
  describe('runtime restart', () => {
    it('stopped during waits and a Retry backoff, then restarted: every welcome and nudge sent once', async () => {
      const rt = suite.runtime;
      const waiting = ['restart-a', 'restart-b', 'restart-c'].map(customer);
      const inBackoff = customer('restart-backoff');
      const customers = [...waiting, inBackoff];
      await putProfiles(rt, customers);
      // More throttles than the SDK's attempts: the first invocation fails, its Retry waits on the virtual clock.
      rt.faults.ses.failFor(inBackoff.email, { name: 'TooManyRequestsException', status: 429 }, 10);
      expect((await rt.api('POST', '/events', { events: customers.map((c) => signedUp(c)) })).status).toBe(202);
      await rt.idle();
      expect(await count(rt, waiting, ['welcome'])).toMatchObject({ sent: waiting.length, duplicated: 0 });
      expect(await count(rt, [inBackoff], ['welcome'])).toMatchObject({ sent: 0 });

      const next = await rt.restart();
      suite.replace(next);
      const restartedNames = next.restarted.map(({ restartedAs }) => restartedAs.split(':').at(-1));
      for (const c of customers) expect(restartedNames).toContain(`onboarding-evt-${c.customerId}-signup-r1`);
      await next.idle();
      // The 2-day activation wait runs out: each customer gets the activation nudge.
      await advance(next, 2 * DAY + MINUTE);

      const tally = await count(next, customers, ['welcome', 'activation-nudge']);
      expect(tally).toMatchObject({ sent: 2 * customers.length, duplicated: 0, lost: 0 });
      record({ fault: 'runtime stopped mid-wait, restarted', outcome: 'resumed', evidence: `${next.restarted.length} executions restarted; claims kept sends once`, ...tally });
    });
  });
}
