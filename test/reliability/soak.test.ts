/**
 * The soak under faults, small (bench/soak.ts; the big one is `npm run bench -- soak`): 200 customers through 10
 * virtual days of all four journeys with SES/SNS throttling and 5xx, DynamoDB throttling, failing route deliveries,
 * onboarding paused for a day and resumed, and two restarts of the runtime mid-wait (interrupted journeys resume
 * where they were). Nothing is sent twice, no message decided `sent` is missing, no due message is left without a
 * decision (a deferral across a restart is decided again), no journey is stuck, the dead-letter queue ends empty,
 * and the stopped runtime leaves no handle open and its heap within the bound.
 */
import { describe, expect, it } from 'vitest';
import { runSoak } from '../../bench/soak';
import { HEAP_AFTER_STOP_BOUND_MB, HEAP_RUNNING_BOUND_MB } from '../../bench/soak.bench';

describe('the soak under faults (200 customers, 10 virtual days)', () => {
  it('sends nothing twice, loses nothing, leaves no execution stuck and no handle open, and the faults did fire', async () => {
    const figures = await runSoak({ customers: 200, days: 10, seed: 7, restarts: 2, stepHours: 24 });
    expect(figures.duplicated, JSON.stringify(figures.duplicateExamples)).toBe(0);
    expect(figures.lostSentWithoutMessage, JSON.stringify(figures.lostExamples)).toBe(0);
    expect(figures.lostDueWithoutDecision, JSON.stringify(figures.lostExamples)).toBe(0);
    expect(figures.stuck, JSON.stringify(figures.stuckExamples)).toBe(0);
    expect(figures.executions.FAILED ?? 0, JSON.stringify(figures.stuckExamples)).toBe(0);
    expect(figures.parked.left).toBe(0);
    // The runtime stopped: every handle it opened is closed again, and its memory went with it.
    expect(figures.handles.after).toBeLessThanOrEqual(figures.handles.before);
    expect(figures.heapMb.after - figures.heapMb.before, JSON.stringify(figures.heapMb)).toBeLessThanOrEqual(HEAP_AFTER_STOP_BOUND_MB);
    // While running, the heap holds the running executions (and the modules), not everything the runtime ever did.
    for (const running of figures.heapMb.atRestarts) expect(running - figures.heapMb.before, JSON.stringify(figures.heapMb)).toBeLessThanOrEqual(HEAP_RUNNING_BOUND_MB);
    expect(figures.runningAtRestarts).toHaveLength(2);
    // It was a soak under faults: they fired, the runtime restarted, the journey paused, and messages went out.
    expect(figures.faultsFired).toBeGreaterThan(0);
    expect(figures.restarts).toBe(2);
    expect(figures.pauses).toBe(1);
    expect(figures.sent, JSON.stringify(figures)).toBeGreaterThan(200);
    expect(figures.surveysAnswered).toBeGreaterThan(0);
    // The seed's plan erases 5 of the 200 customers (2 % each, drawn up front).
    expect(figures.erased).toBe(5);
  }, 900_000);
});
