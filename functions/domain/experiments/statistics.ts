/**
 * The experiment statistic: a Beta-Binomial model. Each variant's conversion rate has the posterior
 * Beta(1 + conversions, 1 + non-conversions) (a uniform prior). The chance that a variant beats the baseline is
 * P(rate_variant > rate_baseline) under the two posteriors, estimated by Monte Carlo with DRAWS paired draws from a
 * seeded generator — so the same counts always give the same figure (the seed is the experiment id's hash). The
 * 95 % credible interval of a rate is the 2.5th and 97.5th percentile of its draws.
 *
 * A winner is named only when every variant has at least the minimum sample, and then: the challenger with the
 * best rate whose chance to beat the baseline reaches the threshold, or the baseline when every challenger's chance
 * is at most 1 − threshold. Otherwise: no winner yet.
 */
import { hash32 } from './hash';

export const DRAWS = 20_000;

/** Counts of one arm: customers measured and of them, conversions. */
export interface Arm {
  measured: number;
  conversions: number;
}

/** mulberry32: a small, fast 32-bit generator; plenty for Monte Carlo of a few tens of thousands of draws. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  };
}

/** A standard normal draw (Box–Muller; one of the pair is enough here). */
function normal(random: () => number): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** A Gamma(shape, 1) draw (Marsaglia–Tsang; shape ≥ 1 always holds here, as shapes are 1 + a count). */
function gamma(shape: number, random: () => number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** DRAWS draws of an arm's rate from its Beta posterior. */
export function posteriorDraws(arm: Arm, random: () => number, draws = DRAWS): Float64Array {
  const alpha = 1 + arm.conversions;
  const beta = 1 + Math.max(0, arm.measured - arm.conversions);
  const out = new Float64Array(draws);
  for (let i = 0; i < draws; i++) {
    const x = gamma(alpha, random);
    out[i] = x / (x + gamma(beta, random));
  }
  return out;
}

/** The share of paired draws where the challenger's rate is above the baseline's. */
export function chanceToBeat(baseline: Float64Array, challenger: Float64Array): number {
  let wins = 0;
  for (let i = 0; i < baseline.length; i++) if (challenger[i]! > baseline[i]!) wins++;
  return wins / baseline.length;
}

/** The central 95 % credible interval from the draws. */
export function credibleInterval(draws: Float64Array): [number, number] {
  const sorted = Float64Array.from(draws).sort();
  return [sorted[Math.floor(sorted.length * 0.025)]!, sorted[Math.ceil(sorted.length * 0.975) - 1]!];
}

export interface ArmFigures extends Arm {
  name: string;
  rate: number;
  interval: [number, number];
  /** Absent for the baseline. */
  chanceToBeatBaseline?: number;
}

export interface Comparison {
  arms: ArmFigures[];
  /** The winning arm's name, when one is named. */
  winner?: string;
}

/** Compares the arms (the first is the baseline) as the module comment describes. */
export function compare(arms: readonly (Arm & { name: string })[], options: { seed: string; minimumSample: number; threshold: number }): Comparison {
  const random = seededRandom(hash32(options.seed));
  const draws = arms.map((arm) => posteriorDraws(arm, random));
  const figures: ArmFigures[] = arms.map((arm, i) => ({
    ...arm,
    rate: arm.measured > 0 ? arm.conversions / arm.measured : 0,
    interval: credibleInterval(draws[i]!),
    ...(i > 0 ? { chanceToBeatBaseline: chanceToBeat(draws[0]!, draws[i]!) } : {}),
  }));
  const winner = winnerOf(figures, options.minimumSample, options.threshold);
  return { arms: figures, ...(winner ? { winner } : {}) };
}

function winnerOf(arms: readonly ArmFigures[], minimumSample: number, threshold: number): string | undefined {
  if (arms.length < 2 || arms.some((arm) => arm.measured < minimumSample)) return undefined;
  const challengers = arms.slice(1);
  const beating = challengers.filter((arm) => arm.chanceToBeatBaseline! >= threshold).sort((a, b) => b.rate - a.rate);
  if (beating.length > 0) return beating[0]!.name;
  if (challengers.every((arm) => arm.chanceToBeatBaseline! <= 1 - threshold)) return arms[0]!.name;
  return undefined;
}

/** Relative lift of the treated rate over the control rate (0.1 = 10 % better); undefined without a control rate. */
export function lift(treatedRate: number, controlRate: number): number | undefined {
  return controlRate > 0 ? (treatedRate - controlRate) / controlRate : undefined;
}
