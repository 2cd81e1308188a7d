import { describe, expect, it } from 'vitest';
import { decide, DEFAULT_POLICY } from '../../../functions/domain';
import { quietHoursDeferral } from '../../../functions/domain/rules/quiet-hours';
import { aMessage, aProfile, anInput } from '../../support/builders';

const at = (iso: string) => new Date(iso);

describe('quiet hours', () => {
  it.each([
    // [now UTC, time zone, expected sendAt UTC or null]
    ['2026-11-23T20:30:00Z', 'Europe/Bratislava', '2026-11-24T07:00:00.000Z'], // 21:30 local (CET) → 08:00 next day
    ['2026-11-23T05:00:00Z', 'Europe/Bratislava', '2026-11-23T07:00:00.000Z'], // 06:00 local → 08:00 the same day
    ['2026-11-23T19:59:00Z', 'Europe/Bratislava', null], // 20:59 local
    ['2026-11-23T20:00:00Z', 'Europe/Bratislava', '2026-11-24T07:00:00.000Z'], // 21:00 local exactly: quiet
    ['2026-11-23T07:00:00Z', 'Europe/Bratislava', null], // 08:00 local exactly: allowed
    ['2026-07-01T19:30:00Z', 'Europe/Bratislava', '2026-07-02T06:00:00.000Z'], // summer (CEST)
    ['2026-11-23T10:00:00Z', 'America/New_York', '2026-11-23T13:00:00.000Z'], // 05:00 EST → 08:00 EST
    ['2026-11-23T10:00:00Z', 'Asia/Kolkata', null], // 15:30 IST
    ['2026-11-23T16:00:00Z', 'Asia/Kolkata', '2026-11-24T02:30:00.000Z'], // 21:30 IST, half-hour offset
    ['2026-11-23T10:00:00Z', 'Pacific/Auckland', '2026-11-23T19:00:00.000Z'], // 23:00 NZDT → 08:00 NZDT
  ])('at %s in %s defers to %s', (now, timeZone, expected) => {
    const deferral = quietHoursDeferral(aProfile({ timeZone }), DEFAULT_POLICY, at(now));
    expect(deferral?.sendAt.toISOString() ?? null).toBe(expected);
  });

  it('uses the morning after a spring-forward night (Europe/Bratislava, 2026-03-29)', () => {
    // 23:00 CET on Saturday; the clocks jump 02:00 → 03:00, so 08:00 CEST is 06:00 UTC.
    const deferral = quietHoursDeferral(aProfile(), DEFAULT_POLICY, at('2026-03-28T22:00:00Z'));
    expect(deferral?.sendAt.toISOString()).toBe('2026-03-29T06:00:00.000Z');
  });

  it('uses the morning after a fall-back night (Europe/Bratislava, 2026-10-25)', () => {
    // 23:00 CEST on Saturday; the clocks fall back 03:00 → 02:00, so 08:00 CET is 07:00 UTC.
    const deferral = quietHoursDeferral(aProfile(), DEFAULT_POLICY, at('2026-10-24T21:00:00Z'));
    expect(deferral?.sendAt.toISOString()).toBe('2026-10-25T07:00:00.000Z');
  });

  it('is quiet in the repeated hour of a fall-back night and allowed at 08:00 in the new offset', () => {
    // 02:30 CEST: deferred to 08:00 CET, an hour later in UTC than the evening before's offset would say.
    expect(quietHoursDeferral(aProfile(), DEFAULT_POLICY, at('2026-10-25T00:30:00Z'))?.sendAt.toISOString()).toBe('2026-10-25T07:00:00.000Z');
    expect(quietHoursDeferral(aProfile(), DEFAULT_POLICY, at('2026-10-25T07:00:00Z'))).toBeUndefined(); // 08:00 CET
  });

  it('handles quiet hours that end inside a DST gap (America/New_York, 2026-03-08)', () => {
    const profile = aProfile({ timeZone: 'America/New_York', quietHours: { start: '22:00', end: '02:30' } });
    // 23:00 EST; 02:30 does not exist that night: at 02:00 EST the clocks jump to 03:00 EDT (07:00 UTC), already past
    // the end, so the period ends then — not at 03:30 EDT, half an hour after quiet hours were over.
    const deferral = quietHoursDeferral(profile, DEFAULT_POLICY, at('2026-03-08T04:00:00Z'));
    expect(deferral?.sendAt.toISOString()).toBe('2026-03-08T07:00:00.000Z');
  });

  it('ends at the second 02:30 of a fall-back night when the first is already past (Europe/Bratislava, 2026-10-25)', () => {
    const profile = aProfile({ quietHours: { start: '22:00', end: '02:30' } });
    // 02:00 CET, just after the clocks fell back from 03:00 CEST: 02:30 CEST (00:30 UTC) is past, 02:30 CET is ahead.
    expect(quietHoursDeferral(profile, DEFAULT_POLICY, at('2026-10-25T01:00:00Z'))?.sendAt.toISOString()).toBe('2026-10-25T01:30:00.000Z');
    // 01:00 CEST, before the first 02:30: that one.
    expect(quietHoursDeferral(profile, DEFAULT_POLICY, at('2026-10-24T23:00:00Z'))?.sendAt.toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('honours quiet hours the customer set, including a daytime window', () => {
    const profile = aProfile({ quietHours: { start: '12:00', end: '14:00' } });
    expect(quietHoursDeferral(profile, DEFAULT_POLICY, at('2026-11-23T11:30:00Z'))?.sendAt.toISOString()).toBe('2026-11-23T13:00:00.000Z');
    expect(quietHoursDeferral(profile, DEFAULT_POLICY, at('2026-11-23T21:30:00Z'))).toBeUndefined();
  });

  it('defers a survey with the reason the contract shows', () => {
    const message = aMessage({ category: 'service', topic: 'surveys', template: 'survey_invitation', journey: 'post-resolution' });
    const decision = decide(anInput({ message, now: at('2026-11-23T21:30:00Z') }));
    expect(decision).toMatchObject({ outcome: 'deferred', channel: 'email', sendAt: '2026-11-24T07:00:00.000Z', reasonCodes: ['quiet_hours'] });
    expect(decision.reasons).toEqual(['quiet hours until 08:00 Europe/Bratislava']);
  });

  it('lets critical service messages break quiet hours', () => {
    const message = aMessage({ category: 'service', topic: 'service_updates', template: 'incident_ack', urgency: 'critical', journey: 'incident' });
    expect(decide(anInput({ message, now: at('2026-11-23T23:00:00Z') })).outcome).toBe('sent');
  });

  it('never holds transactional messages for quiet hours', () => {
    const message = aMessage({ category: 'transactional', topic: 'onboarding_tips', template: 'welcome' });
    expect(decide(anInput({ message, now: at('2026-11-23T23:00:00Z') })).outcome).toBe('sent');
  });
});
