/**
 * The soak under faults, small (bench/soak.ts; the big one is `npm run bench -- soak`): 200 customers through 10
 * virtual days of all four journeys with SES/SNS throttling and 5xx, DynamoDB throttling, failing route deliveries
 * and two restarts of the runtime mid-wait. Nothing is sent twice, no message decided `sent` is missing, no journey
 * is stuck, the dead-letter queue ends empty.
 *
 * Not asserted (an open finding, docs/reliability.md "Soak under faults"): a message deferred by quiet hours whose
 * execution a runtime restart interrupts during the deferral is, in some runs, never decided again
 * (`lostDueWithoutDecision` > 0: onboarding's activation nudge, deferred to 07:00, restart at 06:00).
 */
import { describe, expect, it } from 'vitest';
import { runSoak } from '../../bench/soak';

describe('the soak under faults (200 customers, 10 virtual days)', () => {
  it('sends nothing twice, misses no message decided sent, leaves no execution stuck, and the faults did fire', async () => {
    const figures = await runSoak({ customers: 200, days: 10, seed: 7, restarts: 2, stepHours: 24 });
    expect(figures.duplicated, JSON.stringify(figures.lostExamples)).toBe(0);
    expect(figures.lostSentWithoutMessage, JSON.stringify(figures.lostExamples)).toBe(0);
    expect(figures.stuck, JSON.stringify(figures.stuckExamples)).toBe(0);
    expect(figures.parked.left).toBe(0);
    // It was a soak under faults: they fired, the runtime restarted, and messages went out.
    expect(figures.faultsFired).toBeGreaterThan(0);
    expect(figures.restarts).toBe(2);
    expect(figures.sent, JSON.stringify(figures)).toBeGreaterThan(200);
    expect(figures.surveysAnswered).toBeGreaterThan(0);
    expect(figures.erased).toBeGreaterThan(0);
  }, 600_000);
});
