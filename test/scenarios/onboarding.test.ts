/**
 * The onboarding journey end to end, through the real local runtime on the virtual clock: welcome (transactional),
 * the 2-day activation wait, tips for the activated or a nudge for the others, two more tips 3 days apart with an
 * exit check before each, and the exits (churn during the wait, unsubscribe from onboarding tips).
 *
 * Every test starts at 10:00 Bratislava (whole days only), outside quiet hours.
 */
import { describe, expect, it } from 'vitest';
import { DAY, listUnsubscribeOf, useScenario } from '../support/scenario';

// Monday 2026-11-23, 10:00 in Bratislava.
const s = useScenario('2026-11-23T09:00:00.000Z');
const BRATISLAVA = 'Europe/Bratislava';

async function onboardingExecution(customerId: string) {
  const executions = (await s.executionsOf(customerId)).filter((e) => e.journey === 'onboarding');
  expect(executions).toHaveLength(1);
  return executions[0]!;
}

describe('onboarding journey', () => {
  it('sends the welcome as a transactional message even when every consent is off (in the customer\'s language), then exits at the activation check', async () => {
    const id = 'ob-welcome';
    await s.advanceToLocal('10:00', BRATISLAVA);
    await s.putProfile(
      s.profile(id, {
        locale: 'cs',
        consents: { onboarding_tips: false, product_news: false, offers: false, surveys: false, service_updates: false },
      }),
    );
    const signedUpAt = s.now().toISOString();
    const answer = await s.post(s.events.signedUp(id));
    expect(answer.accepted).toEqual([{ id: expect.any(String), journey: 'onboarding', execution: expect.stringMatching(/^onboarding-/) }]);

    const emails = await s.emailsTo(s.emailOf(id));
    expect(emails.map((e) => e.subject)).toEqual(['Vítejte v Journeys']);
    expect(listUnsubscribeOf(emails[0]!)).toBeUndefined(); // transactional: no unsubscribe
    const welcome = await s.decisionOf(id, 'welcome');
    expect(welcome).toMatchObject({
      journey: 'onboarding',
      category: 'transactional',
      outcome: 'sent',
      channel: 'email',
      locale: 'cs',
      reasonCodes: ['allowed'],
      at: signedUpAt,
      providerMessageId: emails[0]!.messageId,
    });
    expect(welcome!.reasons).toEqual(['sent on email (customer preferences)']);

    // The 2-day wait ends; the exit check sees the onboarding tips opt-out and the journey ends without a nudge.
    const execution = await onboardingExecution(id);
    expect(execution.status).toBe('RUNNING');
    await s.advance({ days: 2 });
    expect((await onboardingExecution(id)).status).toBe('SUCCEEDED');
    expect(await s.statesEntered(execution.id)).toContain('Exited: after activation wait');
    expect((await s.messagesOf(id)).map((m) => m.step)).toEqual(['welcome']);
    expect(await s.emailsTo(s.emailOf(id))).toHaveLength(1);
    await s.assertHealthy();
  });

  it('activation within 2 days → tips at once, then tip 2 and tip 3 three days apart, and the journey completes', async () => {
    const id = 'ob-activated';
    await s.advanceToLocal('10:00', BRATISLAVA);
    await s.putProfile(s.profile(id, { locale: 'hu', timeZone: 'Europe/Budapest' }));
    const t0 = s.now().getTime();
    await s.post(s.events.signedUp(id));
    await s.advance({ days: 1 });
    await s.post(s.events.activated(id));

    const tip1 = await s.decisionOf(id, 'tip-1');
    expect(tip1).toMatchObject({ category: 'marketing', topic: 'onboarding_tips', outcome: 'sent', channel: 'email', locale: 'hu', at: iso(t0 + DAY) });
    expect(await s.decisionOf(id, 'activation-nudge')).toBeUndefined();

    await s.advance({ days: 3 } );
    expect(await s.decisionOf(id, 'tip-2')).toMatchObject({ outcome: 'sent', channel: 'email', at: iso(t0 + 4 * DAY) });
    expect(await s.decisionOf(id, 'tip-3')).toBeUndefined();
    expect((await onboardingExecution(id)).status).toBe('RUNNING');

    await s.advance({ days: 3 });
    expect(await s.decisionOf(id, 'tip-3')).toMatchObject({ outcome: 'sent', channel: 'email', at: iso(t0 + 7 * DAY) });

    const emails = await s.emailsTo(s.emailOf(id));
    expect(emails.map((e) => e.subject)).toEqual([
      'Üdvözöljük! Elkészült a Journeys-fiókja',
      '3 tipp a Journeys jobb kihasználásához',
      '3 tipp a Journeys jobb kihasználásához',
      '3 tipp a Journeys jobb kihasználásához',
    ]);
    // Marketing email carries the one-click unsubscribe for its topic.
    for (const tip of emails.slice(1)) expect(listUnsubscribeOf(tip)).toMatch(new RegExp(`^${s.runtime.url}/unsubscribe\\?token=`));
    expect((await s.messagesOf(id)).map((m) => m.step)).toEqual(['welcome', 'tip-1', 'tip-2', 'tip-3']);

    const execution = await onboardingExecution(id);
    expect(execution.status).toBe('SUCCEEDED');
    const states = await s.statesEntered(execution.id);
    expect(states.at(-1)).toBe('Onboarding complete');
    expect(states).not.toContain('Activation nudge');
    await s.assertHealthy();
  });

  it('no activation within 2 days → the activation nudge, then tip 2 and tip 3 three days apart, and the journey completes', async () => {
    const id = 'ob-nudged';
    await s.advanceToLocal('10:00', BRATISLAVA);
    await s.putProfile(s.profile(id, { locale: 'en', timeZone: 'Europe/London' }));
    const t0 = s.now().getTime();
    await s.post(s.events.signedUp(id));

    await s.advance({ days: 2 } );
    expect(await s.decisionOf(id, 'activation-nudge')).toMatchObject({ category: 'marketing', outcome: 'sent', channel: 'email', locale: 'en', at: iso(t0 + 2 * DAY) });
    expect(await s.decisionOf(id, 'tip-1')).toBeUndefined();

    await s.advance({ days: 3 });
    expect(await s.decisionOf(id, 'tip-2')).toMatchObject({ outcome: 'sent', at: iso(t0 + 5 * DAY) });
    await s.advance({ days: 3 });
    expect(await s.decisionOf(id, 'tip-3')).toMatchObject({ outcome: 'sent', at: iso(t0 + 8 * DAY) });

    expect((await s.emailsTo(s.emailOf(id))).map((e) => e.subject)).toEqual([
      'Welcome to Journeys',
      'Finish setting up your account',
      '3 tips to get more out of Journeys',
      '3 tips to get more out of Journeys',
    ]);
    const execution = await onboardingExecution(id);
    expect(execution.status).toBe('SUCCEEDED');
    expect((await s.statesEntered(execution.id)).at(-1)).toBe('Onboarding complete');
    await s.assertHealthy();
  });

  it('a churn during the activation wait wakes the journey, which exits: no further messages', async () => {
    const id = 'ob-churned';
    await s.advanceToLocal('10:00', BRATISLAVA);
    await s.putProfile(s.profile(id));
    await s.post(s.events.signedUp(id));
    await s.advance({ days: 1 });
    await s.post(s.events.churned(id));

    const execution = await onboardingExecution(id);
    expect(execution.status).toBe('SUCCEEDED');
    expect((await s.statesEntered(execution.id)).at(-1)).toBe('Exited: after activation wait');

    await s.advance({ days: 8 });
    expect((await s.messagesOf(id)).map((m) => m.step)).toEqual(['welcome']);
    expect((await s.emailsTo(s.emailOf(id))).map((e) => e.subject)).toEqual(['Vitajte v Journeys']);
    expect(s.smsTo(s.phoneOf(id))).toEqual([]);
    await s.assertHealthy();
  });

  it('an unsubscribe from onboarding tips ends the journey at the next exit check', async () => {
    const id = 'ob-unsubscribed';
    await s.advanceToLocal('10:00', BRATISLAVA);
    await s.putProfile(s.profile(id));
    await s.post(s.events.signedUp(id));
    await s.advance({ days: 2 });
    // The nudge runs the experiment activation-nudge-copy: this customer's variant (by hash) is the `benefit` copy.
    expect(await s.decisionOf(id, 'activation-nudge')).toMatchObject({ outcome: 'sent', experiment: { id: 'activation-nudge-copy', variant: 'benefit' } });

    await s.advance({ days: 1 });
    await s.post(s.events.unsubscribed(id, { topic: 'onboarding_tips' }));
    expect(((await s.api('GET', `/profiles/${id}`)).body as { consents: Record<string, unknown> }).consents).toMatchObject({
      onboarding_tips: false,
      offers: true,
    });
    expect((await onboardingExecution(id)).status).toBe('RUNNING');

    await s.advance({ days: 2 });
    const execution = await onboardingExecution(id);
    expect(execution.status).toBe('SUCCEEDED');
    expect((await s.statesEntered(execution.id)).at(-1)).toBe('Exited: before tip 2');
    await s.advance({ days: 3 });
    expect((await s.messagesOf(id)).map((m) => m.step)).toEqual(['welcome', 'activation-nudge']);
    expect((await s.emailsTo(s.emailOf(id))).map((e) => e.subject)).toEqual(['Vitajte v Journeys', 'Váš účet vám už môže šetriť čas']);
    await s.assertHealthy();
  });
});

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
