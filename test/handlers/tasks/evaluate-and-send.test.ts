import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { PublishCommand } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Decision } from '../../../functions/domain';
import { handler as evaluate } from '../../../functions/handlers/evaluate-message';
import { handler as send } from '../../../functions/handlers/send-message';
import type { SendMessageResult } from '../../../contracts/payloads';
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

const tipsMessage = (customerId: string, overrides: Record<string, unknown> = {}) => ({
  executionId: `arn:aws:states:eu-central-1:123456789012:execution:onboarding:${customerId}`,
  message: { customerId, journey: 'onboarding', step: 'tips', topic: 'offers', category: 'marketing', template: 'tips', vars: {}, ...overrides },
});

const evaluateFor = (customerId: string, overrides: Record<string, unknown> = {}) =>
  invoke<Decision>(evaluate, 'evaluate-message', tipsMessage(customerId, overrides));
const sendDecision = (decision: Decision) =>
  invoke<SendMessageResult>(send, 'send-message', { executionId: tipsMessage(decision.customerId).executionId, decision, vars: {} });

describe('evaluate-message', () => {
  it('decides with one Query of the customer collection and records the decision', async () => {
    await h.deps.profiles.putProfile(profile('eval-1'));
    h.db.commands.reset();
    const decision = await evaluateFor('eval-1');
    expect(decision).toMatchObject({ outcome: 'sent', channel: 'email', locale: 'sk', customerId: 'eval-1' });
    // One Query of the customer's collection, one read of the crisis record and one batch read of the pause and
    // freeze state (each cached for a second in Lambda, uncached here), one write of the decision.
    expect(h.db.commands.names).toEqual(['QueryCommand', 'QueryCommand', 'BatchGetItemCommand', 'PutItemCommand']);
    const recorded = await h.deps.ledger.recentDecisions('eval-1', 5);
    expect(recorded.map((d) => d.messageId)).toEqual([decision.messageId]);
  });

  it('gives the same message id to every evaluation of one (execution, step)', async () => {
    await h.deps.profiles.putProfile(profile('eval-2'));
    const first = await evaluateFor('eval-2');
    const second = await evaluateFor('eval-2');
    expect(second.messageId).toBe(first.messageId);
    expect((await evaluateFor('eval-2', { step: 'tips-2' })).messageId).not.toBe(first.messageId);
  });

  it('suppresses and records nothing for a customer without a profile', async () => {
    const decision = await evaluateFor('nobody-here');
    expect(decision).toMatchObject({ outcome: 'suppressed', channel: null });
    expect(decision.reasons[0]).toContain('no profile');
    expect(await h.deps.ledger.recentDecisions('nobody-here', 5)).toEqual([]);
  });

  it('refuses a malformed payload with a named validation error', async () => {
    await expect(invoke(evaluate, 'evaluate-message', { executionId: 'x', message: { customerId: 'c' } })).rejects.toMatchObject({ name: 'ValidationError' });
  });

  it('sees a crisis declared a moment ago', async () => {
    await h.deps.profiles.putProfile(profile('eval-3'));
    await h.deps.crisis.declare({ severity: 'sev2', headline: 'Login failures', message: { en: 'Logins fail.' }, affected: { all: true } }, 'oncall', new Date());
    try {
      expect(await evaluateFor('eval-3')).toMatchObject({ outcome: 'suppressed', reasonCodes: ['crisis'] });
    } finally {
      await h.deps.crisis.resolve({}, 'oncall', new Date());
    }
  });
});

describe('send-message', () => {
  it('sends once on the decided channel with the unsubscribe headers, and records the provider id', async () => {
    await h.deps.profiles.putProfile(profile('send-1', { name: 'Ana' }));
    const decision = await evaluateFor('send-1');
    const outcome = await sendDecision(decision);
    expect(outcome).toEqual({ status: 'sent', channel: 'email', providerMessageId: 'ses-1' });
    const calls = h.ses.commandCalls(SendEmailCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input;
    expect(input.Destination?.ToAddresses).toEqual(['send-1@example.com']);
    expect(input.Content?.Simple?.Headers?.map((header) => header.Name)).toEqual(['List-Unsubscribe', 'List-Unsubscribe-Post']);
    expect(input.Content?.Simple?.Body?.Html?.Data).toContain('Ana');
    const [recorded] = await h.deps.ledger.recentDecisions('send-1', 1);
    expect(recorded).toMatchObject({ messageId: decision.messageId, outcome: 'sent', providerMessageId: 'ses-1' });
  });

  it('does not send again when Step Functions retries after the provider accepted', async () => {
    await h.deps.profiles.putProfile(profile('send-2'));
    const decision = await evaluateFor('send-2');
    await sendDecision(decision);
    const retry = await sendDecision(decision);
    expect(retry).toMatchObject({ status: 'sent', duplicate: true, providerMessageId: 'ses-1' });
    expect(h.ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });

  it('rethrows throttling as ProviderRetryableError and lets the retry send', async () => {
    await h.deps.profiles.putProfile(profile('send-3'));
    const decision = await evaluateFor('send-3');
    h.ses.on(SendEmailCommand).rejectsOnce(Object.assign(new Error('slow down'), { name: 'TooManyRequestsException' })).resolves({ MessageId: 'ses-2' });
    await expect(sendDecision(decision)).rejects.toMatchObject({ name: 'ProviderRetryableError' });
    expect(await sendDecision(decision)).toMatchObject({ status: 'sent', providerMessageId: 'ses-2' });
  });

  it('falls back to the next channel when an address fails permanently, and suppresses that channel', async () => {
    await h.deps.profiles.putProfile(profile('send-4', { channelPreferences: ['sms', 'email'] }));
    h.sns.on(PublishCommand).rejects(Object.assign(new Error('Invalid parameter: PhoneNumber'), { name: 'InvalidParameterException' }));
    const first = await evaluateFor('send-4');
    expect(first.channel).toBe('sms');
    expect(await sendDecision(first)).toMatchObject({ status: 'fallback', channel: 'sms' });

    const second = await evaluateFor('send-4');
    expect(second).toMatchObject({ outcome: 'sent', channel: 'email', messageId: first.messageId });
    expect(second.reasons[0]).toMatch(/^channel sms skipped/);
    expect(await sendDecision(second)).toMatchObject({ status: 'sent', channel: 'email' });
    expect(h.ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    const context = await h.deps.decisionContexts.loadDecisionContext('send-4');
    expect(context.suppressions.map((s) => s.kind)).toContain('sms_stop');
  });

  it('holds a concurrent attempt off while another one holds the send claim', async () => {
    await h.deps.profiles.putProfile(profile('send-5'));
    const decision = await evaluateFor('send-5');
    await h.deps.ledger.claimSend('send-5', decision.messageId, 'email');
    await expect(sendDecision(decision)).rejects.toMatchObject({ name: 'ProviderRetryableError', providerCode: 'SendInProgress' });
    expect(h.ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('chooses at most once when an earlier attempt died after claiming', async () => {
    await h.deps.profiles.putProfile(profile('send-6'));
    const decision = await evaluateFor('send-6');
    await h.deps.ledger.claimSend('send-6', decision.messageId, 'email');
    h.setNow('2026-11-23T10:05:00.000Z');
    expect(await sendDecision(decision)).toMatchObject({ status: 'sent', duplicate: true, reason: expect.stringContaining('unconfirmed') });
    expect(h.ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('fails loudly on a configuration error and records the failure', async () => {
    await h.deps.profiles.putProfile(profile('send-7'));
    const decision = await evaluateFor('send-7');
    h.ses.on(SendEmailCommand).rejects(Object.assign(new Error('not verified'), { name: 'MailFromDomainNotVerifiedException' }));
    await expect(sendDecision(decision)).rejects.toMatchObject({ name: 'ProviderConfigurationError' });
    const [recorded] = await h.deps.ledger.recentDecisions('send-7', 1);
    expect(recorded).toMatchObject({ outcome: 'failed', failedChannels: ['email'] });
  });
});
