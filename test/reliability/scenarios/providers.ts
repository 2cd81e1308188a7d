/**
 * Provider faults: SES and SNS throttling and 5xx answers beyond the SDK's own retries (the journey's Retry runs
 * the step again after a backoff with full jitter), and an address the provider refuses for good (the step falls
 * back to the next channel).
 */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FaultSpec } from '../../../local/faults';
import { MINUTE, advance, count, customer, putProfiles, record, signedUp, taskErrors, type Customer, type Suite } from '../support';

/** The SDK clients' default attempts per call (the handlers keep the defaults). */
const sdkAttempts = { ses: 0, sns: 0 };

export function providerScenarios(suite: Suite): void {
  describe('providers', () => {
    beforeAll(async () => {
      for (const [provider, client] of [['ses', new SESv2Client({ region: 'eu-central-1' })], ['sns', new SNSClient({ region: 'eu-central-1' })]] as const) {
        sdkAttempts[provider] = await client.config.maxAttempts();
        client.destroy();
      }
    });

    it('SES throttling: retried by the SDK, then by the journey with backoff and jitter; every welcome sent once', async () => {
      const customers = ['ses-429-a', 'ses-429-b', 'ses-429-c'].map(customer);
      await retriedPastTheSdk(suite, customers, 'ses', { name: 'TooManyRequestsException', status: 429 }, 'SES throttling (429 TooManyRequestsException)');
    });

    it('SES 5xx: retried by the SDK, then by the journey; every welcome sent once', async () => {
      const customers = ['ses-500-a', 'ses-500-b'].map(customer);
      await retriedPastTheSdk(suite, customers, 'ses', { name: 'InternalFailure', status: 500 }, 'SES 5xx (500 InternalFailure)');
    });

    it('SNS throttling: retried by the SDK, then by the journey; every SMS sent once', async () => {
      const customers = ['sns-429-a', 'sns-429-b', 'sns-429-c'].map(customer);
      await retriedPastTheSdk(suite, customers, 'sns', { name: 'ThrottledException', status: 429 }, 'SNS throttling (429 ThrottledException)');
    });

    it('SNS 5xx: retried by the SDK, then by the journey; every SMS sent once', async () => {
      const customers = ['sns-500-a', 'sns-500-b'].map(customer);
      await retriedPastTheSdk(suite, customers, 'sns', { name: 'InternalErrorException', status: 500 }, 'SNS 5xx (500 InternalErrorException)');
    });

    it('SNS refusing a phone for good (OptedOutException): the welcome falls back to email, once', async () => {
      const rt = suite.runtime;
      const customers = ['sns-optout-a', 'sns-optout-b'].map(customer);
      await putProfiles(rt, customers, { channelPreferences: ['sms', 'email', 'push'] });
      for (const c of customers) rt.faults.sns.failFor(c.phone, { name: 'OptedOutException', status: 400 });
      expect((await rt.api('POST', '/events', { events: customers.map((c) => signedUp(c)) })).status).toBe(202);
      await advance(rt, MINUTE);

      const tally = await count(rt, customers, ['welcome']);
      const emails = await rt.inbox.emails();
      for (const c of customers) {
        expect(rt.outbox.list({ to: [c.phone] })).toEqual([]);
        expect(emails.filter((email) => email.destination.to.includes(c.email))).toHaveLength(1);
      }
      expect(tally).toMatchObject({ sent: customers.length, duplicated: 0, lost: 0 });
      record({ fault: 'SNS address refused (OptedOutException)', outcome: 'fallen back', evidence: 'sms suppressed, email sent instead', ...tally });
    });
  });
}

/**
 * One more fault per message than the SDK makes attempts: the first invocation gives up (ProviderRetryableError),
 * the journey's Retry runs it again and its first attempt gets the last fault, its second goes through.
 */
async function retriedPastTheSdk(suite: Suite, customers: Customer[], provider: 'ses' | 'sns', fault: FaultSpec, label: string): Promise<void> {
  const rt = suite.runtime;
  const perMessage = sdkAttempts[provider] + 1;
  await putProfiles(rt, customers, provider === 'sns' ? { channelPreferences: ['sms', 'email', 'push'] } : {});
  for (const c of customers) rt.faults[provider].failFor(provider === 'ses' ? c.email : c.phone, fault, perMessage);
  expect((await rt.api('POST', '/events', { events: customers.map((c) => signedUp(c)) })).status).toBe(202);
  await rt.idle();
  // The journeys' Retry waits (2 s, ×2, full jitter) run on the virtual clock.
  await advance(rt, MINUTE);

  const tally = await count(rt, customers, ['welcome']);
  const errors = await Promise.all(customers.map((c) => taskErrors(rt, 'onboarding', `onboarding-evt-${c.customerId}-signup`)));
  // Every armed fault was answered: each SDK attempt of the first invocation, and the first of the retried one.
  expect(rt.faults[provider].fired).toHaveLength(customers.length * perMessage);
  expect(errors).toEqual(customers.map(() => ['ProviderRetryableError']));
  expect(tally).toMatchObject({ sent: customers.length, duplicated: 0, lost: 0 });
  record({ fault: label, outcome: 'retried', evidence: `SDK tried ${sdkAttempts[provider]}, then Step Functions Retry, per message`, ...tally });
}
