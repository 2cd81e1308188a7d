/**
 * api-dlq, the deployed dead-letter queue of message sends (ops role): GET /dlq lists the parked messages with
 * their error, POST /dlq/replay hands each to deliver-message again and counts what settled and what came back.
 * deliver-message's park mode parks them, as the journey step's Catch does; SES is mocked per recipient.
 */
import '../support/quiet-runtime';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../functions/handlers/api-dlq';
import { handler as deliver } from '../../functions/handlers/deliver-message';
import { profile } from '../support/adapter-fixtures';
import { invoke as invokeApi } from '../support/api-events';
import { invoke, startTaskHarness, type TaskHarness } from '../support/task-harness';

let h: TaskHarness;
beforeAll(async () => {
  h = await startTaskHarness();
  h.setNow('2026-11-23T10:00:00.000Z');
});
afterAll(() => h.close());

const outage = {
  Error: 'ProviderRetryableError',
  Cause: JSON.stringify({ errorType: 'ProviderRetryableError', errorMessage: 'email provider failed with TooManyRequestsException: slow down' }),
};
const throttled = () => Object.assign(new Error('slow down'), { name: 'TooManyRequestsException' });

/** SES accepts mail to these customers and throttles everyone else. */
function sesAccepts(...customerIds: string[]): void {
  h.ses.reset();
  h.ses.on(SendEmailCommand).callsFake((input: { Destination?: { ToAddresses?: string[] } }) => {
    const to = input.Destination?.ToAddresses?.[0] ?? '';
    if (customerIds.some((id) => to === `${id}@example.com`)) return { MessageId: `ses-${to}` };
    throw throttled();
  });
}

const park = (customerId: string) =>
  invoke(deliver, 'deliver-message', {
    executionId: `arn:aws:states:eu-central-1:123456789012:execution:onboarding:${customerId}`,
    message: { customerId, journey: 'onboarding', step: 'welcome', topic: 'onboarding_tips', category: 'service', template: 'welcome', vars: {} },
    park: outage,
  });

const list = async () => (await invokeApi(handler, { method: 'GET', path: '/dlq' })).json as { deadLetters: { kind: string; customerId: string; error: { name: string } }[] };
const sentTo = (customerId: string) => h.ses.commandCalls(SendEmailCommand).filter((call) => call.args[0].input.Destination?.ToAddresses?.[0] === `${customerId}@example.com`).length;

describe('the deployed dead-letter queue (api-dlq)', () => {
  it('lists parked messages, replays them once the cause is fixed, and a message never goes twice', async () => {
    for (const id of ['dlq-1', 'dlq-2']) await h.deps.profiles.putProfile(profile(id));
    sesAccepts();
    await park('dlq-1');
    await park('dlq-2');

    const parked = await invokeApi(handler, { method: 'GET', path: '/dlq' });
    expect(parked.status).toBe(200);
    // Oldest first; parked at the same instant here, so in message-id order: compared sorted by customer.
    const letters = (parked.json as Awaited<ReturnType<typeof list>>).deadLetters.map((letter) => [letter.kind, letter.customerId, letter.error.name]);
    expect(letters.sort((a, b) => a[1]!.localeCompare(b[1]!))).toEqual([
      ['message', 'dlq-1', 'TooManyRequestsException'],
      ['message', 'dlq-2', 'TooManyRequestsException'],
    ]);

    // The outage is over for dlq-1's mailbox only: one settles, one comes back with the new error.
    sesAccepts('dlq-1');
    const first = await invokeApi(handler, { method: 'POST', path: '/dlq/replay' });
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ replayed: 2, delivered: 1, returned: 1 });
    expect((await list()).deadLetters.map((letter) => letter.customerId)).toEqual(['dlq-2']);
    expect(sentTo('dlq-1')).toBe(1);

    sesAccepts('dlq-1', 'dlq-2');
    const second = await invokeApi(handler, { method: 'POST', path: '/dlq/replay' });
    expect(second.json).toEqual({ replayed: 1, delivered: 1, returned: 0 });
    expect((await list()).deadLetters).toEqual([]);
    expect([sentTo('dlq-1'), sentTo('dlq-2')]).toEqual([0, 1]); // mocks reset by sesAccepts: dlq-1 was not sent again
    expect((await h.deps.ledger.recentDecisions('dlq-1', 1))[0]).toMatchObject({ outcome: 'sent' });
    expect((await h.deps.ledger.recentDecisions('dlq-2', 1))[0]).toMatchObject({ outcome: 'sent' });

    const empty = await invokeApi(handler, { method: 'POST', path: '/dlq/replay' });
    expect(empty.json).toEqual({ replayed: 0, delivered: 0, returned: 0 });
  });

  it('keeps a marketing message whose replay falls in quiet hours parked, with its error, and records no failure', async () => {
    await h.deps.profiles.putProfile(profile('dlq-quiet'));
    sesAccepts();
    await invoke(deliver, 'deliver-message', {
      executionId: 'arn:aws:states:eu-central-1:123456789012:execution:onboarding:dlq-quiet',
      message: { customerId: 'dlq-quiet', journey: 'onboarding', step: 'tip-1', topic: 'onboarding_tips', category: 'marketing', template: 'tips', vars: { tipNumber: 1 } },
      park: outage,
    });
    sesAccepts('dlq-quiet');
    h.setNow('2026-11-23T22:30:00.000Z');
    try {
      // deliver-message raises Message.Deferred for the step's Catch: the replay is not a failure, just not yet.
      expect((await invokeApi(handler, { method: 'POST', path: '/dlq/replay' })).json).toEqual({ replayed: 1, delivered: 0, returned: 1 });
      expect((await list()).deadLetters.map((letter) => [letter.customerId, letter.error.name])).toEqual([['dlq-quiet', 'TooManyRequestsException']]);
      expect((await h.deps.ledger.recentDecisions('dlq-quiet', 1))[0]).toMatchObject({ outcome: 'deferred', reasonCodes: ['quiet_hours'] });
      expect(sentTo('dlq-quiet')).toBe(0);
    } finally {
      h.setNow('2026-11-23T10:00:00.000Z');
    }
    expect((await invokeApi(handler, { method: 'POST', path: '/dlq/replay' })).json).toEqual({ replayed: 1, delivered: 1, returned: 0 });
    expect(sentTo('dlq-quiet')).toBe(1);
  });

  it('answers 405 for other methods', async () => {
    expect((await invokeApi(handler, { method: 'DELETE', path: '/dlq' })).status).toBe(405);
  });
});
