/** The console's other pure pieces: decision counts, where an execution is, audiences as typed, contrast. */
import { describe, expect, it } from 'vitest';
import { describeAudience, formatSegmentMatch, parseSegmentMatch } from '../../../local/console/src/audience';
import { contrastRatio, meetsAA, parseColour } from '../../../local/console/src/contrast';
import { countByState, currentStates } from '../../../local/console/src/execution-state';
import { aggregateDecisions, primaryReason, statsByJourney } from '../../../local/console/src/stats';

describe('decision counts', () => {
  it('explains each outcome by one reason code', () => {
    expect(primaryReason('sent', ['allowed'])).toBe('allowed');
    expect(primaryReason('sent', ['channel_skipped', 'allowed'])).toBe('channel_skipped');
    expect(primaryReason('suppressed', ['open_incident'])).toBe('open_incident');
    expect(primaryReason('deferred', ['channel_skipped', 'quiet_hours'])).toBe('quiet_hours');
    expect(primaryReason('failed', [])).toBe('unknown');
  });

  it('folds decisions into rows without customers, then rows into per-journey tables', () => {
    const rows = aggregateDecisions([
      { journey: 'onboarding', outcome: 'sent', channel: 'email', reasonCodes: ['allowed'], customerId: 'c-1' } as never,
      { journey: 'onboarding', outcome: 'sent', channel: 'email', reasonCodes: ['allowed'] },
      { journey: 'onboarding', outcome: 'suppressed', channel: null, reasonCodes: ['open_incident'] },
      { journey: 'incident', outcome: 'deferred', channel: 'sms', reasonCodes: ['quiet_hours'] },
      { journey: 'onboarding', outcome: 'sent', channel: 'sms', reasonCodes: ['channel_skipped', 'allowed'] },
    ]);
    expect(JSON.stringify(rows)).not.toContain('c-1');
    expect(rows).toEqual([
      { journey: 'incident', outcome: 'deferred', channel: 'sms', reason: 'quiet_hours', count: 1 },
      { journey: 'onboarding', outcome: 'sent', channel: 'email', reason: 'allowed', count: 2 },
      { journey: 'onboarding', outcome: 'sent', channel: 'sms', reason: 'channel_skipped', count: 1 },
      { journey: 'onboarding', outcome: 'suppressed', channel: 'none', reason: 'open_incident', count: 1 },
    ]);
    const [crisis, onboarding] = statsByJourney(rows, ['crisis', 'onboarding']);
    expect(crisis).toEqual({ journey: 'crisis', total: 0, byOutcome: { sent: 0, deferred: 0, suppressed: 0, failed: 0 }, byChannel: {}, reasons: [] });
    expect(onboarding?.byOutcome).toEqual({ sent: 3, deferred: 0, suppressed: 1, failed: 0 });
    expect(onboarding?.byChannel.email).toEqual({ sent: 2, deferred: 0, suppressed: 0, failed: 0 });
    expect(onboarding?.byChannel.none).toEqual({ sent: 0, deferred: 0, suppressed: 1, failed: 0 });
    expect(onboarding?.reasons).toEqual([
      { outcome: 'sent', reason: 'channel_skipped', count: 1 },
      { outcome: 'suppressed', reason: 'open_incident', count: 1 },
    ]);
  });
});

describe('currentStates', () => {
  const entered = (name: string, type = 'Task') => ({ type: `${type}StateEntered`, stateEnteredEventDetails: { name } });
  const exited = (name: string, type = 'Task') => ({ type: `${type}StateExited`, stateExitedEventDetails: { name } });

  it('is the states entered and not yet left', () => {
    expect(currentStates([{ type: 'ExecutionStarted' }, entered('Welcome', 'Pass'), exited('Welcome', 'Pass'), entered('Wait for activation')])).toEqual(['Wait for activation']);
    expect(currentStates([entered('Map', 'Map'), entered('Inner'), exited('Inner'), entered('Inner')])).toEqual(['Map', 'Inner']);
    expect(currentStates([entered('A'), { type: 'ExecutionFailed' }])).toEqual([]);
    expect(countByState([{ states: ['A'] }, { states: ['A', 'B'] }, { states: [] }])).toEqual({ A: 2, B: 1 });
  });
});

describe('audiences as typed', () => {
  it('parses key=values clauses and says them back in words', () => {
    const match = parseSegmentMatch('region=eu-central, eu-west; plan=pro\nregion=eu-central');
    expect(match).toEqual({ region: ['eu-central', 'eu-west'], plan: ['pro'] });
    expect(describeAudience(match)).toBe('customers whose region is eu-central or eu-west and whose plan is pro');
    expect(describeAudience({ all: true })).toBe('all customers');
    expect(formatSegmentMatch(match)).toBe('region=eu-central, eu-west; plan=pro');
    expect(parseSegmentMatch(formatSegmentMatch(match))).toEqual(match);
  });

  it('refuses what the API would refuse, saying why', () => {
    expect(() => parseSegmentMatch('')).toThrow(/at least one/);
    expect(() => parseSegmentMatch('region')).toThrow(/key=value/);
    expect(() => parseSegmentMatch('Region=x')).toThrow(/lower-case/);
    expect(() => parseSegmentMatch('region=')).toThrow(/no value/);
    expect(() => parseSegmentMatch('region=eu central')).toThrow(/letters, digits/);
  });
});

describe('contrast', () => {
  it('computes WCAG ratios', () => {
    expect(contrastRatio('#000', '#fff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
    expect(contrastRatio('rgb(255, 255, 255)', 'rgba(0, 0, 0, 1)')).toBeCloseTo(21, 5);
    expect(meetsAA(4.5)).toBe(true);
    expect(meetsAA(3.2)).toBe(false);
    expect(meetsAA(3.2, { large: true })).toBe(true);
    expect(() => parseColour('teal')).toThrow(/unsupported/);
  });
});
