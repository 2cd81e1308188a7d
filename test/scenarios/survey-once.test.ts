/**
 * One survey invitation per customer per 30 days across journeys, through the real local runtime: Ana's incident
 * and a crisis she was in both end within minutes; each starts a post-resolution journey, but only the first asks.
 * The second records why it asked nothing and ends without a reminder.
 */
import { describe, expect, it } from 'vitest';
import { useScenario } from '../support/scenario';

// Monday 2026-11-23, 10:00 in Bratislava.
const s = useScenario('2026-11-23T09:00:00.000Z');

describe('survey invitations across journeys', () => {
  it('an incident and a crisis all-clear 10 minutes apart: one invitation, one reminder, and a decision saying why the second asked nothing', async () => {
    const id = 'ana-surveys';
    await s.putProfile(s.profile(id, { segment: { region: 'survey-once' } }));
    await s.putCrisis({ severity: 'sev2', headline: 'Slow payments', message: { en: 'Payments are slow.' }, affected: { region: ['survey-once'] } });
    await s.post(s.events.incidentResolved(id, { incidentId: 'INC-S1' }));
    await s.advance({ minutes: 10 });
    expect((await s.resolveCrisis({})).status).toBe(200);
    const journeys = (await s.executionsOf(id)).filter((e) => e.journey === 'post-resolution');
    expect(journeys).toHaveLength(2);

    // 24 h cool-down each: the incident's journey invites; the crisis's, 10 minutes later, does not.
    await s.advance({ days: 1, minutes: 10 });
    const invitations = (await s.messagesOf(id)).filter((m) => m.template === 'survey_invitation');
    expect(invitations.map((m) => [m.outcome, m.at])).toEqual([
      ['sent', '2026-11-24T09:00:00.000Z'],
      ['suppressed', '2026-11-24T09:10:00.000Z'],
    ]);
    expect(invitations[1]).toMatchObject({
      channel: null,
      reasonCodes: ['frequency_cap'],
      reasons: ['suppressed: one survey invitation per 30 days, and this customer was invited on 2026-11-24 (post-resolution journey)'],
    });
    const statuses = await Promise.all(journeys.map(async (e) => [await s.statusOf(e.id), (await s.statesEntered(e.id)).at(-1)]));
    expect(statuses).toContainEqual(['SUCCEEDED', 'Not asked']);

    // Two days without an answer: the reminder of the invitation that went out, and no other.
    await s.advance({ days: 2 });
    const surveys = (await s.messagesOf(id)).filter((m) => m.topic === 'surveys' && m.outcome === 'sent').map((m) => m.template);
    expect(surveys).toEqual(['survey_invitation', 'survey_reminder']);
    await s.assertHealthy();
  });

  it('two invitations due at the same instant (two incidents resolved together): one goes out, the other is suppressed naming it', async () => {
    const id = 'petr-surveys';
    await s.putProfile(s.profile(id));
    // One POST, two events: both post-resolution journeys start together and their cool-downs end at the same
    // instant, so both invitations are decided concurrently, before either is in the ledger.
    await s.post(s.events.incidentResolved(id, { incidentId: 'INC-S2' }), s.events.incidentResolved(id, { incidentId: 'INC-S3' }));
    const journeys = (await s.executionsOf(id)).filter((e) => e.journey === 'post-resolution');
    expect(journeys).toHaveLength(2);
    const resolvedAt = s.now().getTime();

    await s.advance({ days: 1 });
    const invitations = (await s.messagesOf(id)).filter((m) => m.template === 'survey_invitation');
    const due = new Date(resolvedAt + 86_400_000).toISOString();
    expect(invitations.map((m) => [m.outcome, m.at]).sort()).toEqual([
      ['sent', due],
      ['suppressed', due],
    ]);
    expect(invitations.find((m) => m.outcome === 'suppressed')).toMatchObject({
      channel: null,
      reasonCodes: ['frequency_cap'],
      reasons: [`suppressed: one survey invitation per 30 days, and this customer was invited on ${due.slice(0, 10)} (post-resolution journey)`],
    });
    expect(await s.emailsTo(s.emailOf(id))).toHaveLength(1);
    const ends = await Promise.all(journeys.map(async (e) => (await s.statesEntered(e.id)).at(-1)));
    expect(ends.sort()).toEqual(['Await answer', 'Not asked']);
    await s.assertHealthy();
  });
});
