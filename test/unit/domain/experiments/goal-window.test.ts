import { describe, expect, it } from 'vitest';
import { goalCounts } from '../../../../functions/domain/experiments/goal-window';

const experiment = { goal: { event: 'customer.activated' as const, withinHours: 168, absent: false } };
const exposure = { exposedAt: '2026-11-23T10:00:00.000Z' };

describe('goalCounts', () => {
  it('counts the goal event from the first exposure to the end of the window, inclusive', () => {
    expect(goalCounts(experiment, exposure, 'customer.activated', '2026-11-23T10:00:00.000Z')).toBe(true);
    expect(goalCounts(experiment, exposure, 'customer.activated', '2026-11-30T10:00:00.000Z')).toBe(true);
  });

  it('does not count an event before the exposure, after the window, of another type, or a second one', () => {
    expect(goalCounts(experiment, exposure, 'customer.activated', '2026-11-23T09:59:59.999Z')).toBe(false);
    expect(goalCounts(experiment, exposure, 'customer.activated', '2026-11-30T10:00:00.001Z')).toBe(false);
    expect(goalCounts(experiment, exposure, 'customer.churned', '2026-11-24T10:00:00.000Z')).toBe(false);
    expect(goalCounts(experiment, { ...exposure, goalAt: '2026-11-24T10:00:00.000Z' }, 'customer.activated', '2026-11-25T10:00:00.000Z')).toBe(false);
  });
});
