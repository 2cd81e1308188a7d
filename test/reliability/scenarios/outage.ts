/**
 * A provider outage longer than the deliver step's Retry budget (1 + 6 attempts, about two minutes at most): SES throttles every
 * call to the customers' addresses. The step's Catch hands the message to deliver-message in park mode — the
 * ledger says failed with the reason, the message is in the dead-letter queue (GET /dlq) — and once the outage is
 * over `POST /dlq/replay` sends it, once: the same messageId, so the send claim lets it out once however often it
 * is replayed. A replay that fails again leaves the message parked.
 */
import { describe, expect, it } from 'vitest';
import type { ListedDeadLetter } from '../../../local/http/local-api';
import { MINUTE, advance, count, customer, deadLettersOf, ledgerOf, putProfiles, record, signedUp, taskErrors, type Suite } from '../support';

const THROTTLED = { name: 'TooManyRequestsException', status: 429 } as const;
const REASON = 'failed: TooManyRequestsException after every retry; parked for replay';

type MessageLetter = Extract<ListedDeadLetter, { kind: 'message' }>;

export function outageScenarios(suite: Suite): void {
  describe('provider outage', () => {
    // The SDK's own retries of each throttled call back off in real time (its retry strategy, not the virtual clock):
    // seven attempts for each of two customers, and the replays. It ran past the default 30 s on a loaded 2-core machine.
    it('SES refusing every call past the retry budget: parked with the reason, then replayed once the outage ends — one email each', async () => {
      const rt = suite.runtime;
      const customers = ['outage-a', 'outage-b'].map(customer);
      const [a, b] = customers as [(typeof customers)[0], (typeof customers)[0]];
      await putProfiles(rt, customers);
      for (const c of customers) rt.faults.ses.failFor(c.email, THROTTLED);
      expect((await rt.api('POST', '/events', { events: customers.map((c) => signedUp(c)) })).status).toBe(202);
      await rt.idle();
      // Every Retry backoff (2 s doubling, capped at 60 s, full jitter: at most ~2 min in all) runs on the virtual clock.
      await advance(rt, 5 * MINUTE);

      // The Retry ran out (the first attempt and MaxAttempts 6 retries), the Catch parked the message.
      for (const c of customers) {
        expect(await taskErrors(rt, 'onboarding', `onboarding-evt-${c.customerId}-signup`)).toEqual(Array.from({ length: 7 }, () => 'ProviderRetryableError'));
      }
      const welcomes = async (email: string) => (await rt.inbox.emails()).filter((sent) => sent.destination.to.includes(email)).length;
      const welcomeOf = async (customerId: string) => (await ledgerOf(rt, customerId)).filter((entry) => entry.step === 'welcome').at(-1);
      const parkedLetters = async () => (await deadLettersOf(rt)).filter((letter): letter is MessageLetter => letter.kind === 'message');
      for (const c of customers) {
        expect(await welcomes(c.email)).toBe(0);
        const decision = await welcomeOf(c.customerId);
        expect(decision).toMatchObject({ outcome: 'failed', channel: 'email' });
        expect(decision?.reasonCodes).toContain('provider_failure');
        expect(decision?.reasons.at(-1)).toBe(REASON);
      }
      const letters = await parkedLetters();
      expect(letters.map((letter) => letter.customerId).sort()).toEqual(customers.map((c) => c.customerId).sort());
      for (const letter of letters) {
        expect(letter).toMatchObject({ journey: 'onboarding', step: 'welcome', template: 'welcome', channel: 'email', error: { name: 'TooManyRequestsException' } });
        expect(letter.messageId).toBe((await welcomeOf(letter.customerId))?.messageId);
      }
      const during = await count(rt, customers, ['welcome']);
      expect(during).toMatchObject({ sent: 0, duplicated: 0, lost: 0, parked: customers.length });

      // The outage ends for a only: b's replay fails again, and b stays parked (its ledger says failed again).
      rt.faults.clear();
      rt.faults.ses.failFor(b.email, THROTTLED);
      expect((await rt.api('POST', '/dlq/replay')).body).toEqual({ replayed: 2, delivered: 1, returned: 1 });
      expect((await parkedLetters()).map((letter) => letter.customerId)).toEqual([b.customerId]);
      expect(await welcomes(a.email)).toBe(1);
      expect(await welcomes(b.email)).toBe(0);
      expect((await welcomeOf(b.customerId))?.reasons.at(-1)).toBe(REASON);

      // Over for everyone: b is sent; replaying again finds nothing, and nobody gets a second email.
      rt.faults.clear();
      expect((await rt.api('POST', '/dlq/replay')).body).toEqual({ replayed: 1, delivered: 1, returned: 0 });
      expect((await rt.api('POST', '/dlq/replay')).body).toEqual({ replayed: 0, delivered: 0, returned: 0 });
      expect(await parkedLetters()).toEqual([]);
      const inbox = await rt.inbox.emails();
      for (const c of customers) {
        expect(await welcomes(c.email)).toBe(1);
        // The decision names the one email the customer got, by the provider's message id.
        const delivered = inbox.filter((email) => email.destination.to.includes(c.email)).map((email) => email.messageId);
        expect(await welcomeOf(c.customerId)).toMatchObject({ outcome: 'sent', channel: 'email', providerMessageId: delivered[0] });
      }

      const tally = await count(rt, customers, ['welcome']);
      expect(tally).toMatchObject({ sent: customers.length, duplicated: 0, lost: 0, parked: 0 });
      record({
        fault: 'provider outage past the retry budget (SES 429 on every call)',
        outcome: 'parked, replayed',
        evidence: `${during.parked} parked with the reason after 7 attempts; replayed: 1 returned, then all sent once`,
        ...tally,
      });
    }, 120_000);
  });
}
