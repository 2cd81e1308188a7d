/**
 * Whether a goal event counts for an exposure: the event is the experiment's goal, it happened within the window
 * after the customer's first exposure (not before it), and no goal event was counted for the exposure yet.
 */
import type { Experiment } from '../model/experiment';

export interface ExposureView {
  exposedAt: string;
  goalAt?: string;
}

export function goalCounts(experiment: Pick<Experiment, 'goal'>, exposure: ExposureView, eventType: string, occurredAt: string): boolean {
  if (eventType !== experiment.goal.event || exposure.goalAt !== undefined) return false;
  const at = Date.parse(occurredAt);
  const from = Date.parse(exposure.exposedAt);
  return at >= from && at <= from + experiment.goal.withinHours * 3_600_000;
}
