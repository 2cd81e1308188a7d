/**
 * Messages held while a journey is paused or marketing is frozen, through the local runtime on the virtual clock:
 * the held message is deferred with a reason naming the pause (or freeze), is not skipped by the journey's waits,
 * and goes out once within a minute of the resume (or unfreeze) — not at the old `until`. A freeze holds marketing
 * and never an incident acknowledgement (service). Pauses end by themselves at `until`: queued entries start once
 * each, in arrival order.
 */
import { describe, expect, it } from 'vitest';
import { DAY, MINUTE, useScenario } from '../support/scenario';

const s = useScenario('2026-11-23T09:00:00.000Z');
const ONCALL = { authorization: 'Bearer test-oncall-token' };
const ACTOR = 'arn:aws:sts::000000000000:assumed-role/JourneysOnCall/local';

async function onboardingExecutionsOf(customerId: string) {
  return (await s.executionsOf(customerId)).filter((execution) => execution.journey === 'onboarding');
}

/** The customer's emails other than the welcome. */
async function laterEmails(customerId: string) {
  const welcome = await s.decisionOf(customerId, 'welcome');
  return (await s.emailsTo(s.emailOf(customerId))).filter((email) => email.messageId !== welcome?.providerMessageId);
}

/** Emails with the same subject as the one the decision sent: a message sent twice would show twice. */
async function copiesOf(customerId: string, providerMessageId: string | undefined) {
  const emails = await s.emailsTo(s.emailOf(customerId));
  const subject = emails.find((email) => email.messageId === providerMessageId)?.subject;
  expect(subject).toBeDefined();
  return emails.filter((email) => email.subject === subject);
}

describe('a paused journey holds the messages of customers inside it', () => {
  it('holds the activation nudge (deferred, naming the pause), keeps the journey on it, and sends it once within a minute of resume', async () => {
    const id = 'hold-pause-1';
    await s.putProfile(s.profile(id));
    await s.post(s.events.signedUp(id));
    expect((await s.decisionOf(id, 'welcome'))?.outcome).toBe('sent');

    await s.advance({ days: 1 });
    const until = new Date(s.now().getTime() + 5 * DAY).toISOString();
    const paused = await s.api('PUT', '/journeys/onboarding/pause', { until, reason: 'nudge copy under legal review' }, ONCALL);
    expect(paused.status).toBe(200);

    // The 2-day activation wait ends while paused: the nudge is decided, and held.
    await s.advance({ days: 1, hours: 1 });
    const held = await s.decisionOf(id, 'activation-nudge');
    expect(held).toMatchObject({ outcome: 'deferred', category: 'marketing', sendAt: until, reasonCodes: ['journey_paused'] });
    expect(held!.reasons).toEqual([`held: onboarding is paused until ${until} by ${ACTOR}: nudge copy under legal review; sent after resume`]);
    expect(await laterEmails(id)).toEqual([]);

    // Days pass (longer than the tip interval): the journey stays on the held message, nothing is skipped.
    await s.advance({ days: 2 });
    const [execution] = await onboardingExecutionsOf(id);
    expect(execution?.status).toBe('RUNNING');
    const states = await s.statesEntered(execution!.id);
    expect(states).toContain('Activation nudge: held');
    expect(states).not.toContain('Wait before tip 2');
    expect(await laterEmails(id)).toEqual([]);

    const resumedAt = s.now().getTime();
    expect((await s.api('DELETE', '/journeys/onboarding/pause', undefined, ONCALL)).status).toBe(200);
    await s.advance({ minutes: 1 });
    const sent = await s.decisionOf(id, 'activation-nudge');
    expect(sent).toMatchObject({ outcome: 'sent', channel: 'email' });
    expect(Date.parse(sent!.at) - resumedAt).toBeLessThanOrEqual(MINUTE);
    expect(await copiesOf(id, sent!.providerMessageId)).toHaveLength(1);

    // Past the old `until` and beyond: still exactly one nudge, and the journey went on to the tips.
    await s.advance({ days: 4 });
    expect(await copiesOf(id, sent!.providerMessageId)).toHaveLength(1);
    expect(await s.statesEntered(execution!.id)).toContain('Wait before tip 2');
    await s.assertHealthy();
  });

  it('ends a pause by itself at until: queued entries start once each, in arrival order', async () => {
    const until = new Date(s.now().getTime() + 2 * DAY).toISOString();
    expect((await s.api('PUT', '/journeys/onboarding/pause', { until, entries: 'queue', reason: 'migration window' }, ONCALL)).status).toBe(200);
    const queued = ['hold-queue-1', 'hold-queue-2', 'hold-queue-3'];
    for (const id of queued) {
      await s.putProfile(s.profile(id));
      await s.post(s.events.signedUp(id));
      await s.advance({ minutes: 5 });
    }
    for (const id of queued) expect(await onboardingExecutionsOf(id)).toEqual([]);

    await s.advanceTo(new Date(Date.parse(until) + MINUTE));
    const started = await Promise.all(queued.map(async (id) => onboardingExecutionsOf(id)));
    expect(started.map((executions) => executions.length)).toEqual([1, 1, 1]);
    const startTimes = started.map((executions) => Date.parse(executions[0]!.startedAt));
    expect([...startTimes].sort((a, b) => a - b)).toEqual(startTimes);
    for (const id of queued) expect((await s.decisionOf(id, 'welcome'))?.outcome).toBe('sent');
    const view = await s.api('GET', '/journeys/onboarding', undefined, ONCALL);
    expect(view.body).toMatchObject({ status: 'running' });
    expect((view.body as { pause?: unknown }).pause).toBeUndefined();

    // Nothing starts twice, later.
    await s.advance({ days: 1 });
    for (const id of queued) expect(await onboardingExecutionsOf(id)).toHaveLength(1);
    await s.assertHealthy();
  });
});

describe('the marketing freeze', () => {
  it('answers 401/403 to callers who are neither ops nor on call, and caps a freeze at 14 days', async () => {
    expect((await s.api('PUT', '/freeze', { reason: 'x' })).status).toBe(401);
    expect((await s.api('PUT', '/freeze', { reason: 'x' }, { authorization: 'Bearer not-the-token' })).status).toBe(403);
    const tooLong = await s.api('PUT', '/freeze', { until: new Date(s.now().getTime() + 15 * DAY).toISOString(), reason: 'x' }, ONCALL);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toMatchObject({ error: { issues: [{ path: 'until' }] } });
    expect((await s.api('GET', '/freeze', undefined, ONCALL)).body).toEqual({ active: false });
  });

  it('holds marketing but not an incident acknowledgement; unfreeze releases the held message once', async () => {
    const id = 'hold-freeze-1';
    await s.putProfile(s.profile(id));
    await s.post(s.events.signedUp(id));
    const frozen = await s.api('PUT', '/freeze', { reason: 'brand review after the outage' }, ONCALL);
    expect(frozen.status).toBe(200);
    expect(frozen.body).toEqual({ active: true, until: new Date(s.now().getTime() + 14 * DAY).toISOString(), reason: 'brand review after the outage', by: ACTOR });

    // An incident acknowledgement (service) is not held by a freeze. (Another customer: an open incident
    // suppresses the customer's marketing by its own rule, which the freeze leaves alone.)
    const affected = 'hold-freeze-incident';
    await s.putProfile(s.profile(affected));
    await s.post(s.events.incidentOpened(affected, { incidentId: 'INC-FREEZE', severity: 'major', title: 'Slow card payments' }));
    expect(await s.decisionOf(affected, 'acknowledge', 'incident')).toMatchObject({ outcome: 'sent', category: 'service' });

    // The activation nudge (marketing) is.
    await s.advance({ days: 2, hours: 1 });
    const held = await s.decisionOf(id, 'activation-nudge');
    expect(held).toMatchObject({ outcome: 'deferred', reasonCodes: ['marketing_freeze'] });
    expect(held!.reasons[0]).toContain('marketing is frozen until');
    expect(held!.reasons[0]).toContain('brand review after the outage');

    const unfrozenAt = s.now().getTime();
    const unfrozen = await s.api('DELETE', '/freeze', undefined, ONCALL);
    expect(unfrozen.body).toEqual({ active: false });
    await s.advance({ minutes: 1 });
    const sent = await s.decisionOf(id, 'activation-nudge');
    expect(sent?.outcome).toBe('sent');
    expect(Date.parse(sent!.at) - unfrozenAt).toBeLessThanOrEqual(MINUTE);
    await s.advance({ days: 1 });
    expect(await copiesOf(id, sent!.providerMessageId)).toHaveLength(1);
    await s.assertHealthy();
  });
});
