/**
 * The incident journey end to end, through the real local runtime on the virtual clock: the severity branch
 * (critical and major suppress marketing, minor does not), the acknowledgement on the customer's best channel
 * (a critical one breaks quiet hours, a minor one waits for the morning), updates from `incident.updated` with their
 * text, "no news yet" updates when the severity's SLA passes in silence, and the resolution, which lifts the
 * suppression and starts the post-resolution journey.
 */
import { describe, expect, it } from 'vitest';
import { HOUR, localTime, nextLocal, useScenario } from '../support/scenario';

// Monday 2026-11-23, 10:00 in Bratislava.
const s = useScenario('2026-11-23T09:00:00.000Z');
const BRATISLAVA = 'Europe/Bratislava';

async function journeyExecution(customerId: string, journey: string) {
  const executions = (await s.executionsOf(customerId)).filter((e) => e.journey === journey);
  expect(executions).toHaveLength(1);
  return executions[0]!;
}

describe('incident journey', () => {
  it('critical: marketing suppressed, the acknowledgement breaks quiet hours (SMS at 23:00), "no news" after the 1 h SLA, an update, and the resolution lifts the suppression and starts post-resolution', async () => {
    const id = 'inc-critical';
    const phone = s.phoneOf(id);
    await s.putProfile(s.profile(id, { channelPreferences: ['sms', 'email', 'push'] }));
    await s.advanceTo(nextLocal('23:00', BRATISLAVA, s.now()));
    const openedAt = s.now().toISOString();
    await s.post(s.events.incidentOpened(id, { incidentId: 'INC-C1', severity: 'critical', title: 'Platby kartou nefungujú' }));

    // Suppression added for the open critical incident.
    expect(await s.suppressionsOf(id)).toEqual([expect.objectContaining({ kind: 'open_incident', ref: 'INC-C1', severity: 'critical' })]);
    // The acknowledgement goes at once on the customer's first channel, although it is 23:00 in Bratislava.
    const ack = await s.decisionOf(id, 'acknowledge', 'incident');
    expect(ack).toMatchObject({ category: 'service', topic: 'service_updates', outcome: 'sent', channel: 'sms', locale: 'sk', at: openedAt });
    expect(ack!.reasons).toEqual(['sent on sms (customer preferences)']);
    expect(localTime(ack!.at, BRATISLAVA)).toBe('23:00');
    expect(s.smsTo(phone).map((m) => [m.body, m.at, m.smsType])).toEqual([
      ['Riešime: Platby kartou nefungujú (INC-C1). Budeme vás informovať.', openedAt, 'Transactional'],
    ]);

    // One hour of silence: the "no news yet" update, at midnight, still breaking quiet hours.
    await s.advance({ minutes: 59 });
    expect(s.smsTo(phone)).toHaveLength(1);
    await s.advance({ minutes: 1 });
    expect(await s.decisionOf(id, 'incident-no-news-0')).toMatchObject({ outcome: 'sent', channel: 'sms', at: new Date(Date.parse(openedAt) + HOUR).toISOString() });
    expect(s.smsTo(phone).at(-1)?.body).toBe('Platby kartou nefungujú (INC-C1): stále to riešime, ozveme sa.');

    // An update from the support desk becomes an update message at once.
    await s.advance({ minutes: 30 });
    await s.post(s.events.incidentUpdated(id, { incidentId: 'INC-C1', message: 'Oprava je nasadená, platby sa obnovujú.' }));
    expect(await s.decisionOf(id, 'incident-update-1')).toMatchObject({ outcome: 'sent', channel: 'sms', at: s.now().toISOString() });
    expect(s.smsTo(phone)).toHaveLength(3);
    expect(await s.suppressionsOf(id)).toHaveLength(1);

    // Resolved: the suppression is lifted, the journey ends, and the post-resolution journey starts.
    await s.advance({ minutes: 10 });
    await s.post(s.events.incidentResolved(id, { incidentId: 'INC-C1' }));
    expect(await s.suppressionsOf(id)).toEqual([]);
    const incident = await journeyExecution(id, 'incident');
    expect(incident.status).toBe('SUCCEEDED');
    expect((await s.statesEntered(incident.id)).at(-1)).toBe('Incident resolved');
    expect((await journeyExecution(id, 'post-resolution')).status).toBe('RUNNING');
    expect((await s.messagesOf(id)).map((m) => m.step)).toEqual(['acknowledge', 'incident-no-news-0', 'incident-update-1']);
    expect(await s.emailsTo(s.emailOf(id))).toEqual([]);
    await s.assertHealthy();
  });

  it('major: marketing suppressed, the acknowledgement by email, "no news" after the 4 h SLA, an update carrying its text, then resolved', async () => {
    const id = 'inc-major';
    const email = s.emailOf(id);
    await s.putProfile(s.profile(id, { locale: 'en', timeZone: 'Europe/London' }));
    await s.advanceTo(nextLocal('10:00', 'Europe/London', s.now()));
    await s.post(s.events.incidentOpened(id, { incidentId: 'INC-M1', severity: 'major', title: 'Exports are slow' }));

    expect(await s.suppressionsOf(id)).toEqual([expect.objectContaining({ kind: 'open_incident', ref: 'INC-M1', severity: 'major' })]);
    expect(await s.decisionOf(id, 'acknowledge')).toMatchObject({ outcome: 'sent', channel: 'email', locale: 'en' });
    expect((await s.emailsTo(email)).map((e) => e.subject)).toEqual(["We're on it: Exports are slow (INC-M1)"]);

    await s.advance({ hours: 3, minutes: 59 });
    expect(await s.emailsTo(email)).toHaveLength(1);
    await s.advance({ minutes: 1 });
    expect(await s.decisionOf(id, 'incident-no-news-0')).toMatchObject({ outcome: 'sent', channel: 'email' });
    const noNews = (await s.emailsTo(email))[1]!;
    expect(noNews.subject).toBe('Update: Exports are slow (INC-M1)');
    expect(noNews.body.text).toContain("We'll keep you posted until it's fully resolved.");

    await s.advance({ hours: 1 });
    await s.post(s.events.incidentUpdated(id, { incidentId: 'INC-M1', message: 'We found the cause and are deploying a fix.' }));
    expect(await s.decisionOf(id, 'incident-update-1')).toMatchObject({ outcome: 'sent', channel: 'email' });
    const update = (await s.emailsTo(email))[2]!;
    expect(update.subject).toBe('Update: Exports are slow (INC-M1)');
    expect(update.body.text).toContain('We found the cause and are deploying a fix.');
    expect(update.body.html).toContain('We found the cause and are deploying a fix.');
    expect(noNews.body.text).not.toContain('deploying a fix');

    await s.post(s.events.incidentResolved(id, { incidentId: 'INC-M1' }));
    expect(await s.suppressionsOf(id)).toEqual([]);
    expect((await journeyExecution(id, 'incident')).status).toBe('SUCCEEDED');
    expect((await journeyExecution(id, 'post-resolution')).status).toBe('RUNNING');
    await s.assertHealthy();
  });

  it('minor: no suppression; an acknowledgement due at 23:00 local is deferred to 08:00; resolved with nothing to lift', async () => {
    const id = 'inc-minor';
    const email = s.emailOf(id);
    await s.putProfile(s.profile(id, { locale: 'cs', timeZone: 'Europe/Prague', channelPreferences: ['email', 'sms'] }));
    await s.advanceTo(nextLocal('23:00', 'Europe/Prague', s.now()));
    await s.post(s.events.incidentOpened(id, { incidentId: 'INC-m1', severity: 'minor', title: 'Pomalé načítání grafů' }));

    expect(await s.suppressionsOf(id)).toEqual([]);
    const deferred = await s.decisionOf(id, 'acknowledge');
    const eight = nextLocal('08:00', 'Europe/Prague', s.now()).toISOString();
    expect(deferred).toMatchObject({ outcome: 'deferred', channel: 'email', sendAt: eight, reasonCodes: ['quiet_hours'] });
    expect(deferred!.reasons).toEqual(['quiet hours until 08:00 Europe/Prague']);
    expect(await s.emailsTo(email)).toEqual([]);

    await s.advanceTo(new Date(Date.parse(eight) - 60_000));
    expect(await s.emailsTo(email)).toEqual([]);
    await s.advance({ minutes: 1 });
    expect(await s.decisionOf(id, 'acknowledge')).toMatchObject({ outcome: 'sent', channel: 'email', at: eight });
    expect((await s.emailsTo(email)).map((e) => e.subject)).toEqual(['Řešíme to: Pomalé načítání grafů (INC-m1)']);
    expect(s.smsTo(s.phoneOf(id))).toEqual([]);

    await s.advance({ hours: 2 });
    await s.post(s.events.incidentResolved(id, { incidentId: 'INC-m1' }));
    expect(await s.suppressionsOf(id)).toEqual([]);
    const incident = await journeyExecution(id, 'incident');
    expect(incident.status).toBe('SUCCEEDED');
    const states = await s.statesEntered(incident.id);
    expect(states.some((name) => name.startsWith('Minor'))).toBe(true);
    expect(states).not.toContain('SuppressMarketing');
    expect((await journeyExecution(id, 'post-resolution')).status).toBe('RUNNING');
    await s.assertHealthy();
  });

  it('a minor incident left silent gets a "no news" update after its 24 h SLA', async () => {
    const id = 'inc-minor-silent';
    const email = s.emailOf(id);
    await s.putProfile(s.profile(id, { locale: 'hu', timeZone: 'Europe/Budapest' }));
    await s.advanceTo(nextLocal('11:00', 'Europe/Budapest', s.now()));
    await s.post(s.events.incidentOpened(id, { incidentId: 'INC-m2', severity: 'minor', title: 'Lassú riportok' }));
    expect((await s.emailsTo(email)).map((e) => e.subject)).toEqual(['Dolgozunk rajta: Lassú riportok (INC-m2)']);

    await s.advance({ hours: 23, minutes: 59 });
    expect(await s.emailsTo(email)).toHaveLength(1);
    await s.advance({ minutes: 1 });
    expect(await s.decisionOf(id, 'incident-no-news-0')).toMatchObject({ outcome: 'sent', channel: 'email', locale: 'hu' });
    expect((await s.emailsTo(email)).map((e) => e.subject)).toEqual([
      'Dolgozunk rajta: Lassú riportok (INC-m2)',
      'Friss információ: Lassú riportok (INC-m2)',
    ]);
    await s.post(s.events.incidentResolved(id, { incidentId: 'INC-m2' }));
    expect((await journeyExecution(id, 'incident')).status).toBe('SUCCEEDED');
    await s.assertHealthy();
  });
});
