import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crisisAffecting, decide, DEFAULT_POLICY, isActive, isActiveAt, suppressedChannel } from '../../../functions/domain';
import { consentsTo } from '../../../functions/domain/rules/consent';
import { inQuietWindow } from '../../../functions/domain/rules/quiet-hours';
import { parseHourMinute, toLocal } from '../../../functions/domain/time/zoned-time';
import { decisionInput } from '../../support/arbitraries';

const runs = { numRuns: 3000 };

describe('decision invariants (property-based)', () => {
  it('never sends marketing to a customer with an open critical incident or inside a crisis that affects them', () => {
    fc.assert(
      fc.property(decisionInput, (input) => {
        const decision = decide(input);
        if (input.message.category !== 'marketing' || decision.outcome !== 'sent') return;
        const openIncident = input.suppressions.some((s) => s.kind === 'open_incident' && isActive(s, input.now));
        expect(openIncident).toBe(false);
        expect(crisisAffecting(input.crisis, input.profile.segment)).toBeUndefined();
      }),
      runs,
    );
  });

  it('never sends on an opted-out topic or channel, nor on a suppressed or failed channel', () => {
    fc.assert(
      fc.property(decisionInput, (input) => {
        const decision = decide(input);
        if (decision.outcome !== 'sent' && decision.outcome !== 'deferred') return;
        const channel = decision.channel!;
        expect(channel).not.toBeNull();
        if (input.message.category !== 'transactional') expect(consentsTo(input.profile, input.message.topic, channel)).toBe(true);
        const suppressed = input.suppressions.some((s) => suppressedChannel(s) === channel && isActive(s, input.now));
        expect(suppressed).toBe(false);
        expect(input.message.failedChannels).not.toContain(channel);
      }),
      runs,
    );
  });

  it('defers only to a future instant outside the customer quiet hours', () => {
    fc.assert(
      fc.property(decisionInput, (input) => {
        const decision = decide(input);
        if (decision.outcome !== 'deferred') return;
        const sendAt = Date.parse(decision.sendAt!);
        expect(sendAt).toBeGreaterThan(input.now.getTime());
        const window = input.profile.quietHours ?? DEFAULT_POLICY.quietHours;
        const local = toLocal(input.profile.timeZone, sendAt);
        expect(inQuietWindow(local.minuteOfDay, parseHourMinute(window.start), parseHourMinute(window.end))).toBe(false);
        // …and no later than a day away: deferral is to the end of this quiet period, not a later one.
        expect(sendAt - input.now.getTime()).toBeLessThanOrEqual(25 * 3_600_000);
      }),
      runs,
    );
  });

  it('never blocks a transactional message with a marketing rule', () => {
    const marketingCodes = ['open_incident', 'crisis', 'detractor_cooldown', 'manual_suppression', 'topic_opt_out', 'frequency_cap', 'quiet_hours'];
    fc.assert(
      fc.property(decisionInput, (input) => {
        if (input.message.category !== 'transactional') return;
        const decision = decide(input);
        for (const code of decision.reasonCodes) expect(marketingCodes).not.toContain(code);
      }),
      runs,
    );
  });

  it('gives the same decision for the same input', () => {
    fc.assert(
      fc.property(decisionInput, (input) => {
        expect(decide(input)).toEqual(decide(structuredClone(input)));
      }),
      runs,
    );
  });

  it('always explains itself: at least one reason and one code, a channel exactly when it is sent or deferred', () => {
    fc.assert(
      fc.property(decisionInput, (input) => {
        const decision = decide(input);
        expect(decision.reasons.length).toBeGreaterThan(0);
        expect(decision.reasonCodes.length).toBeGreaterThan(0);
        expect(decision.channel !== null).toBe(decision.outcome === 'sent' || decision.outcome === 'deferred');
      }),
      runs,
    );
  });
});

describe('suppression expiry fast path', () => {
  it('agrees with parsing the instant, for canonical and offset forms alike', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2025-01-01T00:00:00Z'), max: Date.parse('2028-01-01T00:00:00Z') }),
        fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 }),
        fc.constantFrom('canonical', 'seconds', 'offset'),
        (nowMs, delta, form) => {
          const expiry = new Date(nowMs + delta);
          const iso = expiry.toISOString();
          const expiresAt = form === 'canonical' ? iso : form === 'seconds' ? iso.replace(/\.\d{3}Z$/, 'Z') : iso.replace('Z', '+00:00');
          const suppression = { kind: 'manual' as const, ref: 'r', reason: 'x', source: 's', createdAt: iso, expiresAt };
          expect(isActiveAt(suppression, nowMs, new Date(nowMs).toISOString())).toBe(isActive(suppression, new Date(nowMs)));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
