import '../../support/quiet-runtime';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { PublishCommand } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler as deliver, PROFILE_REUSE_MS, type DeliverOutcome } from '../../../functions/handlers/deliver-message';
import { profile } from '../../support/adapter-fixtures';
import { invoke, startTaskHarness, type TaskHarness } from '../../support/task-harness';

let h: TaskHarness;
beforeAll(async () => {
  h = await startTaskHarness();
});
afterAll(() => h.close());
beforeEach(() => {
  h.ses.reset();
  h.sns.reset();
  h.ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
  h.sns.on(PublishCommand).resolves({ MessageId: 'sns-1' });
  h.setNow('2026-11-23T10:00:00.000Z');
});

const deliverFor = (customerId: string, extra: Record<string, unknown> = {}) =>
  invoke<DeliverOutcome>(deliver, 'deliver-message', {
    executionId: `arn:aws:states:eu-central-1:123456789012:execution:onboarding:${customerId}`,
    message: { customerId, journey: 'onboarding', step: 'tips', topic: 'offers', category: 'marketing', template: 'tips', vars: {} },
    ...extra,
  });

describe('deliver-message: evaluate and send in one invocation', () => {
  it('decides and sends once, to the profile the decision read: one call fewer than evaluate + send', async () => {
    await h.deps.customers.putProfile(profile('deliver-1', { name: 'Ana' }));
    h.db.commands.reset();
    const outcome = await deliverFor('deliver-1');
    expect(outcome).toMatchObject({ outcome: 'sent', channel: 'email', attempt: 1, delivery: { status: 'sent', providerMessageId: 'ses-1' } });
    expect(h.ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    expect(h.ses.commandCalls(SendEmailCommand)[0]!.args[0].input.Destination?.ToAddresses).toEqual(['deliver-1@example.com']);
    // evaluate: collection Query + crisis read (uncached in the harness) + decision; send: claim, complete, record —
    // no GetItem of the profile (send-message's re-read).
    expect(h.db.commands.names).toEqual(['QueryCommand', 'QueryCommand', 'PutItemCommand', 'PutItemCommand', 'UpdateItemCommand', 'PutItemCommand']);
    const [recorded] = await h.deps.customers.recentDecisions('deliver-1', 1);
    expect(recorded).toMatchObject({ messageId: outcome.messageId, outcome: 'sent', providerMessageId: 'ses-1' });
  });

  it('reads the profile again when the decision is older than PROFILE_REUSE_MS, and sends nothing to a customer erased meanwhile', async () => {
    await h.deps.customers.putProfile(profile('deliver-late'));
    // While the claim is being taken: the customer is erased, and the invocation stalls past the bound.
    const realNow = performance.now.bind(performance);
    let stalled = 0;
    const clockSpy = vi.spyOn(performance, 'now').mockImplementation(() => realNow() + stalled);
    h.db.client.middlewareStack.add(
      (next, context) => async (args) => {
        const item = (args.input as { Item?: { sk?: { S?: string } | string } }).Item;
        const sk = typeof item?.sk === 'string' ? item.sk : item?.sk?.S;
        if (context.commandName === 'PutItemCommand' && sk?.startsWith('SEND#')) {
          await h.deps.customers.eraseCustomer('deliver-late');
          stalled = PROFILE_REUSE_MS + 1;
        }
        return next(args);
      },
      { step: 'initialize', name: 'eraseDuringClaim' },
    );
    try {
      h.db.commands.reset();
      const outcome = await deliverFor('deliver-late');
      expect(outcome).toMatchObject({ outcome: 'failed', delivery: { status: 'failed', reason: 'the customer was erased before the message went out' } });
      expect(h.db.commands.names).toContain('GetItemCommand');
      expect(h.ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    } finally {
      h.db.client.middlewareStack.remove('eraseDuringClaim');
      clockSpy.mockRestore();
    }
  });

  it('returns a deferral with sendAt, and sends nothing, in quiet hours', async () => {
    await h.deps.customers.putProfile(profile('deliver-2'));
    h.setNow('2026-11-23T22:00:00.000Z');
    const outcome = await deliverFor('deliver-2');
    expect(outcome).toMatchObject({ outcome: 'deferred', attempt: 1, sendAt: expect.any(String) });
    expect(outcome.delivery).toBeUndefined();
    expect(h.ses.commandCalls(SendEmailCommand)).toHaveLength(0);

    // After the Wait, the state machine invokes again with the attempt so far: the same message goes out.
    h.setNow(outcome.sendAt!);
    const again = await deliverFor('deliver-2', { attempt: outcome.attempt });
    expect(again).toMatchObject({ outcome: 'sent', attempt: 2, messageId: outcome.messageId });
    expect(h.ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });

  it('falls back to the next channel inside the invocation when an address fails for good', async () => {
    await h.deps.customers.putProfile(profile('deliver-3', { channelPreferences: ['sms', 'email'] }));
    h.sns.on(PublishCommand).rejects(Object.assign(new Error('Invalid parameter: PhoneNumber'), { name: 'InvalidParameterException' }));
    const outcome = await deliverFor('deliver-3');
    expect(outcome).toMatchObject({ outcome: 'sent', channel: 'email', attempt: 2, delivery: { status: 'sent' } });
    expect(outcome.reasons[0]).toMatch(/^channel sms skipped/);
    expect(h.ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });

  it('stops falling back at maxAttempts and reports the message as failed', async () => {
    await h.deps.customers.putProfile(profile('deliver-4', { channelPreferences: ['sms', 'email'] }));
    h.sns.on(PublishCommand).rejects(Object.assign(new Error('Invalid parameter: PhoneNumber'), { name: 'InvalidParameterException' }));
    const outcome = await deliverFor('deliver-4', { maxAttempts: 1 });
    expect(outcome).toMatchObject({ outcome: 'failed', channel: 'sms', attempt: 1, delivery: { status: 'fallback' } });
    expect(h.ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('suppresses a customer without a profile, sending nothing', async () => {
    expect(await deliverFor('deliver-nobody')).toMatchObject({ outcome: 'suppressed', channel: null, attempt: 1 });
  });

  it('lets throttling through for the task Retry, and the retry sends exactly once', async () => {
    await h.deps.customers.putProfile(profile('deliver-5'));
    h.ses.on(SendEmailCommand).rejectsOnce(Object.assign(new Error('slow down'), { name: 'TooManyRequestsException' })).resolves({ MessageId: 'ses-2' });
    await expect(deliverFor('deliver-5')).rejects.toMatchObject({ name: 'ProviderRetryableError' });
    expect(await deliverFor('deliver-5')).toMatchObject({ outcome: 'sent', delivery: { providerMessageId: 'ses-2' } });
    expect(await deliverFor('deliver-5')).toMatchObject({ outcome: 'sent', delivery: { duplicate: true } });
    expect(h.ses.commandCalls(SendEmailCommand)).toHaveLength(2);
  });

  it('refuses a malformed payload with a named validation error', async () => {
    await expect(invoke(deliver, 'deliver-message', { executionId: 'x', message: { customerId: 'c' } })).rejects.toMatchObject({ name: 'ValidationError' });
  });
});
