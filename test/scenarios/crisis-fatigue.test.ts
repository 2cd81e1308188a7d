/**
 * Crisis message fatigue, through the real local runtime on the virtual clock: a sev1's hourly cadence keeps the
 * crisis record fresh, but a customer hears of each change and otherwise only a reminder that says something new
 * ("no change yet; next update by …"), at most 4 crisis messages a day (the playbook's cap, or the declaration's
 * own) — and every message in one language.
 */
import { describe, expect, it } from 'vitest';
import { MINUTE, useScenario } from '../support/scenario';

// Monday 2026-11-23, 10:00 in Bratislava.
const s = useScenario('2026-11-23T09:00:00.000Z');
const T0 = Date.parse('2026-11-23T09:00:00.000Z');
const HOUR = 60 * MINUTE;
const iso = (hours: number) => new Date(T0 + hours * HOUR).toISOString();

interface CrisisBody {
  version: number;
  customerMessagesPerDay?: number;
  broadcast?: { kind: string; round: number; total: number; sent: number; skipped: number; finishedAt?: string };
}

// Virtual time throughout, but 40 hourly cadence ticks are 40 rounds of the crisis journey (plan, broadcast, Wait)
// through the runtime: CPU, not wall-clock waits. On a loaded 2-core machine the first test took 23 s of the default
// 30 s, so both have a timeout sized for that machine, not for an idle one.
const TICKS_TIMEOUT_MS = 120_000;

describe('crisis message fatigue', () => {
  it('40 hours of a sev1: the alert, a reminder every 8 hours, each change at once — and the cap holds a change back', async () => {
    // Ana reads Slovak; on-call wrote English only: every message is English throughout.
    await s.putProfile(s.profile('ana', { locale: 'sk', segment: { region: 'fatigue' } }));
    const declared = await s.putCrisis({ severity: 'sev1', headline: 'Payments outage', message: { en: 'Card payments are failing.' }, affected: { region: ['fatigue'] } });
    expect(declared.status).toBe(200);
    expect(declared.body).toMatchObject({ cadenceMinutes: 60, customerMessagesPerDay: 4 });
    const v1 = (declared.body as CrisisBody).version;

    await s.advance({ hours: 40 });
    // Next update by: 8 hours on, in Ana's time (Bratislava, UTC+1).
    const expected = [
      ['Journeys: Card payments are failing.', iso(0)],
      ['Journeys: no change yet - Payments outage. Next update by 02:00.', iso(8)],
      ['Journeys: no change yet - Payments outage. Next update by 10:00.', iso(16)],
      ['Journeys: no change yet - Payments outage. Next update by 18:00.', iso(24)],
      ['Journeys: no change yet - Payments outage. Next update by 02:00.', iso(32)],
      ['Journeys: no change yet - Payments outage. Next update by 10:00.', iso(40)],
    ];
    expect(s.smsTo(s.phoneOf('ana')).map((m) => [m.body, m.at])).toEqual(expected);
    const decisions = await s.messagesOf('ana');
    expect(decisions.map((d) => [d.template, d.locale, d.step])).toEqual([
      ['crisis_alert', 'en', `alert-v${v1}`],
      ...[8, 16, 24, 32, 40].map((round) => ['crisis_reminder', 'en', `update-v${v1}-round${round}`]),
    ]);
    // The record was refreshed by every tick, all 40 of them.
    const record = (await s.api('GET', '/crisis')).body as CrisisBody;
    expect(record.broadcast).toMatchObject({ kind: 'update', round: 40, total: 1, sent: 1, skipped: 0, finishedAt: iso(40) });

    // A change goes out at once (3 messages in the last 24 hours)…
    await s.advance({ minutes: 10 });
    const v2 = ((await s.putCrisis({ message: { en: 'Payments are recovering.' } }, v1)).body as CrisisBody).version;
    expect(s.smsTo(s.phoneOf('ana')).slice(6).map((m) => [m.body, m.at])).toEqual([['Journeys update: Payments are recovering.', new Date(T0 + 40 * HOUR + 10 * MINUTE).toISOString()]]);

    // …the next one finds the day's 4 used (24 h, 32 h, 40 h, 40 h 10): it waits until the 24-hour message leaves the
    // window, then goes out at the next tick; the record meanwhile shows it held.
    await s.advance({ minutes: 10 });
    const v3 = ((await s.putCrisis({ message: { en: 'Payments work for most cards.' } }, v2)).body as CrisisBody).version;
    expect(s.smsTo(s.phoneOf('ana'))).toHaveLength(7);
    expect(((await s.api('GET', '/crisis')).body as CrisisBody).broadcast).toMatchObject({ kind: 'update', total: 1, sent: 0, skipped: 1 });
    await s.advance({ hours: 8 });
    expect(s.smsTo(s.phoneOf('ana')).slice(7).map((m) => [m.body, m.at])).toEqual([['Journeys update: Payments work for most cards.', new Date(T0 + 48 * HOUR + 20 * MINUTE).toISOString()]]);
    expect((await s.messagesOf('ana')).at(-1)).toMatchObject({ template: 'crisis_update', step: expect.stringMatching(new RegExp(`^update-v${v3}-round`)) });

    const resolved = await s.resolveCrisis({ message: { en: 'Payments work again.' } });
    expect(resolved.status).toBe(200);
    // The all-clear goes by Ana's own channel again (email), in English like the rest: the resolution is English only.
    expect((await s.emailsTo(s.emailOf('ana'))).map((e) => e.subject)).toEqual(['Resolved: Payments outage']);
    expect(s.smsTo(s.phoneOf('ana'))).toHaveLength(8);
    await s.assertHealthy();
  }, TICKS_TIMEOUT_MS);

  it("a declaration's own cap: 2 a day means the alert and one reminder a day", async () => {
    await s.putProfile(s.profile('ben', { locale: 'sk', segment: { region: 'fatigue-2' } }));
    const refused = await s.putCrisis({ severity: 'sev1', headline: 'Login outage', message: { en: 'Log-in fails.' }, affected: { region: ['fatigue-2'] }, customerMessagesPerDay: 0 });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('must be at least 1');

    const start = s.now().getTime();
    const declared = await s.putCrisis({
      severity: 'sev1',
      headline: 'Login outage',
      message: { en: 'Log-in fails.', sk: 'Prihlásenie nefunguje.' },
      affected: { region: ['fatigue-2'] },
      customerMessagesPerDay: 2,
    });
    expect(declared.body).toMatchObject({ customerMessagesPerDay: 2 });
    await s.advance({ hours: 30 });
    // Ben's locale is in the declaration: Slovak throughout.
    expect(s.smsTo(s.phoneOf('ben')).map((m) => [m.body, m.at])).toEqual([
      ['Journeys: Prihlásenie nefunguje.', new Date(start).toISOString()],
      [expect.stringMatching(/^Zatiaľ bez zmeny: Login outage\. Ďalšia správa do \d\d:\d\d\.$/), new Date(start + 24 * HOUR).toISOString()],
    ]);
    await s.resolveCrisis();
    await s.assertHealthy();
  }, TICKS_TIMEOUT_MS);
});
