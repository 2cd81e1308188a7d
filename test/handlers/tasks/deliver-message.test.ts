import '../../support/quiet-runtime';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { PublishCommand } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler as deliver, PROFILE_REUSE_MS } from '../../../functions/handlers/deliver-message';
import { STEP_SIGNALS, type DeliverMessageDeferral, type DeliverMessageResult } from '../../../contracts/payloads';
import { messageIdFor } from '../../../functions/domain/message-id';
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
  invoke<DeliverMessageResult>(deliver, 'deliver-message', {
    executionId: `arn:aws:states:eu-central-1:123456789012:execution:onboarding:${customerId}`,
    message: { customerId, journey: 'onboarding', step: 'tips', topic: 'offers', category: 'marketing', template: 'tips', vars: {} },
    ...extra,
  });

describe('deliver-message: evaluate and send in one invocation', () => {
  it('decides and sends once, to the profile the decision read: one call fewer than evaluate + send', async () => {
    await h.deps.profiles.putProfile(profile('deliver-1', { name: 'Ana' }));
    h.db.commands.reset();
    const outcome = await deliverFor('deliver-1');
    expect(outcome).toMatchObject({ outcome: 'sent', channel: 'email', attempt: 1, delivery: { status: 'sent', providerMessageId: 'ses-1' } });
    expect(h.ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    expect(h.ses.commandCalls(SendEmailCommand)[0]!.args[0].input.Destination?.ToAddresses).toEqual(['deliver-1@example.com']);
    // evaluate: collection Query + crisis read + pause/freeze batch read (both uncached in the harness), in parallel
    // (any order), then the decision; send: claim, complete, record — no second read of the profile.
    const names = h.db.commands.names;
    expect([...names.slice(0, 3)].sort()).toEqual(['BatchGetItemCommand', 'QueryCommand', 'QueryCommand']);
    expect(names.slice(3)).toEqual(['PutItemCommand', 'PutItemCommand', 'UpdateItemCommand', 'PutItemCommand']);
    const [recorded] = await h.deps.ledger.recentDecisions('deliver-1', 1);
    expect(recorded).toMatchObject({ messageId: outcome.messageId, outcome: 'sent', providerMessageId: 'ses-1' });
  });

  it('reads the profile again when the decision is older than PROFILE_REUSE_MS, and sends nothing to a customer erased meanwhile', async () => {
    await h.deps.profiles.putProfile(profile('deliver-late'));
    // While the claim is being taken: the customer is erased, and the invocation stalls past the bound.
    const realNow = performance.now.bind(performance);
    let stalled = 0;
    const clockSpy = vi.spyOn(performance, 'now').mockImplementation(() => realNow() + stalled);
    h.db.client.middlewareStack.add(
      (next, context) => async (args) => {
        const item = (args.input as { Item?: { sk?: { S?: string } | string } }).Item;
        const sk = typeof item?.sk === 'string' ? item.sk : item?.sk?.S;
        if (context.commandName === 'PutItemCommand' && sk?.startsWith('SEND#')) {
          await h.deps.erasure.eraseCustomer('deliver-late');
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

  it('raises Message.Deferred with sendAt and the attempt (for the step\'s Catch), and sends nothing, in quiet hours', async () => {
    await h.deps.profiles.putProfile(profile('deliver-2'));
    h.setNow('2026-11-23T22:00:00.000Z');
    const error = (await deliverFor('deliver-2').then(
      () => undefined,
      (caught: unknown) => caught,
    )) as Error;
    expect(error.name).toBe(STEP_SIGNALS.messageDeferred);
    const deferral = JSON.parse(error.message) as DeliverMessageDeferral;
    expect(deferral).toEqual({ sendAt: '2026-11-24T07:00:00.000Z', attempt: 1 });
    expect(h.ses.commandCalls(SendEmailCommand)).toHaveLength(0);

    // After the Wait, the state machine invokes again with the attempt so far: the same message goes out.
    h.setNow(deferral.sendAt);
    const again = await deliverFor('deliver-2', { attempt: deferral.attempt });
    expect(again).toMatchObject({ outcome: 'sent', attempt: 2 });
    expect(h.ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });

  it('returns the deferral instead of raising it once the attempts are used up: the step goes on', async () => {
    await h.deps.profiles.putProfile(profile('deliver-2b'));
    h.setNow('2026-11-23T22:00:00.000Z');
    expect(await deliverFor('deliver-2b', { attempt: 9, maxAttempts: 10 })).toMatchObject({ outcome: 'deferred', attempt: 10, sendAt: expect.any(String) });
    expect(h.ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('with exitCheck, raises Journey.Exited for a customer who churned or opted out of the topic, deciding and recording nothing', async () => {
    await h.deps.profiles.putProfile(profile('deliver-churned', { lifecycle: 'churned' }));
    await expect(deliverFor('deliver-churned', { exitCheck: true })).rejects.toMatchObject({ name: STEP_SIGNALS.journeyExited, message: 'customer churned' });
    await expect(deliverFor('deliver-nobody-2', { exitCheck: true })).rejects.toMatchObject({ name: STEP_SIGNALS.journeyExited, message: 'profile erased or missing' });
    expect(await h.deps.decisionContexts.loadDecisionContext('deliver-churned')).toMatchObject({ ledger: [] });
    expect(h.ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('falls back to the next channel inside the invocation when an address fails for good', async () => {
    await h.deps.profiles.putProfile(profile('deliver-3', { channelPreferences: ['sms', 'email'] }));
    h.sns.on(PublishCommand).rejects(Object.assign(new Error('Invalid parameter: PhoneNumber'), { name: 'InvalidParameterException' }));
    const outcome = await deliverFor('deliver-3');
    expect(outcome).toMatchObject({ outcome: 'sent', channel: 'email', attempt: 2, delivery: { status: 'sent' } });
    expect(outcome.reasons[0]).toMatch(/^channel sms skipped/);
    expect(h.ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });

  it('stops falling back at maxAttempts and reports the message as failed', async () => {
    await h.deps.profiles.putProfile(profile('deliver-4', { channelPreferences: ['sms', 'email'] }));
    h.sns.on(PublishCommand).rejects(Object.assign(new Error('Invalid parameter: PhoneNumber'), { name: 'InvalidParameterException' }));
    const outcome = await deliverFor('deliver-4', { maxAttempts: 1 });
    expect(outcome).toMatchObject({ outcome: 'failed', channel: 'sms', attempt: 1, delivery: { status: 'fallback' } });
    expect(h.ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('suppresses a customer without a profile, sending nothing', async () => {
    expect(await deliverFor('deliver-nobody')).toMatchObject({ outcome: 'suppressed', channel: null, attempt: 1 });
  });

  it('with endIfSuppressed, records the suppressed decision and raises Message.Suppressed with its reasons; a sent message returns as usual', async () => {
    await h.deps.profiles.putProfile(profile('deliver-optout', { consents: { offers: false } }));
    await expect(deliverFor('deliver-optout', { endIfSuppressed: true })).rejects.toMatchObject({ name: STEP_SIGNALS.messageSuppressed, message: 'suppressed: opted out of offers' });
    const [recorded] = await h.deps.ledger.recentDecisions('deliver-optout', 1);
    expect(recorded).toMatchObject({ outcome: 'suppressed', reasonCodes: ['topic_opt_out'] });
    expect(h.ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    await h.deps.profiles.putProfile(profile('deliver-sent-anyway'));
    expect(await deliverFor('deliver-sent-anyway', { endIfSuppressed: true })).toMatchObject({ outcome: 'sent', attempt: 1 });
  });

  it('lets throttling through for the task Retry, and the retry sends exactly once', async () => {
    await h.deps.profiles.putProfile(profile('deliver-5'));
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

// Carried over from the two-task step's tests (evaluate-message, send-message): the same guarantees, one task.
describe('deliver-message: message identity, crisis, headers and the send claim', () => {
  const executionOf = (customerId: string) => `arn:aws:states:eu-central-1:123456789012:execution:onboarding:${customerId}`;

  it('gives every invocation of one (execution, step) the same message id, and another step another one', async () => {
    await h.deps.profiles.putProfile(profile('deliver-id'));
    const first = await deliverFor('deliver-id');
    expect(first.messageId).toBe(messageIdFor(executionOf('deliver-id'), 'tips'));
    expect((await deliverFor('deliver-id')).messageId).toBe(first.messageId);
    const other = await deliverFor('deliver-id', { message: { customerId: 'deliver-id', journey: 'onboarding', step: 'tips-2', topic: 'offers', category: 'marketing', template: 'tips', vars: {} } });
    expect(other.messageId).not.toBe(first.messageId);
  });

  it('sees a crisis declared a moment ago, sending nothing', async () => {
    await h.deps.profiles.putProfile(profile('deliver-crisis'));
    await h.deps.crisis.declare({ severity: 'sev2', headline: 'Login failures', message: { en: 'Logins fail.' }, affected: { all: true } }, 'oncall', new Date());
    try {
      expect(await deliverFor('deliver-crisis')).toMatchObject({ outcome: 'suppressed', channel: null });
      const [recorded] = await h.deps.ledger.recentDecisions('deliver-crisis', 1);
      expect(recorded?.reasonCodes).toEqual(['crisis']);
      expect(h.ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    } finally {
      await h.deps.crisis.resolve({}, 'oncall', new Date());
    }
  });

  it('sends marketing email with the one-click unsubscribe headers and the customer\'s name in the HTML', async () => {
    await h.deps.profiles.putProfile(profile('deliver-headers', { name: 'Ana' }));
    await deliverFor('deliver-headers');
    const input = h.ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(input.Content?.Simple?.Headers?.map((header) => header.Name)).toEqual(['List-Unsubscribe', 'List-Unsubscribe-Post']);
    expect(input.Content?.Simple?.Body?.Html?.Data).toContain('Ana');
  });

  it('holds a concurrent attempt off while another one holds the send claim', async () => {
    await h.deps.profiles.putProfile(profile('deliver-claimed'));
    await h.deps.ledger.claimSend('deliver-claimed', messageIdFor(executionOf('deliver-claimed'), 'tips'), 'email');
    await expect(deliverFor('deliver-claimed')).rejects.toMatchObject({ name: 'ProviderRetryableError', providerCode: 'SendInProgress' });
    expect(h.ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('sends at most once when an earlier attempt died after claiming: the claim is answered as unconfirmed', async () => {
    await h.deps.profiles.putProfile(profile('deliver-died'));
    await h.deps.ledger.claimSend('deliver-died', messageIdFor(executionOf('deliver-died'), 'tips'), 'email');
    h.setNow('2026-11-23T10:05:00.000Z');
    expect(await deliverFor('deliver-died')).toMatchObject({ delivery: { status: 'sent', duplicate: true, reason: expect.stringContaining('unconfirmed') } });
    expect(h.ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('fails loudly on a configuration error and records the failure', async () => {
    await h.deps.profiles.putProfile(profile('deliver-misconfigured'));
    h.ses.on(SendEmailCommand).rejects(Object.assign(new Error('not verified'), { name: 'MailFromDomainNotVerifiedException' }));
    await expect(deliverFor('deliver-misconfigured')).rejects.toMatchObject({ name: 'ProviderConfigurationError' });
    const [recorded] = await h.deps.ledger.recentDecisions('deliver-misconfigured', 1);
    expect(recorded).toMatchObject({ outcome: 'failed', failedChannels: ['email'] });
  });
});

describe('deliver-message park mode: the step Catch after every retry failed', () => {
  /** What the step's Catch puts at `$.sendError` for a provider outage. */
  const outage = {
    Error: 'ProviderRetryableError',
    Cause: JSON.stringify({ errorType: 'ProviderRetryableError', errorMessage: 'email provider failed with TooManyRequestsException: slow down' }),
  };
  const throttled = () => h.ses.on(SendEmailCommand).rejects(Object.assign(new Error('slow down'), { name: 'TooManyRequestsException' }));
  const lettersOf = async (customerId: string) => (await h.deps.deadLetters.parkedMessages()).filter((letter) => letter.customerId === customerId);

  it('records the message as failed with the error, parks it once with the payload to replay, and the replay sends it once', async () => {
    await h.deps.profiles.putProfile(profile('park-1'));
    throttled();
    await expect(deliverFor('park-1')).rejects.toMatchObject({ name: 'ProviderRetryableError' });

    const parked = await deliverFor('park-1', { park: outage });
    expect(parked).toMatchObject({ outcome: 'failed', channel: 'email', parked: true, reasons: [expect.any(String), 'failed: TooManyRequestsException after every retry; parked for replay'] });
    const [entry] = await h.deps.ledger.recentDecisions('park-1', 1);
    expect(entry).toMatchObject({ messageId: parked.messageId, outcome: 'failed', channel: 'email' });
    expect(entry?.reasonCodes).toContain('provider_failure');
    expect(entry?.reasons.at(-1)).toBe('failed: TooManyRequestsException after every retry; parked for replay');
    expect(entry?.providerMessageId).toBeUndefined();

    const [letter, ...more] = await lettersOf('park-1');
    expect(more).toEqual([]);
    expect(letter).toEqual({
      messageId: parked.messageId,
      customerId: 'park-1',
      executionId: 'arn:aws:states:eu-central-1:123456789012:execution:onboarding:park-1',
      journey: 'onboarding',
      step: 'tips',
      template: 'tips',
      channel: 'email',
      // The payload as validated, without `park` and without any address.
      deliver: {
        executionId: 'arn:aws:states:eu-central-1:123456789012:execution:onboarding:park-1',
        message: { customerId: 'park-1', journey: 'onboarding', step: 'tips', topic: 'offers', category: 'marketing', urgency: 'normal', template: 'tips', vars: {} },
        maxAttempts: 10,
      },
      error: { name: 'TooManyRequestsException', message: 'email provider failed with TooManyRequestsException: slow down' },
      at: '2026-11-23T10:00:00.000Z',
    });
    expect(JSON.stringify(letter)).not.toContain('park-1@example.com');

    // Parked again (the park task retried): still one letter, in its place, and the reason said once.
    h.setNow('2026-11-23T10:05:00.000Z');
    await deliverFor('park-1', { park: outage });
    expect(await lettersOf('park-1')).toEqual([letter]);
    const [again] = await h.deps.ledger.recentDecisions('park-1', 1);
    expect(again?.reasons.filter((reason) => reason.endsWith('parked for replay'))).toHaveLength(1);

    // The replay: the stored payload, the same messageId; sent once, then answered from the claim.
    h.ses.reset();
    h.ses.on(SendEmailCommand).resolves({ MessageId: 'ses-replayed' });
    expect(await invoke<DeliverMessageResult>(deliver, 'deliver-message', letter!.deliver)).toMatchObject({ outcome: 'sent', messageId: parked.messageId, delivery: { providerMessageId: 'ses-replayed' } });
    expect(await invoke<DeliverMessageResult>(deliver, 'deliver-message', letter!.deliver)).toMatchObject({ outcome: 'sent', delivery: { duplicate: true } });
    expect(h.ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    expect(await h.deps.deadLetters.unparkMessage('park-1', parked.messageId)).toBe(true);
    expect(await lettersOf('park-1')).toEqual([]);
    expect(await h.deps.deadLetters.unparkMessage('park-1', parked.messageId)).toBe(false);
  });

  it('parks nothing when the claim was completed after all (the provider accepted, the invocation then failed): answers the recorded send', async () => {
    await h.deps.profiles.putProfile(profile('park-2'));
    const sent = await deliverFor('park-2');
    // The ledger write after the provider's accept never happened.
    const [recorded] = await h.deps.ledger.recentDecisions('park-2', 1);
    const { providerMessageId: _lost, ...planned } = recorded!;
    await h.deps.ledger.recordDecision('park-2', planned);

    const parked = await deliverFor('park-2', { park: { Error: 'Sandbox.Timedout', Cause: 'Task timed out after 20.00 seconds' } });
    expect(parked).toMatchObject({ outcome: 'sent', messageId: sent.messageId, parked: false, delivery: { status: 'sent', providerMessageId: 'ses-1', duplicate: true } });
    expect(await lettersOf('park-2')).toEqual([]);
    expect((await h.deps.ledger.recentDecisions('park-2', 1))[0]).toMatchObject({ outcome: 'sent', providerMessageId: 'ses-1' });
    expect(h.ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });

  it('never releases a claim still held (the provider may have accepted): parks the message saying delivery is unconfirmed', async () => {
    await h.deps.profiles.putProfile(profile('park-3'));
    throttled();
    const failed = await deliverFor('park-3').catch((error: unknown) => error);
    expect(failed).toMatchObject({ name: 'ProviderRetryableError' });
    const [entry] = await h.deps.ledger.recentDecisions('park-3', 1);
    // An attempt that claimed and died before recording.
    expect(await h.deps.ledger.claimSend('park-3', entry!.messageId, 'email')).toEqual({ claimed: true });

    const parked = await deliverFor('park-3', { park: { Error: 'Runtime.ExitError', Cause: 'Runtime exited with error: signal: killed' } });
    expect(parked).toMatchObject({ outcome: 'failed', parked: true });
    expect(await h.deps.ledger.getSendClaim('park-3', entry!.messageId)).toMatchObject({ status: 'claimed' });
    const [letter] = await lettersOf('park-3');
    expect(letter?.error).toEqual({ name: 'Runtime.ExitError', message: 'Runtime exited with error: signal: killed (an earlier attempt still holds the send claim: delivery unconfirmed)' });
  });

  it('keeps nothing for a customer erased meanwhile, and erasing a customer removes their parked messages', async () => {
    await h.deps.profiles.putProfile(profile('park-4'));
    await h.deps.profiles.putProfile(profile('park-5'));
    throttled();
    for (const id of ['park-4', 'park-5']) await expect(deliverFor(id)).rejects.toMatchObject({ name: 'ProviderRetryableError' });
    await h.deps.erasure.eraseCustomer('park-4');
    expect(await deliverFor('park-4', { park: outage })).toMatchObject({ outcome: 'suppressed', parked: false });
    expect(await lettersOf('park-4')).toEqual([]);

    expect(await deliverFor('park-5', { park: outage })).toMatchObject({ parked: true });
    expect(await lettersOf('park-5')).toHaveLength(1);
    await h.deps.erasure.eraseCustomer('park-5');
    expect(await lettersOf('park-5')).toEqual([]);
  });

  it('names the caught error when the cause names no provider code, and refuses a park without an error name', async () => {
    await h.deps.profiles.putProfile(profile('park-6'));
    throttled();
    await expect(deliverFor('park-6')).rejects.toMatchObject({ name: 'ProviderRetryableError' });
    await deliverFor('park-6', { park: { Error: 'ThrottlingException' } });
    expect((await lettersOf('park-6'))[0]?.error).toEqual({ name: 'ThrottlingException', message: 'ThrottlingException' });
    await expect(deliverFor('park-6', { park: { Cause: 'no name' } })).rejects.toMatchObject({ name: 'ValidationError', message: expect.stringContaining('park.Error') });
  });
});
