/**
 * Exact outcomes at the rules' edges — the ones mutation testing (`npm run mutation`) found unguarded: window
 * bounds, the frequency cap's window edge and wording, what a decision carries after a failed channel.
 * Policies are fresh copies where a rule memoises per policy object, so each test builds what it checks.
 */
import { describe, expect, it } from 'vitest';
import { audienceIncludes, decide, DEFAULT_POLICY } from '../../../functions/domain';
import { CATEGORY_RULES } from '../../../functions/domain/rules/category';
import { consentsTo, optedOutOfTopic } from '../../../functions/domain/rules/consent';
import { frequencyCapReached } from '../../../functions/domain/rules/frequency-cap';
import { inQuietWindow } from '../../../functions/domain/rules/quiet-hours';
import { aLedgerEntry, aMessage, aProfile, aSuppression, anInput, DAYTIME } from '../../support/builders';

const HOUR = 3_600_000;

describe('quiet window bounds', () => {
  it.each([
    // [minute, start, end, quiet]: a daytime window 12:00–14:00
    [719, 720, 840, false],
    [720, 720, 840, true],
    [839, 720, 840, true],
    [840, 720, 840, false],
    // a window across midnight 21:00–08:00
    [1259, 1260, 480, false],
    [1260, 1260, 480, true],
    [0, 1260, 480, true],
    [479, 1260, 480, true],
    [480, 1260, 480, false],
    // equal bounds: no quiet hours at all
    [600, 600, 600, false],
    [0, 0, 0, false],
  ])('minute %i in [%i, %i) is quiet: %s', (minute, start, end, quiet) => {
    expect(inQuietWindow(minute, start, end)).toBe(quiet);
  });
});

describe('frequency cap window edge', () => {
  const cap = [{ max: 1, windowHours: 24 }];
  const now = new Date('2026-11-23T10:00:00.000Z');
  it('counts a send one millisecond inside the window and not one exactly at its start', () => {
    const inside = [aLedgerEntry({ at: new Date(now.getTime() - 24 * HOUR + 1).toISOString() })];
    const atEdge = [aLedgerEntry({ at: new Date(now.getTime() - 24 * HOUR).toISOString() })];
    expect(frequencyCapReached(inside, cap, 'm-1', now)).toEqual({
      code: 'frequency_cap',
      reason: 'suppressed: frequency cap reached (1 marketing message in the last 24 hours, at most 1)',
    });
    expect(frequencyCapReached(atEdge, cap, 'm-1', now)).toBeUndefined();
  });

  it('reads non-canonical timestamps by their instant (an offset, no milliseconds)', () => {
    // 11:00:00+02:00 is 09:00 UTC, inside; 2026-11-22T10:00:00Z is exactly 24 h ago, outside.
    expect(frequencyCapReached([aLedgerEntry({ at: '2026-11-23T11:00:00+02:00' })], cap, 'm-1', now)?.code).toBe('frequency_cap');
    expect(frequencyCapReached([aLedgerEntry({ at: '2026-11-22T10:00:00Z' })], cap, 'm-1', now)).toBeUndefined();
  });

  it('does not count the message against itself, nor what was not a sent marketing message', () => {
    const ledger = [
      aLedgerEntry({ messageId: 'm-1', at: '2026-11-23T09:00:00.000Z' }),
      aLedgerEntry({ outcome: 'suppressed', at: '2026-11-23T09:00:00.000Z' }),
      aLedgerEntry({ category: 'service', at: '2026-11-23T09:00:00.000Z' }),
    ];
    expect(frequencyCapReached(ledger, cap, 'm-1', now)).toBeUndefined();
  });

  it.each([
    [12, 2, '2 marketing messages in the last 12 hours, at most 2'],
    [48, 2, '2 marketing messages in the last 2 days, at most 2'],
    [24 * 7, 2, '2 marketing messages in the last 7 days, at most 2'],
  ])('names a %i-hour window in words', (windowHours, max, words) => {
    const ledger = [aLedgerEntry({ messageId: 'a', at: '2026-11-23T09:00:00.000Z' }), aLedgerEntry({ messageId: 'b', at: '2026-11-23T08:00:00.000Z' })];
    expect(frequencyCapReached(ledger, [{ max, windowHours }], 'm-1', now)?.reason).toBe(`suppressed: frequency cap reached (${words})`);
  });

  it('checks every cap: the weekly one stops what the daily one lets through', () => {
    const ledger = ['2026-11-22T09:00:00.000Z', '2026-11-21T09:00:00.000Z', '2026-11-20T09:00:00.000Z'].map((at, i) => aLedgerEntry({ messageId: `w-${i}`, at }));
    expect(frequencyCapReached(ledger, DEFAULT_POLICY.frequencyCaps, 'm-1', now)?.reason).toBe(
      'suppressed: frequency cap reached (3 marketing messages in the last 7 days, at most 3)',
    );
  });
});

describe('what a decision carries', () => {
  it('lists the channels that failed earlier, and no such field when none did', () => {
    const fallback = decide(anInput({ message: aMessage({ category: 'service', topic: 'service_updates', template: 'incident_ack', failedChannels: ['email'] }) }));
    expect(fallback).toMatchObject({ outcome: 'sent', channel: 'sms', failedChannels: ['email'], reasonCodes: ['channel_skipped'] });
    expect(fallback.reasons).toEqual([
      'channel email skipped: failed earlier for this message',
      'channel push skipped: no push endpoint',
      'sent on sms (customer preferences)',
    ]);
    expect(Object.hasOwn(decide(anInput()), 'failedChannels')).toBe(false);
  });

  it('names every channel it could not use, once each, when none is left', () => {
    const profile = aProfile({ email: null, phone: null, pushEndpoint: null });
    const decision = decide(anInput({ profile }), { ...DEFAULT_POLICY });
    expect(decision).toMatchObject({ outcome: 'suppressed', channel: null, reasonCodes: ['no_channel'] });
    expect(decision.reasons).toEqual([
      'channel email skipped: no email address',
      'channel push skipped: no push endpoint',
      'channel sms skipped: no phone number',
      'suppressed: no reachable channel',
    ]);
  });

  it('sends on the channel the fresh order picks, saying why', () => {
    const policy = { ...DEFAULT_POLICY };
    const sms = decide(anInput({ profile: aProfile({ channelPreferences: ['sms', 'email'] }) }), policy);
    expect(sms).toMatchObject({ channel: 'sms', reasons: ['sent on sms (customer preferences)'] });
    const push = decide(anInput({ profile: aProfile({ channelPreferences: ['push'], pushEndpoint: 'arn:aws:sns:eu-central-1:123456789012:endpoint/GCM/app/1' }) }), policy);
    expect(push).toMatchObject({ channel: 'push', reasons: ['sent on push (customer preferences)'] });
    const email = decide(anInput({ profile: aProfile({ channelPreferences: [] }) }), { ...DEFAULT_POLICY, defaultChannelPreferences: ['email'] });
    expect(email).toMatchObject({ channel: 'email', reasons: ['sent on email (customer preferences)'] });
  });

  it('calls an open incident without a severity critical', () => {
    const decision = decide(anInput({ suppressions: [aSuppression({ kind: 'open_incident', ref: 'INC-7' })] }));
    expect(decision.reasons).toEqual(['suppressed: open critical incident INC-7']);
  });

  it('decides at the instant given, to the millisecond', () => {
    expect(decide(anInput({ now: new Date(DAYTIME.getTime() + 7) })).at).toBe('2026-11-23T10:00:00.007Z');
  });
});

describe('timestamps whose text orders differently from their instant', () => {
  it('normalises an offset timestamp before comparing: 11:00+02:00 on the 22nd is 09:00 UTC, outside the window', () => {
    const now = new Date('2026-11-23T10:00:00.000Z');
    expect(frequencyCapReached([aLedgerEntry({ at: '2026-11-22T11:00:00+02:00' })], [{ max: 1, windowHours: 24 }], 'm-1', now)).toBeUndefined();
    expect(frequencyCapReached([aLedgerEntry({ at: '2026-11-22T10:00:00.001+00:00' })], [{ max: 1, windowHours: 24 }], 'm-1', now)?.code).toBe('frequency_cap');
  });
});

describe('consent per topic and channel', () => {
  it.each([
    [{ offers: { email: false, sms: false, push: false } }, 'offers', true],
    [{ offers: { email: false, sms: false } }, 'offers', false],
    [{ offers: { email: false, push: false } }, 'offers', false],
    [{ offers: { sms: false, push: false } }, 'offers', false],
    [{ offers: false }, 'offers', true],
    [{ offers: true }, 'offers', false],
    [{}, 'offers', true],
    [{}, 'service_updates', false],
    [{ service_updates: false }, 'service_updates', true],
  ] as const)('%j opted out of %s: %s', (consents, topic, optedOut) => {
    expect(optedOutOfTopic(aProfile({ consents }), topic)).toBe(optedOut);
  });

  it('reads per-channel consent, absent channels following yes', () => {
    const profile = aProfile({ consents: { offers: { sms: false } } });
    expect([consentsTo(profile, 'offers', 'email'), consentsTo(profile, 'offers', 'sms'), consentsTo(profile, 'offers', 'push')]).toEqual([true, false, true]);
    expect(consentsTo(aProfile({ consents: {} }), 'product_news', 'email')).toBe(false);
    expect(consentsTo(aProfile({ consents: {} }), 'surveys', 'email')).toBe(true);
  });
});

describe('audience', () => {
  it('includes everyone for all, and a segment only when every listed key matches', () => {
    expect(audienceIncludes({ all: true }, {})).toBe(true);
    expect(audienceIncludes({ region: ['eu-central'] }, { region: 'eu-central' })).toBe(true);
    expect(audienceIncludes({ region: ['eu-central'] }, { region: 'us-east' })).toBe(false);
    expect(audienceIncludes({ region: ['eu-central'] }, {})).toBe(false);
    expect(audienceIncludes({ region: ['eu-central'], plan: ['pro'] }, { region: 'eu-central', plan: 'free' })).toBe(false);
  });
});

describe('category rules', () => {
  it('holds marketing and normal service for quiet hours, never transactional or critical service', () => {
    expect(CATEGORY_RULES.marketing.quietHours('normal')).toBe(true);
    expect(CATEGORY_RULES.marketing.quietHours('critical')).toBe(true);
    expect(CATEGORY_RULES.service.quietHours('normal')).toBe(true);
    expect(CATEGORY_RULES.service.quietHours('critical')).toBe(false);
    expect(CATEGORY_RULES.transactional.quietHours('critical')).toBe(false);
  });
});

describe('the default policy', () => {
  it('is what marketing ops start from, field by field', () => {
    expect(DEFAULT_POLICY).toEqual({
      quietHours: { start: '21:00', end: '08:00' },
      frequencyCaps: [
        { max: 1, windowHours: 24 },
        { max: 3, windowHours: 168 },
      ],
      defaultChannelPreferences: ['email', 'push', 'sms'],
      crisisPlaybook: {
        sev1: {
          channels: ['sms', 'push', 'email'],
          cadenceMinutes: 60,
          breaksQuietHours: true,
          guidance: 'Core product unavailable or data at risk for many customers. SMS first, the record refreshed every hour, day and night; customers hear of each change, at most 4 messages a day.',
          customerMessagesPerDay: 4,
        },
        sev2: {
          channels: ['push', 'sms', 'email'],
          cadenceMinutes: 120,
          breaksQuietHours: false,
          guidance: 'A major feature is degraded for a segment. Push first, updates every two hours, quiet hours respected.',
          customerMessagesPerDay: 4,
        },
        sev3: {
          channels: ['push', 'email', 'sms'],
          cadenceMinutes: 240,
          breaksQuietHours: false,
          guidance: 'Minor or partial degradation. Push first, then email; updates every four hours.',
          customerMessagesPerDay: 4,
        },
      },
      surveyInvitationDays: 30,
      controlGroupPercent: 0,
      compensation: { discountPercent: 20 },
    });
  });
});
