/**
 * A deployment's policy override, end to end through the local runtime: the runtime is started with the override
 * `journeys:policy` would give a stack (quiet hours 22:00–07:00, a 35 % compensation), and the handlers' decisions
 * and messages follow it instead of the defaults (21:00–08:00, 20 %).
 */
import { describe, expect, it } from 'vitest';
import { linkIn, nextLocal, useScenario } from '../support/scenario';

const PRAGUE = 'Europe/Prague';
const s = useScenario('2026-11-23T09:00:00.000Z', {
  policy: {
    quietHours: { start: '22:00', end: '07:00' },
    compensation: { discountPercent: 35 },
    crisisPlaybook: { sev3: { cadenceMinutes: 45, customerMessagesPerDay: 2 } },
  },
});

describe('policy override (journeys:policy) through the runtime', () => {
  it('defers to the overridden end of quiet hours, sends in the hour the default would hold, and offers the overridden compensation', async () => {
    const id = 'po-custom';
    const email = s.emailOf(id);
    await s.putProfile(s.profile(id, { locale: 'en', timeZone: PRAGUE }));

    // 21:30 in Prague is quiet by default (21:00–08:00) but not under the override: the invitation goes at once.
    await s.advanceTo(nextLocal('21:30', PRAGUE, s.now()));
    await s.post(s.events.incidentResolved(id, { incidentId: 'INC-PO1', severity: 'critical' }));
    await s.advance({ days: 1 });
    expect(await s.decisionOf(id, 'survey-invitation')).toMatchObject({ outcome: 'sent', at: s.now().toISOString(), reasonCodes: ['allowed'] });
    const invitation = (await s.emailsTo(email)).at(-1)!;

    // A second customer whose invitation falls at 22:30: deferred to 07:00 (the override's end), not 08:00.
    const late = 'po-late';
    await s.putProfile(s.profile(late, { locale: 'en', timeZone: PRAGUE }));
    await s.advanceTo(nextLocal('22:30', PRAGUE, s.now()));
    await s.post(s.events.incidentResolved(late, { incidentId: 'INC-PO2' }));
    await s.advance({ days: 1 });
    const seven = nextLocal('07:00', PRAGUE, s.now()).toISOString();
    const deferred = await s.decisionOf(late, 'survey-invitation');
    expect(deferred).toMatchObject({ outcome: 'deferred', sendAt: seven, reasonCodes: ['quiet_hours'] });
    expect(deferred!.reasons).toEqual([`quiet hours until 07:00 ${PRAGUE}`]);
    await s.advanceTo(new Date(seven));
    expect(await s.decisionOf(late, 'survey-invitation')).toMatchObject({ outcome: 'sent', at: seven });

    // The first customer, a detractor of a critical incident, is offered the override's 35 %.
    const answer = await s.answerSurvey(linkIn(invitation.body.text, '/surveys/')!, { score: 1 });
    expect(answer.status).toBe(200);
    expect((await s.emailsTo(email)).at(-1)!.subject).toBe("We're sorry – 35 % off your next invoice");
    await s.assertHealthy();
  });

  it('a crisis declared without a cadence or daily cap takes the overridden playbook\'s (sev3: 45 min, 2 a day), not the default\'s (240 min, 4)', async () => {
    await s.putProfile(s.profile('po-crisis', { segment: { region: 'po-crisis' } }));
    const declared = await s.putCrisis({ severity: 'sev3', headline: 'Slow exports', message: { en: 'Exports are slow.' }, affected: { region: ['po-crisis'] } });
    expect(declared.status).toBe(200);
    expect(declared.body).toMatchObject({ severity: 'sev3', cadenceMinutes: 45, customerMessagesPerDay: 2 });
    // The crisis journey waits on the record's cadence: 45 minutes between rounds.
    const crisis = (await s.api('GET', '/crisis')).body as { cadenceMinutes: number; customerMessagesPerDay: number };
    expect([crisis.cadenceMinutes, crisis.customerMessagesPerDay]).toEqual([45, 2]);
    // The console shows the same playbook (severity guidance, cadence in the declare form): the runtime serves the
    // effective one, not the default policy's.
    const consoleIndex = (await s.api('GET', '/console/api')).body as { playbook: Record<string, { cadenceMinutes: number; customerMessagesPerDay: number; channels: string[] }> };
    expect(consoleIndex.playbook.sev3).toMatchObject({ cadenceMinutes: 45, customerMessagesPerDay: 2, channels: ['push', 'email', 'sms'] });
    expect(consoleIndex.playbook.sev1).toMatchObject({ cadenceMinutes: 60, customerMessagesPerDay: 4 });
    // A declaration's own values still win over the playbook.
    expect((await s.resolveCrisis({})).status).toBe(200);
    const own = await s.putCrisis({ severity: 'sev3', headline: 'Slow exports', message: { en: 'Exports are slow.' }, affected: { region: ['po-crisis'] }, cadenceMinutes: 90, customerMessagesPerDay: 3 });
    expect(own.body).toMatchObject({ cadenceMinutes: 90, customerMessagesPerDay: 3 });
    expect((await s.resolveCrisis({})).status).toBe(200);
    await s.assertHealthy();
  });
});
