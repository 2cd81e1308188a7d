/**
 * The hold rule (functions/domain/rules/journey-hold.ts): which messages a pause or the freeze holds, with which
 * reason and until when, and the freeze request's 14-day cap.
 */
import { describe, expect, it } from 'vitest';
import { freezeFrom } from '../../../functions/domain/journey-control';
import { ValidationError } from '../../../functions/domain/errors';
import { activeFreeze, holdFor, holdTimeoutSeconds, holdWaitKey } from '../../../functions/domain/rules/journey-hold';
import type { JourneyControl, MarketingFreeze } from '../../../functions/domain/model/journey-control';

const NOW = new Date('2026-11-23T10:00:00.000Z');
const pause: JourneyControl = { pause: { until: '2026-11-25T10:00:00.000Z', entries: 'queue', reason: 'copy review', by: 'ops-ana', at: '2026-11-23T09:00:00.000Z' } };
const freeze: MarketingFreeze = { until: '2026-11-24T10:00:00.000Z', reason: 'outage', by: 'oncall-bo', at: '2026-11-23T09:30:00.000Z' };

describe('holdFor', () => {
  it('a pause holds every category of its journey, naming the pause, until its until', () => {
    for (const category of ['marketing', 'transactional', 'service'] as const) {
      const hold = holdFor({ journey: 'onboarding', category, outcome: 'sent' }, pause, undefined, NOW);
      expect(hold).toEqual({
        kind: 'pause',
        until: '2026-11-25T10:00:00.000Z',
        code: 'journey_paused',
        reason: 'held: onboarding is paused until 2026-11-25T10:00:00.000Z by ops-ana: copy review; sent after resume',
      });
    }
  });

  it('the freeze holds marketing only, in any journey', () => {
    expect(holdFor({ journey: 'post-resolution', category: 'marketing', outcome: 'deferred' }, undefined, freeze, NOW)).toMatchObject({ kind: 'freeze', code: 'marketing_freeze', until: freeze.until });
    expect(holdFor({ journey: 'incident', category: 'service', outcome: 'sent' }, undefined, freeze, NOW)).toBeUndefined();
    expect(holdFor({ journey: 'onboarding', category: 'transactional', outcome: 'sent' }, undefined, freeze, NOW)).toBeUndefined();
  });

  it('a suppressed or failed decision keeps its own verdict', () => {
    expect(holdFor({ journey: 'onboarding', category: 'marketing', outcome: 'suppressed' }, pause, freeze, NOW)).toBeUndefined();
    expect(holdFor({ journey: 'onboarding', category: 'marketing', outcome: 'failed' }, pause, freeze, NOW)).toBeUndefined();
  });

  it('the pause wins over the freeze; an ended pause or freeze holds nothing; a stopped journey is not paused', () => {
    expect(holdFor({ journey: 'onboarding', category: 'marketing', outcome: 'sent' }, pause, freeze, NOW)?.kind).toBe('pause');
    const later = new Date('2026-11-25T10:00:00.000Z');
    expect(holdFor({ journey: 'onboarding', category: 'marketing', outcome: 'sent' }, pause, freeze, later)).toBeUndefined();
    const stopped: JourneyControl = { ...pause, stop: { mode: 'drain', reason: 'x', by: 'ops', at: NOW.toISOString() } };
    expect(holdFor({ journey: 'onboarding', category: 'service', outcome: 'sent' }, stopped, undefined, NOW)).toBeUndefined();
  });

  it('parks on one wait key per message, for the seconds left of the hold (at least one)', () => {
    expect(holdWaitKey('m-1')).toBe('hold:m-1');
    const hold = holdFor({ journey: 'onboarding', category: 'marketing', outcome: 'sent' }, undefined, freeze, NOW)!;
    expect(holdTimeoutSeconds(hold, NOW)).toBe(86_400);
    expect(holdTimeoutSeconds(hold, new Date('2026-11-24T09:59:59.500Z'))).toBe(1);
    expect(holdTimeoutSeconds(hold, new Date('2026-11-24T11:00:00.000Z'))).toBe(1);
  });
});

describe('holdFor at the edges', () => {
  const marketing = { journey: 'onboarding', category: 'marketing', outcome: 'sent' } as const;

  it('the freeze names who froze marketing, why and until when', () => {
    expect(holdFor(marketing, undefined, freeze, NOW)).toEqual({
      kind: 'freeze',
      until: '2026-11-24T10:00:00.000Z',
      code: 'marketing_freeze',
      reason: 'held: marketing is frozen until 2026-11-24T10:00:00.000Z by oncall-bo: outage; sent after the freeze',
    });
  });

  it('a freeze holds until the millisecond before its until, and nothing from then on', () => {
    expect(holdFor(marketing, undefined, freeze, new Date(Date.parse(freeze.until) - 1))?.kind).toBe('freeze');
    expect(holdFor(marketing, undefined, freeze, new Date(freeze.until))).toBeUndefined();
    expect(activeFreeze(freeze, new Date(freeze.until))).toBeUndefined();
    expect(activeFreeze(undefined, NOW)).toBeUndefined();
    expect(activeFreeze(freeze, NOW)).toBe(freeze);
  });

  it('a stopped journey with a freeze on still holds its marketing for the freeze', () => {
    const stopped: JourneyControl = { ...pause, stop: { mode: 'drain', reason: 'x', by: 'ops', at: NOW.toISOString() } };
    expect(holdFor(marketing, stopped, freeze, NOW)?.kind).toBe('freeze');
  });

  it('rounds the seconds left up', () => {
    const hold = holdFor(marketing, undefined, freeze, NOW)!;
    expect(holdTimeoutSeconds(hold, new Date(Date.parse(freeze.until) - 1_500))).toBe(2);
    expect(holdTimeoutSeconds(hold, new Date(Date.parse(freeze.until) - 3_000))).toBe(3);
  });
});

describe('freezeFrom', () => {
  it('defaults to 14 days and refuses more, or the past, on the until field', () => {
    expect(freezeFrom({ reason: 'outage' }, 'ops', NOW)).toEqual({ until: '2026-12-07T10:00:00.000Z', reason: 'outage', by: 'ops', at: NOW.toISOString() });
    for (const until of ['2026-12-07T10:00:00.001Z', '2026-11-23T09:59:59.000Z']) {
      try {
        freezeFrom({ until, reason: 'x' }, 'ops', NOW);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).issues?.map((issue) => issue.path)).toEqual(['until']);
      }
    }
  });
});
