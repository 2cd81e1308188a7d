/**
 * Exact outcomes the first full mutation run (`npm run mutation -- --force`) found unguarded: the consent change,
 * the survey invitation through decide(), expired suppressions after the first, the channel orders of every
 * preference list, the control group's salt, the last day of a 400-year era. Each policy is a fresh object where
 * a rule memoises per policy, so the orders checked are built by the code under test, not found in a cache.
 */
import { describe, expect, it } from 'vitest';
import { CHANNELS, decide, DEFAULT_POLICY, type Channel, type CrisisSeverity, type Policy } from '../../../functions/domain';
import { unitPoint } from '../../../functions/domain/experiments/hash';
import { nextConsent } from '../../../functions/domain/rules/consent';
import { inControlGroup } from '../../../functions/domain/rules/control-group';
import { frequencyCapReached } from '../../../functions/domain/rules/frequency-cap';
import { marketingSuppression } from '../../../functions/domain/rules/suppression';
import { surveyAskedRecently } from '../../../functions/domain/rules/survey-invitation';
import { civilFromDays, isoString, MS_PER_DAY } from '../../../functions/domain/time/civil';
import { activeCrisis, aLedgerEntry, aMessage, aProfile, aSuppression, anInput } from '../../support/builders';

describe('nextConsent', () => {
  it('a whole-topic change is the new value, whatever was there', () => {
    expect(nextConsent({ email: false, sms: true, push: true }, { topic: 'offers', granted: true })).toBe(true);
    expect(nextConsent(undefined, { topic: 'surveys', granted: false })).toBe(false);
  });

  it('a per-channel change on a boolean spells out all three channels from that boolean', () => {
    expect(nextConsent(true, { topic: 'offers', channel: 'sms', granted: false })).toEqual({ email: true, sms: false, push: true });
    expect(nextConsent(false, { topic: 'surveys', channel: 'push', granted: true })).toEqual({ email: false, sms: false, push: true });
  });

  it('a per-channel change on nothing recorded starts from the topic default: marketing no, service yes', () => {
    expect(nextConsent(undefined, { topic: 'offers', channel: 'email', granted: true })).toEqual({ email: true, sms: false, push: false });
    expect(nextConsent(undefined, { topic: 'service_updates', channel: 'email', granted: false })).toEqual({ email: false, sms: true, push: true });
  });

  it('a per-channel change on per-channel consent changes that channel, absent channels meaning yes', () => {
    expect(nextConsent({ sms: false }, { topic: 'offers', channel: 'email', granted: false })).toEqual({ email: false, sms: false, push: true });
    expect(nextConsent({ email: false, sms: false, push: false }, { topic: 'offers', channel: 'push', granted: true })).toEqual({ email: false, sms: false, push: true });
    expect(nextConsent({ sms: false }, { topic: 'offers', channel: 'push', granted: false })).toEqual({ email: true, sms: false, push: false });
    expect(nextConsent({ email: false }, { topic: 'offers', channel: 'push', granted: false })).toEqual({ email: false, sms: true, push: false });
  });
});

describe('one survey invitation per 30 days, through decide()', () => {
  const invitation = aMessage({ messageId: 'm-now', category: 'service', topic: 'surveys', template: 'survey_invitation', journey: 'incident' });
  const earlier = (at: string, journey: 'post-resolution' | 'crisis' = 'post-resolution') =>
    aLedgerEntry({ messageId: `inv-${at}`, journey, category: 'service', topic: 'surveys', template: 'survey_invitation', at });

  it('suppresses the second invitation, naming the latest one in the window wherever it is in the ledger', () => {
    const ledger = [earlier('2026-11-20T10:00:00.000Z', 'crisis'), earlier('2026-11-01T10:00:00.000Z'), earlier('2026-11-10T10:00:00.000Z')];
    expect(decide(anInput({ message: invitation, ledger }))).toMatchObject({
      outcome: 'suppressed',
      channel: null,
      reasonCodes: ['frequency_cap'],
      reasons: ['suppressed: one survey invitation per 30 days, and this customer was invited on 2026-11-20 (crisis journey)'],
    });
    const reversed = [earlier('2026-11-10T10:00:00.000Z'), earlier('2026-11-20T09:00:00+02:00', 'crisis'), earlier('2026-11-01T10:00:00.000Z')];
    expect(surveyAskedRecently(reversed, 30, invitation, new Date('2026-11-23T10:00:00.000Z'))?.reason).toBe(
      'suppressed: one survey invitation per 30 days, and this customer was invited on 2026-11-20 (crisis journey)',
    );
  });

  it('of two invitations at the same instant, names the first in the ledger', () => {
    const now = new Date('2026-11-23T10:00:00.000Z');
    const ledger = [earlier('2026-11-20T10:00:00.000Z'), { ...earlier('2026-11-20T10:00:00.000Z', 'crisis'), messageId: 'inv-crisis' }];
    expect(surveyAskedRecently(ledger, 30, invitation, now)?.reason).toBe(
      'suppressed: one survey invitation per 30 days, and this customer was invited on 2026-11-20 (post-resolution journey)',
    );
  });

  it('counts an invitation until exactly the window length after it', () => {
    const now = new Date('2026-11-23T10:00:00.000Z');
    expect(surveyAskedRecently([earlier('2026-10-24T10:00:00.001Z')], 30, invitation, now)?.code).toBe('frequency_cap');
    expect(surveyAskedRecently([earlier('2026-10-24T10:00:00.000Z')], 30, invitation, now)).toBeUndefined();
  });
});

describe('suppressions', () => {
  it('ignores expired ones wherever they are in the list, the active ones after them kept', () => {
    const expired = (kind: 'open_incident' | 'detractor_cooldown') => aSuppression({ kind, ref: 'INC-1', expiresAt: '2026-11-22T00:00:00.000Z' });
    expect(decide(anInput({ suppressions: [expired('detractor_cooldown'), expired('open_incident')] })).outcome).toBe('sent');
    const active = aSuppression({ kind: 'open_incident', ref: 'INC-2' });
    expect(decide(anInput({ suppressions: [expired('detractor_cooldown'), expired('open_incident'), active] })).reasons).toEqual([
      'suppressed: open critical incident INC-2',
    ]);
  });

  it('skips channel suppressions when looking for a marketing one, and names a cool-down without an end', () => {
    const bounce = aSuppression({ kind: 'hard_bounce', reason: 'bounced on ana@example.com' });
    expect(marketingSuppression([bounce], undefined)).toBeUndefined();
    expect(marketingSuppression([bounce, aSuppression({ kind: 'open_incident', ref: 'INC-3', severity: 'major' })], undefined)).toEqual({
      code: 'open_incident',
      reason: 'suppressed: open major incident INC-3',
    });
    expect(marketingSuppression([aSuppression({ kind: 'detractor_cooldown' })], undefined)).toEqual({ code: 'detractor_cooldown', reason: 'suppressed: detractor cool-down' });
  });
});

describe('channel order', () => {
  /** Every non-empty list of distinct channels: the preference lists a profile can hold. */
  const lists: Channel[][] = [];
  const extend = (list: Channel[]) => {
    if (list.length > 0) lists.push(list);
    for (const channel of CHANNELS) if (!list.includes(channel)) extend([...list, channel]);
  };
  extend([]);

  it('tries the crisis channels, then the preferences, then the rest, for every list and severity under one policy', () => {
    const policy: Policy = { ...DEFAULT_POLICY };
    // Nobody reachable: the reasons name every channel in the order tried.
    const unreachable = { email: null, phone: null, pushEndpoint: null };
    const message = aMessage({ category: 'service', topic: 'service_updates', template: 'incident_ack' });
    const severities: (CrisisSeverity | undefined)[] = [undefined, 'sev1', 'sev2', 'sev3'];
    expect(lists).toHaveLength(15);
    for (const severity of severities) {
      for (const preferences of lists) {
        const crisis = severity ? activeCrisis({ severity }) : { active: false as const };
        const decision = decide(anInput({ profile: aProfile({ ...unreachable, channelPreferences: preferences }), message, crisis }), policy);
        const first = severity ? policy.crisisPlaybook[severity].channels : [];
        const expected = [...new Set([...first, ...preferences, ...CHANNELS])];
        expect(decision.reasons.slice(0, 3).map((reason) => reason.split(' ')[1])).toEqual(expected);
      }
    }
  });

  it("uses the policy's default order for a customer with no preferences", () => {
    const policy: Policy = { ...DEFAULT_POLICY, defaultChannelPreferences: ['sms', 'push', 'email'] };
    expect(decide(anInput({ profile: aProfile({ channelPreferences: [] }) }), policy)).toMatchObject({ channel: 'sms', reasons: ['sent on sms (customer preferences)'] });
  });

  it('names each channel that failed earlier, and fails naming what is left', () => {
    const profile = aProfile({ pushEndpoint: 'arn:aws:sns:eu-central-1:123456789012:endpoint/GCM/app/1' });
    const decision = decide(anInput({ profile, message: aMessage({ failedChannels: ['email', 'push', 'sms'] }) }), { ...DEFAULT_POLICY });
    expect(decision).toMatchObject({ outcome: 'failed', channel: null, reasonCodes: ['provider_failure'], failedChannels: ['email', 'push', 'sms'] });
    expect(decision.reasons).toEqual([
      'channel email skipped: failed earlier for this message',
      'channel push skipped: failed earlier for this message',
      'channel sms skipped: failed earlier for this message',
      'failed: no channel left to fall back to',
    ]);
  });
});

describe('the control group', () => {
  it("is drawn from the customer's hash point under its own salt", () => {
    const ids = Array.from({ length: 200 }, (_, i) => `c-${i}`);
    for (const percent of [1, 10, 50]) {
      expect(ids.filter((id) => inControlGroup(id, percent))).toEqual(ids.filter((id) => unitPoint('control', id) * 100 < percent));
    }
  });
});

describe('frequency caps', () => {
  it('a cap of 0 stops every marketing message, with or without anything sent before', () => {
    const now = new Date('2026-11-23T10:00:00.000Z');
    const none = { code: 'frequency_cap', reason: 'suppressed: frequency cap reached (0 marketing messages in the last 24 hours, at most 0)' };
    expect(frequencyCapReached([], [{ max: 0, windowHours: 24 }], 'm-1', now)).toEqual(none);
    expect(frequencyCapReached([aLedgerEntry({ at: '2026-11-01T10:00:00.000Z' })], [{ max: 0, windowHours: 24 }], 'm-1', now)).toEqual(none);
  });
});

describe('calendar', () => {
  it('formats the last day of a 400-year era and the days around it', () => {
    for (const iso of ['2000-02-29T12:34:56.789Z', '2000-03-01T00:00:00.000Z', '2000-02-28T23:59:59.999Z', '2400-02-29T00:00:00.000Z', '1600-02-29T00:00:00.000Z']) {
      expect(isoString(Date.parse(iso))).toBe(iso);
    }
    expect(civilFromDays(Date.parse('2000-02-29T00:00:00Z') / MS_PER_DAY)).toEqual({ year: 2000, month: 2, day: 29 });
  });
});
