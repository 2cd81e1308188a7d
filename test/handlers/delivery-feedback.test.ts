import { startHandlerEnv, type HandlerEnv } from '../support/handler-env';
import type { SNSEvent } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { encodeTagValue } from '../../functions/adapters/email-sender';
import { handler } from '../../functions/handlers/delivery-feedback';
import { keywordOf } from '../../functions/domain/rules/provider-feedback';
import { logger } from '../../functions/handlers/runtime/logger';
import { profile } from '../support/adapter-fixtures';
import { lambdaContext } from '../support/api-events';

let env: HandlerEnv;
beforeAll(async () => {
  env = await startHandlerEnv();
});
afterAll(async () => env.close());
beforeEach(async () => {
  env.resetMocks();
  await env.clear();
  await env.profiles.putProfile(profile('c-123', { email: 'ana@example.com', phone: '+421900123456' }));
});

function snsEvent(...messages: unknown[]): SNSEvent {
  return {
    Records: messages.map((message, i) => ({
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: 'arn:aws:sns:eu-central-1:123456789012:journeys-feedback:sub',
      Sns: {
        Type: 'Notification',
        MessageId: `sns-${i}`,
        TopicArn: 'arn:aws:sns:eu-central-1:123456789012:journeys-feedback',
        Subject: '',
        Message: typeof message === 'string' ? message : JSON.stringify(message),
        Timestamp: '2026-11-23T10:00:00.000Z',
        SignatureVersion: '1',
        Signature: 'sig',
        SigningCertUrl: 'https://example.com/cert',
        UnsubscribeUrl: 'https://example.com/unsub',
        MessageAttributes: {},
      },
    })),
  };
}

const run = (...messages: unknown[]) => handler(snsEvent(...messages), lambdaContext('delivery-feedback'));

function sesEvent(eventType: string, details: Record<string, unknown>, tags: Record<string, string> = { customerId: 'c-123', messageId: 'abc123-welcome' }) {
  return {
    eventType,
    mail: {
      timestamp: '2026-11-23T09:59:00.000Z',
      source: 'no-reply@journeys.example.com',
      messageId: '0102018f-ses-message-id',
      destination: ['ana@example.com'],
      tags: {
        'ses:configuration-set': ['journeys'],
        journey: ['onboarding'],
        ...Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, [encodeTagValue(v) ?? v]])),
      },
    },
    ...details,
  };
}

const permanentBounce = (tags?: Record<string, string>, recipient = 'ana@example.com') =>
  sesEvent(
    'Bounce',
    {
      bounce: {
        bounceType: 'Permanent',
        bounceSubType: 'General',
        bouncedRecipients: [{ emailAddress: recipient, action: 'failed', status: '5.1.1' }],
        timestamp: '2026-11-23T10:00:01.000Z',
        feedbackId: 'feedback-1',
      },
    },
    tags,
  );

const suppressions = async (customerId = 'c-123') => (await env.decisionContexts.loadDecisionContext(customerId)).suppressions;

describe('SES feedback', () => {
  it('turns a permanent bounce into a hard_bounce suppression with reason and source', async () => {
    expect(await run(permanentBounce())).toEqual({ outcomes: ['hard_bounce'] });
    expect(await suppressions()).toEqual([
      {
        kind: 'hard_bounce',
        ref: 'abc123-welcome',
        reason: 'hard bounce (General) reported by SES on 2026-11-23',
        source: 'ses bounce',
        createdAt: '2026-11-23T10:00:00.000Z',
      },
    ]);
  });

  it('turns a complaint into a complaint suppression', async () => {
    const complaint = sesEvent('Complaint', {
      complaint: { complainedRecipients: [{ emailAddress: 'Ana@Example.com' }], complaintFeedbackType: 'abuse', timestamp: '2026-11-24T08:00:00.000Z' },
    });
    expect(await run(complaint)).toEqual({ outcomes: ['complaint'] });
    expect(await suppressions()).toMatchObject([{ kind: 'complaint', ref: 'abc123-welcome', reason: 'complaint (abuse) reported by SES on 2026-11-24', source: 'ses complaint' }]);
  });

  it('understands classic SES notifications (notificationType) as well', async () => {
    const { eventType: _e, ...rest } = permanentBounce();
    expect(await run({ notificationType: 'Bounce', ...rest })).toEqual({ outcomes: ['hard_bounce'] });
  });

  it('writes nothing for a transient bounce, a delivery or an open', async () => {
    const before = await env.snapshot();
    const transient = sesEvent('Bounce', { bounce: { bounceType: 'Transient', bounceSubType: 'MailboxFull', bouncedRecipients: [{ emailAddress: 'ana@example.com' }] } });
    expect(await run(transient, sesEvent('Delivery', { delivery: {} }), sesEvent('Open', { open: {} }))).toEqual({ outcomes: ['transient_bounce', 'ignored', 'ignored'] });
    expect(await env.snapshot()).toBe(before);
  });

  it('decodes customer ids that SES tags cannot carry as they are', async () => {
    await env.profiles.putProfile(profile('ana.novak@corp', { email: 'ana.novak@example.com' }));
    expect(await run(permanentBounce({ customerId: 'ana.novak@corp', messageId: 'm.1' }, 'ana.novak@example.com'))).toEqual({ outcomes: ['hard_bounce'] });
    expect(await suppressions('ana.novak@corp')).toMatchObject([{ kind: 'hard_bounce', ref: 'm.1' }]);
  });

  it('falls back to the SES message id when the message tag is missing', async () => {
    await run(permanentBounce({ customerId: 'c-123' }));
    expect(await suppressions()).toMatchObject([{ ref: '0102018f-ses-message-id' }]);
  });

  it('does not suppress the new address of a customer who changed it since', async () => {
    await env.profiles.putProfile(profile('c-123', { email: 'ana.new@example.com' }));
    const before = await env.snapshot();
    expect(await run(permanentBounce())).toEqual({ outcomes: ['address_changed'] });
    expect(await env.snapshot()).toBe(before);
  });

  it('writes nothing for an erased customer, nor for a notification without a customer tag', async () => {
    await env.erasure.eraseCustomer('c-123');
    const before = await env.snapshot();
    expect(await run(permanentBounce(), permanentBounce({}))).toEqual({ outcomes: ['unknown_customer', 'unattributed'] });
    expect(await env.snapshot()).toBe(before);
  });
});

describe('inbound SMS', () => {
  const sms = (messageBody: string, originationNumber = '+421900123456', messageKeyword?: string) => ({
    originationNumber,
    destinationNumber: '+447700900000',
    messageBody,
    inboundMessageId: 'in-1',
    ...(messageKeyword ? { messageKeyword } : {}),
  });

  it('STOP adds an sms_stop suppression for the customer with that number', async () => {
    expect(await run(sms('STOP'))).toEqual({ outcomes: ['sms_stop'] });
    expect(await suppressions()).toEqual([
      { kind: 'sms_stop', ref: 'inbound-stop', reason: 'SMS STOP received on 2026-11-23', source: 'sms inbound', createdAt: '2026-11-23T10:00:00.000Z' },
    ]);
  });

  it('understands the usual opt-out words, whatever their case, and the keyword field', async () => {
    expect(await run(sms('unsubscribe'), sms('Stop sending me these'), sms('x', '+421900123456', 'STOPALL'))).toEqual({ outcomes: ['sms_stop', 'sms_stop', 'sms_stop'] });
  });

  it('START lifts the opt-out (and SMS suppressions from failed sends)', async () => {
    await run(sms('STOP'));
    await env.suppressions.putSuppression('c-123', { kind: 'sms_stop', ref: 'msg-9', reason: 'opted out at SNS', source: 'send-message', createdAt: '2026-11-23T09:00:00.000Z' });
    await env.suppressions.putSuppression('c-123', { kind: 'hard_bounce', ref: 'msg-8', reason: 'bounced', source: 'ses', createdAt: '2026-11-23T09:00:00.000Z' });
    expect(await run(sms(' start '))).toEqual({ outcomes: ['sms_start'] });
    expect((await suppressions()).map((s) => s.kind)).toEqual(['hard_bounce']);
    expect(await run(sms('UNSTOP'))).toEqual({ outcomes: ['sms_start'] });
  });

  it('does not read "start" inside a sentence as an opt-in', async () => {
    await run(sms('STOP'));
    expect(await run(sms('Start of my complaint: you keep texting me'))).toEqual({ outcomes: ['ignored'] });
    expect((await suppressions()).map((s) => s.kind)).toEqual(['sms_stop']);
  });

  it('ignores other messages, and numbers no customer has', async () => {
    const before = await env.snapshot();
    expect(await run(sms('Hello, what is my balance?'), sms('STOP', '+421900999999'))).toEqual({ outcomes: ['ignored', 'unknown_customer'] });
    expect(await env.snapshot()).toBe(before);
  });

  it('classifies keywords', () => {
    expect(keywordOf({ messageBody: 'stop.' })).toEqual({ kind: 'stop', word: 'STOP' });
    expect(keywordOf({ messageBody: 'Start!' })).toEqual({ kind: 'start', word: 'START' });
    expect(keywordOf({ messageBody: 'stopwatch' })).toBeUndefined();
    expect(keywordOf({})).toBeUndefined();
  });
});

describe('malformed notifications', () => {
  it('are skipped (never thrown for ever), the good ones of the same batch still applied, and nothing of them is logged', async () => {
    // What reaches the logger, before any masking: no address or number may be handed to it at all.
    const spies = (['debug', 'info', 'warn', 'error'] as const).map((level) => vi.spyOn(logger, level));
    try {
      const outcomes = await run(
        'not json {',
        '"a string"',
        { hello: 'world' },
        { eventType: 'Bounce', mail: { tags: {} } },
        { eventType: 'Bounce' },
        { originationNumber: 'ana@example.com', messageBody: 'STOP' },
        permanentBounce(),
        { originationNumber: '+421900123456', messageBody: 'STOP' },
      );
      expect(outcomes).toEqual({ outcomes: ['malformed', 'malformed', 'malformed', 'malformed', 'malformed', 'malformed', 'hard_bounce', 'sms_stop'] });
      const logged = JSON.stringify(spies.flatMap((spy) => spy.mock.calls));
      expect(logged).toContain('malformed feedback notification skipped');
      expect(logged).not.toMatch(/ana@example\.com|421900123456/);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect((await suppressions()).map((s) => s.kind).sort()).toEqual(['hard_bounce', 'sms_stop']);
  });

  it('an event without Records is nothing to do', async () => {
    expect(await handler({} as SNSEvent, lambdaContext())).toEqual({ outcomes: [] });
  });
});

describe('failures of the table', () => {
  it('throw, so SNS retries the notification and it ends in the dead-letter queue if it keeps failing', async () => {
    const spy = vi.spyOn(env.suppressions, 'putSuppression').mockRejectedValueOnce(Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' }));
    await expect(run(permanentBounce())).rejects.toThrow('throttled');
    spy.mockRestore();
  });
});
