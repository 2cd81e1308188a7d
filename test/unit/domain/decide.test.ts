import { describe, expect, it } from 'vitest';
import { decide } from '../../../functions/domain';
import { aLedgerEntry, aMessage, aProfile, aSuppression, activeCrisis, anInput, DAYTIME } from '../../support/builders';

describe('decide: sending', () => {
  it('sends marketing on the first preferred channel when no rule objects', () => {
    const decision = decide(anInput());
    expect(decision).toMatchObject({ outcome: 'sent', channel: 'email', locale: 'sk', reasonCodes: ['allowed'] });
    expect(decision.reasons).toEqual(['sent on email (customer preferences)']);
    expect(decision.sendAt).toBeUndefined();
  });

  it('carries the message identity into the decision', () => {
    const decision = decide(anInput({ message: aMessage({ messageId: 'm-9', journey: 'incident', step: 'ack', category: 'service', topic: 'service_updates', template: 'incident_ack' }) }));
    expect(decision).toMatchObject({ messageId: 'm-9', customerId: 'c-123', journey: 'incident', step: 'ack', category: 'service', template: 'incident_ack', at: DAYTIME.toISOString() });
  });
});

describe('decide: suppression lists', () => {
  const marketing = aMessage();
  const service = aMessage({ category: 'service', topic: 'service_updates', journey: 'incident', template: 'incident_ack' });
  const transactional = aMessage({ category: 'transactional', topic: 'onboarding_tips', template: 'welcome' });

  it.each([
    ['open critical incident', aSuppression({ kind: 'open_incident', ref: 'INC-42', severity: 'critical' }), 'suppressed: open critical incident INC-42', 'open_incident'],
    ['detractor cool-down', aSuppression({ kind: 'detractor_cooldown', expiresAt: '2026-12-20T00:00:00Z' }), 'suppressed: detractor cool-down until 2026-12-20', 'detractor_cooldown'],
    ['operator suppression', aSuppression({ kind: 'manual', reason: 'legal hold' }), 'suppressed: legal hold', 'manual_suppression'],
  ])('suppresses marketing for an %s', (_name, suppression, reason, code) => {
    const decision = decide(anInput({ suppressions: [suppression], message: marketing }));
    expect(decision).toMatchObject({ outcome: 'suppressed', channel: null, reasons: [reason], reasonCodes: [code] });
  });

  it.each([
    ['service', service],
    ['transactional', transactional],
  ])('lets %s messages through an open critical incident', (_name, message) => {
    const decision = decide(anInput({ suppressions: [aSuppression({ kind: 'open_incident', ref: 'INC-42', severity: 'critical' })], message }));
    expect(decision.outcome).toBe('sent');
  });

  it('ignores an expired suppression', () => {
    const expired = aSuppression({ kind: 'detractor_cooldown', expiresAt: '2026-11-22T00:00:00Z' });
    expect(decide(anInput({ suppressions: [expired] })).outcome).toBe('sent');
  });

  it('suppresses marketing to customers a crisis affects', () => {
    const decision = decide(anInput({ crisis: activeCrisis({ affected: { region: ['eu-central'] } }) }));
    expect(decision).toMatchObject({ outcome: 'suppressed', reasonCodes: ['crisis'] });
    expect(decision.reasons[0]).toBe('suppressed: crisis sev1 "Payments outage" affects this customer');
  });

  it('keeps marketing going to customers outside the crisis segment', () => {
    const decision = decide(anInput({ crisis: activeCrisis({ affected: { region: ['us-east'] } }) }));
    expect(decision.outcome).toBe('sent');
  });

  it('requires every key of a multi-key audience to match', () => {
    const crisis = activeCrisis({ affected: { region: ['eu-central'], plan: ['free'] } });
    expect(decide(anInput({ crisis })).outcome).toBe('sent');
    expect(decide(anInput({ crisis, profile: aProfile({ segment: { region: 'eu-central', plan: 'free' } }) })).outcome).toBe('suppressed');
  });

  it.each([
    ['hard bounce', 'hard_bounce', 'email', 'channel email skipped: bounced'],
    ['complaint', 'complaint', 'email', 'channel email skipped: complaint'],
    ['SMS STOP', 'sms_stop', 'sms', 'channel sms skipped: STOP received'],
  ] as const)('a %s stops its channel and the message falls back', (_name, kind, channel, reason) => {
    const profile = aProfile({ channelPreferences: [channel, ...(['email', 'sms', 'push'] as const).filter((c) => c !== channel)] });
    const decision = decide(anInput({ profile, suppressions: [aSuppression({ kind })], message: transactional }));
    expect(decision.outcome).toBe('sent');
    expect(decision.channel).not.toBe(channel);
    expect(decision.reasons[0]).toBe(reason);
    expect(decision.reasonCodes).toEqual(['channel_skipped']);
  });

  it('a bounced address blocks even transactional email, since it cannot be reached', () => {
    const profile = aProfile({ phone: null, channelPreferences: ['email'] });
    const decision = decide(anInput({ profile, suppressions: [aSuppression({ kind: 'hard_bounce' })], message: transactional }));
    expect(decision).toMatchObject({ outcome: 'suppressed', channel: null, reasonCodes: ['no_channel'] });
    expect(decision.reasons).toContain('channel email skipped: bounced');
  });
});

describe('decide: consent per topic and channel', () => {
  it('suppresses a topic the customer opted out of', () => {
    const decision = decide(anInput({ message: aMessage({ topic: 'product_news' }) }));
    expect(decision).toMatchObject({ outcome: 'suppressed', reasons: ['suppressed: opted out of product_news'], reasonCodes: ['topic_opt_out'] });
  });

  it('treats a missing marketing consent as no, and a missing service consent as yes', () => {
    const profile = aProfile({ consents: {} });
    expect(decide(anInput({ profile, message: aMessage({ topic: 'offers' }) })).outcome).toBe('suppressed');
    expect(decide(anInput({ profile, message: aMessage({ topic: 'surveys', category: 'service', template: 'survey_invitation' }) })).outcome).toBe('sent');
  });

  it('skips a channel opted out for the topic and keeps the others', () => {
    const profile = aProfile({ consents: { offers: { email: false } } });
    const decision = decide(anInput({ profile }));
    expect(decision).toMatchObject({ outcome: 'sent', channel: 'sms' });
    expect(decision.reasons[0]).toBe('channel email skipped: opted out of offers on email');
  });

  it('suppresses when every channel of the topic is opted out', () => {
    const profile = aProfile({ consents: { offers: { email: false, sms: false, push: false } } });
    expect(decide(anInput({ profile })).reasonCodes).toEqual(['topic_opt_out']);
  });

  it('sends transactional messages regardless of topic consent', () => {
    const profile = aProfile({ consents: { onboarding_tips: false } });
    const decision = decide(anInput({ profile, message: aMessage({ category: 'transactional', topic: 'onboarding_tips', template: 'welcome' }) }));
    expect(decision.outcome).toBe('sent');
  });
});

describe('decide: channel priority and fallback', () => {
  it('follows the customer preferences', () => {
    expect(decide(anInput({ profile: aProfile({ channelPreferences: ['sms', 'email'] }) })).channel).toBe('sms');
  });

  it('falls back when a channel has no address', () => {
    const decision = decide(anInput({ profile: aProfile({ email: null }) }));
    expect(decision.channel).toBe('sms');
    expect(decision.reasons).toEqual(['channel email skipped: no email address', 'channel push skipped: no push endpoint', 'sent on sms (customer preferences)']);
  });

  it('falls back past channels that already failed for this message', () => {
    const decision = decide(anInput({ message: aMessage({ failedChannels: ['email'] }) }));
    expect(decision.channel).toBe('sms');
    expect(decision.reasons[0]).toBe('channel email skipped: failed earlier for this message');
  });

  it('fails when every reachable channel failed', () => {
    const decision = decide(anInput({ message: aMessage({ failedChannels: ['email', 'sms'] }) }));
    expect(decision).toMatchObject({ outcome: 'failed', channel: null, reasonCodes: ['provider_failure'] });
  });

  it('suppresses when the customer has no contact point at all', () => {
    const profile = aProfile({ email: null, phone: null, pushEndpoint: null });
    const decision = decide(anInput({ profile, message: aMessage({ category: 'transactional', template: 'welcome' }) }));
    expect(decision).toMatchObject({ outcome: 'suppressed', reasonCodes: ['no_channel'] });
    expect(decision.reasons.at(-1)).toBe('suppressed: no reachable channel');
  });

  it('puts SMS before email for service messages in a sev1 crisis that affects the customer', () => {
    const message = aMessage({ journey: 'crisis', category: 'service', topic: 'service_updates', template: 'crisis_alert', urgency: 'critical' });
    const decision = decide(anInput({ crisis: activeCrisis(), message }));
    expect(decision).toMatchObject({ outcome: 'sent', channel: 'sms' });
    expect(decision.reasons.at(-1)).toBe('sent on sms (crisis sev1 channel order)');
  });

  it('puts push first in a sev2 crisis and falls back to SMS without a push endpoint', () => {
    const message = aMessage({ journey: 'crisis', category: 'service', topic: 'service_updates', template: 'crisis_alert' });
    const decision = decide(anInput({ crisis: activeCrisis({ severity: 'sev2' }), message }));
    expect(decision.channel).toBe('sms');
    expect(decision.reasons[0]).toBe('channel push skipped: no push endpoint');
  });

  it('keeps the preferred order for customers outside the crisis', () => {
    const message = aMessage({ category: 'service', topic: 'service_updates', template: 'incident_ack' });
    const decision = decide(anInput({ crisis: activeCrisis({ affected: { region: ['us-east'] } }), message }));
    expect(decision.channel).toBe('email');
  });
});

describe('decide: frequency caps', () => {
  it('suppresses marketing past the daily cap', () => {
    const decision = decide(anInput({ ledger: [aLedgerEntry({ at: '2026-11-23T02:00:00Z' })] }));
    expect(decision).toMatchObject({ outcome: 'suppressed', reasonCodes: ['frequency_cap'] });
    expect(decision.reasons[0]).toBe('suppressed: frequency cap reached (1 marketing message in the last 24 hours, at most 1)');
  });

  it('suppresses marketing past the weekly cap', () => {
    const ledger = ['2026-11-18T10:00:00Z', '2026-11-20T10:00:00Z', '2026-11-21T10:00:00Z'].map((at, i) => aLedgerEntry({ messageId: `e${i}`, at }));
    expect(decide(anInput({ ledger })).reasons[0]).toContain('3 marketing messages in the last 7 days');
  });

  it('counts only sent marketing inside the window', () => {
    const ledger = [
      aLedgerEntry({ messageId: 'old', at: '2026-11-22T09:59:00Z' }),
      aLedgerEntry({ messageId: 'svc', category: 'service', at: '2026-11-23T09:00:00Z' }),
      aLedgerEntry({ messageId: 'sup', outcome: 'suppressed', at: '2026-11-23T09:00:00Z' }),
    ];
    expect(decide(anInput({ ledger })).outcome).toBe('sent');
  });

  it('does not count the message being re-evaluated against itself', () => {
    expect(decide(anInput({ ledger: [aLedgerEntry({ messageId: 'm-1', at: '2026-11-23T09:00:00Z' })] })).outcome).toBe('sent');
  });

  it('does not cap service messages', () => {
    const message = aMessage({ category: 'service', topic: 'service_updates', template: 'incident_update' });
    expect(decide(anInput({ message, ledger: [aLedgerEntry({ at: '2026-11-23T09:00:00Z' })] })).outcome).toBe('sent');
  });
});

describe('decide: locale', () => {
  it.each([
    ['sk', 'sk'],
    ['cs-CZ', 'cs'],
    ['hu', 'hu'],
    ['en-GB', 'en'],
    ['de', 'en'],
  ])('renders a customer with locale %s in %s', (locale, expected) => {
    expect(decide(anInput({ profile: aProfile({ locale }) })).locale).toBe(expected);
  });
});
