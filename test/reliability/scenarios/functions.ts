/**
 * Faults of the functions themselves, as the Lambda service reports them to Step Functions: an invocation that
 * dies before the handler runs (`Runtime.ExitError`) and one that times out after its work was done — the
 * provider accepted the message — (`Sandbox.Timedout`). The journey's Retry runs the step again; the send claim
 * (SEND#<messageId>) makes the second run find the recorded send instead of sending again.
 */
import { describe, expect, it } from 'vitest';
import { MINUTE, advance, count, customer, putProfiles, record, signedUp, taskErrors, type Suite } from '../support';

/**
 * Signs the customers up with `arm` injecting one fault per customer, lets the journeys run, and answers the tally
 * of their welcomes and the task errors the onboarding executions saw (after checking every fault fired).
 */
async function welcomesUnder(rt: Suite['runtime'], ids: string[], arm: (count: number) => void) {
  const customers = ids.map(customer);
  await putProfiles(rt, customers);
  arm(customers.length);
  expect((await rt.api('POST', '/events', { events: customers.map((c) => signedUp(c)) })).status).toBe(202);
  await rt.idle();
  await advance(rt, MINUTE);
  const tally = await count(rt, customers, ['welcome']);
  const errors = (await Promise.all(customers.map((c) => taskErrors(rt, 'onboarding', `onboarding-evt-${c.customerId}-signup`)))).flat();
  expect(rt.faults.lambda.fired).toHaveLength(customers.length);
  return { customers, tally, errors };
}

export function functionScenarios(suite: Suite): void {
  describe('functions', () => {
    it('deliver-message crashing before it runs (Runtime.ExitError): the journey retries it; each welcome sent once', async () => {
      const rt = suite.runtime;
      const { customers, tally, errors } = await welcomesUnder(rt, ['crash-a', 'crash-b'], (n) => rt.faults.lambda.crash('deliver-message', n));
      expect(errors).toEqual(customers.map(() => 'Runtime.ExitError'));
      expect(tally).toMatchObject({ sent: customers.length, duplicated: 0, lost: 0 });
      record({ fault: 'handler crash mid-step (Runtime.ExitError)', outcome: 'retried', evidence: `Step Functions retried ${errors.length} crashed invocations`, ...tally });
    });

    it('deliver-message timing out after SES accepted (Sandbox.Timedout): the retry finds the claim and does not send again', async () => {
      const rt = suite.runtime;
      const { customers, tally, errors } = await welcomesUnder(rt, ['timeout-a', 'timeout-b'], (n) => rt.faults.lambda.timeOutAfterRun('deliver-message', n));
      expect(errors).toEqual(customers.map(() => 'Sandbox.Timedout'));
      const emails = await rt.inbox.emails();
      for (const c of customers) expect(emails.filter((email) => email.destination.to.includes(c.email))).toHaveLength(1);
      expect(tally).toMatchObject({ sent: customers.length, duplicated: 0, lost: 0 });
      // The retry answers the decision that was sent instead of deciding again: the ledger keeps the provider's id,
      // the id of the one email the customer got.
      for (const c of customers) {
        const { body } = await rt.api('GET', `/messages?customerId=${c.customerId}`);
        const welcome = (body as { messages: Array<{ template: string }> }).messages.find((message) => message.template === 'welcome');
        const [delivered] = emails.filter((email) => email.destination.to.includes(c.email));
        expect(welcome).toMatchObject({ outcome: 'sent', providerMessageId: delivered!.messageId });
      }
      record({ fault: 'Lambda timeout after the provider accepted', outcome: 'retried', evidence: `${errors.length} Sandbox.Timedout retried; claims held, no resend`, ...tally });
    });
  });
}
