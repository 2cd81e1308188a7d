import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../../functions/domain/model/message';
import { crisisMessagesSent, crisisTurn, reminderIntervalMinutes, type CrisisTurnInput } from '../../../functions/domain/rules/crisis-cadence';
import { contentLocale } from '../../../functions/domain/templates/locale';

const T0 = Date.parse('2026-11-23T09:00:00.000Z');
const HOUR = 3_600_000;
const at = (hours: number) => T0 + hours * HOUR;

const turn = (input: Partial<CrisisTurnInput>) =>
  crisisTurn({ kind: 'update', version: 1, sent: [{ version: 1, at: T0 }], now: at(1), cadenceMinutes: 60, perDay: 4, ...input });

describe('crisis cadence: what a broadcast brings one customer', () => {
  it('the alert and the all-clear always go out, whatever the cap', () => {
    const full = [1, 2, 3, 4, 5].map((h) => ({ version: h, at: at(h) }));
    expect(turn({ kind: 'alert', sent: full, now: at(6) })).toEqual({ send: true, template: 'crisis_alert', reason: 'the crisis was declared' });
    expect(turn({ kind: 'all-clear', version: 9, sent: full, now: at(6) })).toEqual({ send: true, template: 'all_clear', reason: 'the crisis is resolved' });
  });

  it('a cadence tick with no change tells the customer nothing until a reminder is due (8 hours at 4 a day)', () => {
    expect(turn({ now: at(1) })).toEqual({ send: false, reason: 'held: no change since the last message (60 min ago); a reminder is due 8 hours after it' });
    expect(turn({ now: at(7) })).toMatchObject({ send: false });
    // Half a cadence of slack: the tick a few seconds before 8 hours still counts.
    expect(turn({ now: at(8) - 60_000 })).toMatchObject({ send: true, template: 'crisis_reminder' });
    expect(turn({ now: at(8) })).toEqual({ send: true, template: 'crisis_reminder', reason: 'no change: a reminder', nextUpdateBy: at(16) });
  });

  it('says when the next update comes at the latest, rounded up to a quarter hour', () => {
    expect(turn({ now: at(8) + 7 * 60_000 })).toMatchObject({ nextUpdateBy: at(16) + 15 * 60_000 });
  });

  it('a change goes out at once, within the cap; held by the cap, it goes out when the cap allows', () => {
    const sent = [
      { version: 1, at: at(0) },
      { version: 2, at: at(1) },
      { version: 3, at: at(2) },
      { version: 4, at: at(3) },
    ];
    expect(turn({ version: 2, sent: sent.slice(0, 1) })).toEqual({ send: true, template: 'crisis_update', reason: 'the crisis changed (version 2)' });
    expect(turn({ version: 5, sent, now: at(4) })).toEqual({
      send: false,
      reason: 'held: 4 crisis messages in the last 24 hours, at most 4 a day; the change goes out when the cap allows',
    });
    // 24 hours after the alert it no longer counts: the held change goes out.
    expect(turn({ version: 5, sent, now: at(24) })).toMatchObject({ send: true, template: 'crisis_update' });
  });

  it("a declaration's own cap: 2 a day leaves one reminder a day", () => {
    expect(reminderIntervalMinutes(60, 2)).toBe(1440);
    expect(turn({ perDay: 2, now: at(23) })).toMatchObject({ send: false });
    expect(turn({ perDay: 2, now: at(24) })).toMatchObject({ send: true, template: 'crisis_reminder', nextUpdateBy: at(48) });
  });

  it('a reminder is held by the cap too', () => {
    const sent = [
      { version: 1, at: at(0) },
      { version: 1, at: at(8) },
    ];
    expect(turn({ perDay: 2, sent, now: at(16) })).toMatchObject({ send: false });
    expect(turn({ perDay: 3, sent, now: at(20) })).toEqual({ send: true, template: 'crisis_reminder', reason: 'no change: a reminder', nextUpdateBy: at(32) });
    expect(turn({ perDay: 2, sent, now: at(30) })).toEqual({ send: false, reason: 'held: no change since the last message (22 hours ago); a reminder is due 24 hours after it' });
  });

  it('reminders are whole cadences apart, at least one cadence', () => {
    expect(reminderIntervalMinutes(60, 4)).toBe(480);
    expect(reminderIntervalMinutes(240, 4)).toBe(480);
    expect(reminderIntervalMinutes(300, 4)).toBe(600);
    expect(reminderIntervalMinutes(60, 24)).toBe(120);
    expect(reminderIntervalMinutes(1440, 24)).toBe(1440);
    expect(reminderIntervalMinutes(60, 1)).toBe(1440);
  });

  it('in 40 hours of an hourly cadence with no change, a customer gets the alert and 5 reminders, not 40 messages', () => {
    const sent = [{ version: 1, at: T0 }];
    for (let hour = 1; hour <= 40; hour++) {
      const result = crisisTurn({ kind: 'update', version: 1, sent, now: at(hour), cadenceMinutes: 60, perDay: 4 });
      if (result.send) sent.push({ version: 1, at: at(hour) });
    }
    expect(sent.map((message) => (message.at - T0) / HOUR)).toEqual([0, 8, 16, 24, 32, 40]);
  });
});

describe('crisis cadence: the edges', () => {
  it('counts a message towards the cap until exactly 24 hours after it, and names one message in the singular', () => {
    const sent = [{ version: 1, at: T0 }];
    expect(turn({ version: 2, sent, perDay: 1, now: at(24) - 1 })).toEqual({
      send: false,
      reason: 'held: 1 crisis message in the last 24 hours, at most 1 a day; the change goes out when the cap allows',
    });
    expect(turn({ version: 2, sent, perDay: 1, now: at(24) })).toEqual({ send: true, template: 'crisis_update', reason: 'the crisis changed (version 2)' });
  });

  it('a reminder is due half a cadence before the interval is up, not a millisecond sooner', () => {
    // 4 a day at a 60-minute cadence: every 8 hours, so due 7 h 30 min after the last message.
    expect(turn({ now: at(7.5) - 1 })).toEqual({ send: false, reason: 'held: no change since the last message (8 hours ago); a reminder is due 8 hours after it' });
    expect(turn({ now: at(7.5) })).toEqual({ send: true, template: 'crisis_reminder', reason: 'no change: a reminder', nextUpdateBy: at(15.5) });
  });

  it('counts from the latest message, wherever it is in the list', () => {
    const sent = [
      { version: 1, at: at(6) },
      { version: 1, at: T0 },
    ];
    expect(turn({ sent, now: at(8) })).toEqual({ send: false, reason: 'held: no change since the last message (2 hours ago); a reminder is due 8 hours after it' });
    expect(turn({ sent, now: at(13.5) })).toMatchObject({ send: true, template: 'crisis_reminder' });
  });

  it('a due reminder is held by the cap when the day already holds as many messages', () => {
    // 3 a day: a reminder every 12 hours, due 11 h 30 min after the last message.
    const sent = [0, 1, 2].map((h) => ({ version: 1, at: at(h) }));
    expect(turn({ perDay: 3, sent, now: at(13.5) })).toEqual({ send: false, reason: 'held: 3 crisis messages in the last 24 hours, at most 3 a day' });
    expect(turn({ perDay: 3, sent, now: at(24) })).toMatchObject({ send: true, template: 'crisis_reminder' });
  });

  it('says minutes under two hours, hours from two hours on (rounded)', () => {
    expect(turn({ now: T0 + 119 * 60_000 })).toMatchObject({ reason: 'held: no change since the last message (119 min ago); a reminder is due 8 hours after it' });
    expect(turn({ now: T0 + 150 * 60_000 })).toMatchObject({ reason: 'held: no change since the last message (3 hours ago); a reminder is due 8 hours after it' });
    expect(turn({ now: T0 + 29_999 })).toMatchObject({ reason: 'held: no change since the last message (0 min ago); a reminder is due 8 hours after it' });
  });

  it('a change the customer was sent in an earlier version is still a change; only this version counts as sent', () => {
    const sent = [
      { version: 1, at: T0 },
      { version: 3, at: at(1) },
    ];
    expect(turn({ version: 2, sent, now: at(2) })).toEqual({ send: true, template: 'crisis_update', reason: 'the crisis changed (version 2)' });
    expect(turn({ version: 3, sent, now: at(2) })).toMatchObject({ send: false });
  });

  it('a cap of 0 or 1 a day spaces reminders a whole day apart; a cadence longer than the spread is the interval', () => {
    expect(reminderIntervalMinutes(60, 0)).toBe(1440);
    expect(reminderIntervalMinutes(2000, 4)).toBe(2000);
    expect(reminderIntervalMinutes(45, 4)).toBe(495);
  });
});

describe('crisisMessagesSent', () => {
  const entry = (step: string, outcome: LedgerEntry['outcome'], journey: LedgerEntry['journey'] = 'crisis'): LedgerEntry => ({
    messageId: step,
    journey,
    step,
    category: 'service',
    topic: 'service_updates',
    outcome,
    channel: 'sms',
    at: '2026-11-23T10:00:00.000Z',
  });

  it('reads the crisis version of every crisis message sent, and nothing else', () => {
    const ledger = [
      entry('alert-v3', 'sent'),
      entry('update-v4-round2', 'sent'),
      entry('all-clear-v12-round7', 'sent'),
      entry('update-v5-round3', 'deferred'),
      entry('update-v6-round4', 'suppressed'),
      entry('welcome', 'sent', 'onboarding'),
      entry('alert-v7', 'sent', 'incident'),
      entry('reminder-v8', 'sent'),
      entry('update-v9x', 'sent'),
      entry('pre-update-v10', 'sent'),
    ];
    expect(crisisMessagesSent(ledger)).toEqual([
      { version: 3, at: Date.parse('2026-11-23T10:00:00.000Z') },
      { version: 4, at: Date.parse('2026-11-23T10:00:00.000Z') },
      { version: 12, at: Date.parse('2026-11-23T10:00:00.000Z') },
    ]);
  });
});

describe('contentLocale: one language per message', () => {
  it("the customer's locale when the content has it", () => {
    expect(contentLocale('sk-SK', ['en', 'sk'])).toBe('sk');
    expect(contentLocale('hu', ['en', 'hu-HU'])).toBe('hu');
  });

  it('otherwise down the fallback chain to a locale the content has, English last', () => {
    expect(contentLocale('sk', ['en'])).toBe('en');
    expect(contentLocale('sk', ['en', 'cs'])).toBe('cs');
    expect(contentLocale('de', ['en', 'sk'])).toBe('en');
  });
});
