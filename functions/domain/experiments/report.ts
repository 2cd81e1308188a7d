/**
 * The experiment report: the stored counters (per variant and day of first exposure) folded into what
 * `GET /experiments` answers — per variant assigned, sent, measured, conversions, rate, its 95 % credible interval
 * and the chance to beat the baseline; the control group's figures and lift; the winner, when there is one.
 *
 * Who is measured: every customer assigned (from their first exposure, whether or not a message went out, so the
 * variants and the control group are compared alike). For a goal that is an event's absence, only customers whose
 * window has closed are measured: those exposed on a day whose end plus the window lies in the past.
 */
import { CONTROL_VARIANT, type Experiment, type Goal } from '../model/experiment';
import type { JourneyName } from '../model/primitives';
import { compare, lift, type Arm } from './statistics';

/** One stored counter: one variant (or `control`) and one UTC day of first exposure. */
export interface ExposureCounter {
  variant: string;
  /** `YYYY-MM-DD` (UTC) of the first exposures it counts. */
  day: string;
  assigned: number;
  sent: number;
  /** Goal events counted (once per customer, within the window). */
  events: number;
}

export interface VariantReport {
  name: string;
  weight: number;
  assigned: number;
  sent: number;
  /** Customers whose outcome counts (all assigned; for an absence goal, those whose window has closed). */
  measured: number;
  conversions: number;
  rate: number;
  /** The rate's 95 % credible interval. */
  interval: [number, number];
  chanceToBeatBaseline?: number;
}

export interface ControlReport {
  assigned: number;
  measured: number;
  conversions: number;
  rate: number;
  /** (variants' pooled rate − control rate) / control rate. */
  lift?: number;
}

export interface ExperimentReport {
  id: string;
  journey: JourneyName;
  step: string;
  status: 'running' | 'concluded';
  goal: Goal;
  minimumSample: number;
  threshold: number;
  variants: VariantReport[];
  control?: ControlReport;
  winner?: string;
}

const DAY_MS = 86_400_000;

interface Totals extends Arm {
  assigned: number;
  sent: number;
}

function totalsOf(counters: readonly ExposureCounter[], variant: string, goal: Goal, nowMs: number): Totals {
  const totals: Totals = { assigned: 0, sent: 0, measured: 0, conversions: 0 };
  for (const counter of counters) {
    if (counter.variant !== variant) continue;
    totals.assigned += counter.assigned;
    totals.sent += counter.sent;
    if (!goal.absent) {
      totals.measured += counter.assigned;
      totals.conversions += counter.events;
    } else if (Date.parse(`${counter.day}T00:00:00.000Z`) + DAY_MS + goal.withinHours * 3_600_000 <= nowMs) {
      totals.measured += counter.assigned;
      totals.conversions += Math.max(0, counter.assigned - counter.events);
    }
  }
  return totals;
}

export function experimentReport(experiment: Experiment, counters: readonly ExposureCounter[], now: Date): ExperimentReport {
  const nowMs = now.getTime();
  const totals = experiment.variants.map((variant) => ({ name: variant.name, ...totalsOf(counters, variant.name, experiment.goal, nowMs) }));
  const { arms, winner } = compare(totals, { seed: experiment.id, minimumSample: experiment.minimumSample, threshold: experiment.threshold });
  const variants: VariantReport[] = arms.map((arm, i) => ({
    name: arm.name,
    weight: experiment.variants[i]!.weight,
    assigned: totals[i]!.assigned,
    sent: totals[i]!.sent,
    measured: arm.measured,
    conversions: arm.conversions,
    rate: arm.rate,
    interval: arm.interval,
    ...(arm.chanceToBeatBaseline !== undefined ? { chanceToBeatBaseline: arm.chanceToBeatBaseline } : {}),
  }));
  const report: ExperimentReport = {
    id: experiment.id,
    journey: experiment.journey,
    step: experiment.step,
    status: winner ? 'concluded' : 'running',
    goal: experiment.goal,
    minimumSample: experiment.minimumSample,
    threshold: experiment.threshold,
    variants,
    ...(winner ? { winner } : {}),
  };
  const control = totalsOf(counters, CONTROL_VARIANT, experiment.goal, nowMs);
  if (control.assigned > 0) {
    const rate = control.measured > 0 ? control.conversions / control.measured : 0;
    const pooled = pool(variants);
    const controlLift = lift(pooled.rate, rate);
    report.control = { assigned: control.assigned, measured: control.measured, conversions: control.conversions, rate, ...(controlLift !== undefined ? { lift: controlLift } : {}) };
  }
  return report;
}

export interface RateFigures {
  measured: number;
  conversions: number;
  rate: number;
}

export interface JourneyLift {
  journey: JourneyName;
  /** Every variant of the journey's experiments, pooled. */
  treated: RateFigures;
  control: RateFigures;
  lift?: number;
}

/** Per journey, the control group's lift: the journey's experiments pooled, treated vs control. */
export function journeyLifts(reports: readonly ExperimentReport[]): JourneyLift[] {
  const byJourney = new Map<JourneyName, ExperimentReport[]>();
  for (const report of reports) if (report.control) byJourney.set(report.journey, [...(byJourney.get(report.journey) ?? []), report]);
  return [...byJourney].map(([journey, list]) => {
    const treated = pool(list.flatMap((report) => report.variants));
    const control = pool(list.map((report) => report.control!));
    const value = lift(treated.rate, control.rate);
    return { journey, treated, control, ...(value !== undefined ? { lift: value } : {}) };
  });
}

function pool(arms: readonly { measured: number; conversions: number }[]): RateFigures {
  const measured = arms.reduce((sum, arm) => sum + arm.measured, 0);
  const conversions = arms.reduce((sum, arm) => sum + arm.conversions, 0);
  return { measured, conversions, rate: measured > 0 ? conversions / measured : 0 };
}
