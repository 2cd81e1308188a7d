/**
 * The frequency caps at their window's edge, through deliver-message (decide and send in one invocation): a
 * marketing message sent exactly 24 hours (7 days) ago has left the rolling window and no longer counts; one sent a
 * millisecond later still does. Default policy: at most 1 marketing message in 24 hours and 3 in 7 days.
 */
import '../../support/quiet-runtime';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { PublishCommand } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handler as deliver } from '../../../functions/handlers/deliver-message';
import type { DeliverMessageResult } from '../../../contracts/payloads';
import { decision, profile } from '../../support/adapter-fixtures';
import { invoke, startTaskHarness, type TaskHarness } from '../../support/task-harness';

const NOW = '2026-11-23T10:00:00.000Z';

let h: TaskHarness;
beforeAll(async () => {
  h = await startTaskHarness();
});
afterAll(() => h.close());
beforeEach(() => {
  h.ses.reset();
  h.ses.on(SendEmailCommand).resolves({ MessageId: 'ses-edge' });
  h.sns.reset();
  h.sns.on(PublishCommand).resolves({ MessageId: 'sns-edge' });
  h.setNow(NOW);
});

/** A customer whose ledger holds marketing messages sent at `sentAt`; then one more marketing message is delivered. */
async function deliverAfter(customerId: string, sentAt: readonly string[]) {
  await h.deps.profiles.putProfile(profile(customerId));
  const emailsBefore = h.ses.commandCalls(SendEmailCommand).length;
  for (const [i, at] of sentAt.entries()) await h.deps.ledger.recordDecision(customerId, decision(customerId, `${customerId}-earlier-${i}`, { at }));
  const outcome = await invoke<DeliverMessageResult>(deliver, 'deliver-message', {
    executionId: `arn:aws:states:eu-central-1:123456789012:execution:onboarding:${customerId}`,
    message: { customerId, journey: 'onboarding', step: 'tips', topic: 'offers', category: 'marketing', template: 'tips', vars: {} },
  });
  const recorded = (await h.deps.ledger.recentDecisions(customerId, 10)).find((entry) => entry.messageId === outcome.messageId);
  return { outcome, recorded, emails: h.ses.commandCalls(SendEmailCommand).length - emailsBefore };
}

describe('the frequency caps at the edge of their window', () => {
  it('24 hours: a message sent exactly 24 hours ago no longer counts; the new one goes out', async () => {
    const { outcome, recorded, emails } = await deliverAfter('cap-day-out', ['2026-11-22T10:00:00.000Z']);
    expect(outcome).toMatchObject({ outcome: 'sent', channel: 'email' });
    expect(recorded).toMatchObject({ outcome: 'sent', at: NOW, reasonCodes: ['allowed'] });
    expect(emails).toBe(1);
  });

  it('24 hours: one sent a millisecond later is still in the window; the new one is suppressed with the cap named', async () => {
    const { outcome, recorded, emails } = await deliverAfter('cap-day-in', ['2026-11-22T10:00:00.001Z']);
    expect(outcome).toMatchObject({ outcome: 'suppressed', channel: null });
    expect(recorded).toMatchObject({ outcome: 'suppressed', at: NOW, reasonCodes: ['frequency_cap'] });
    expect(recorded?.reasons).toEqual(['suppressed: frequency cap reached (1 marketing message in the last 24 hours, at most 1)']);
    expect(emails).toBe(0);
  });

  it('the edge is the instant, not its spelling: exactly 24 hours ago written with an offset and no milliseconds', async () => {
    const { outcome } = await deliverAfter('cap-day-offset', ['2026-11-22T11:00:00+01:00']);
    expect(outcome).toMatchObject({ outcome: 'sent' });
    const inside = await deliverAfter('cap-day-offset-in', ['2026-11-22T11:00:01+01:00']);
    expect(inside.outcome).toMatchObject({ outcome: 'suppressed' });
    expect(inside.recorded?.reasonCodes).toEqual(['frequency_cap']);
  });

  it('7 days: 3 sent, the oldest exactly 7 days ago — room for one more; the oldest a millisecond later — none', async () => {
    const out = await deliverAfter('cap-week-out', ['2026-11-16T10:00:00.000Z', '2026-11-18T10:00:00.000Z', '2026-11-20T10:00:00.000Z']);
    expect(out.outcome).toMatchObject({ outcome: 'sent' });
    expect(out.recorded?.reasonCodes).toEqual(['allowed']);

    const inside = await deliverAfter('cap-week-in', ['2026-11-16T10:00:00.001Z', '2026-11-18T10:00:00.000Z', '2026-11-20T10:00:00.000Z']);
    expect(inside.outcome).toMatchObject({ outcome: 'suppressed' });
    expect(inside.recorded?.reasons).toEqual(['suppressed: frequency cap reached (3 marketing messages in the last 7 days, at most 3)']);
    expect(inside.emails).toBe(0);
  });
});
