import { describe, expect, it } from 'vitest';
import { experimentReport, journeyLifts, type ExposureCounter } from '../../../../functions/domain/experiments/report';
import { chanceToBeat, compare, credibleInterval, posteriorDraws, seededRandom } from '../../../../functions/domain/experiments/statistics';
import { ExperimentSchema } from '../../../../functions/domain/model/experiment';

const options = { seed: 'exp', minimumSample: 1000, threshold: 0.99 };

describe('experiment statistics (Beta-Binomial, Monte Carlo)', () => {
  it('draws posteriors centred on the observed rate, with the interval of a Beta(1+c, 1+n−c)', () => {
    const draws = posteriorDraws({ measured: 10_000, conversions: 1000 }, seededRandom(1));
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    // Beta(1001, 9001): mean 0.10002, sd 0.0030; the 95 % interval is about mean ± 1.96 sd.
    expect(mean).toBeCloseTo(0.1, 3);
    const [low, high] = credibleInterval(draws);
    expect(low).toBeCloseTo(0.1 - 1.96 * 0.003, 3);
    expect(high).toBeCloseTo(0.1 + 1.96 * 0.003, 3);
  });

  it('gives the same figures for the same counts (seeded) and about one half for identical arms', () => {
    const arms = [
      { name: 'a', measured: 5000, conversions: 500 },
      { name: 'b', measured: 5000, conversions: 500 },
    ];
    const first = compare(arms, options);
    expect(compare(arms, options)).toEqual(first);
    expect(first.arms[1]!.chanceToBeatBaseline).toBeGreaterThan(0.47);
    expect(first.arms[1]!.chanceToBeatBaseline).toBeLessThan(0.53);
    expect(first.winner).toBeUndefined();
  });

  it('names a clearly better challenger the winner, and the baseline when the challenger is clearly worse', () => {
    const better = compare([{ name: 'a', measured: 10_000, conversions: 1000 }, { name: 'b', measured: 10_000, conversions: 1400 }], options);
    expect(better.arms[1]!.chanceToBeatBaseline).toBe(1);
    expect(better.winner).toBe('b');
    const worse = compare([{ name: 'a', measured: 10_000, conversions: 1400 }, { name: 'b', measured: 10_000, conversions: 1000 }], options);
    expect(worse.arms[1]!.chanceToBeatBaseline).toBe(0);
    expect(worse.winner).toBe('a');
  });

  it('names no winner below the minimum sample, however clear the difference', () => {
    const result = compare([{ name: 'a', measured: 999, conversions: 10 }, { name: 'b', measured: 5000, conversions: 2500 }], options);
    expect(result.arms[1]!.chanceToBeatBaseline).toBe(1);
    expect(result.winner).toBeUndefined();
  });

  it('counts the chance to beat pairwise', () => {
    expect(chanceToBeat(Float64Array.from([0.1, 0.2, 0.3, 0.4]), Float64Array.from([0.2, 0.1, 0.4, 0.4]))).toBe(0.5);
  });
});

describe('experiment report', () => {
  const experiment = ExperimentSchema.parse({
    id: 'nudge',
    journey: 'onboarding',
    step: 'activation-nudge',
    variants: [{ name: 'a', weight: 50 }, { name: 'b', weight: 50, template: 'activation_nudge_benefit' }],
    goal: { event: 'customer.activated', withinHours: 168 },
    minimumSample: 100,
  });
  const counters: ExposureCounter[] = [
    { variant: 'a', day: '2026-11-01', assigned: 300, sent: 290, events: 30 },
    { variant: 'a', day: '2026-11-02', assigned: 200, sent: 195, events: 20 },
    { variant: 'b', day: '2026-11-01', assigned: 500, sent: 480, events: 100 },
    { variant: 'control', day: '2026-11-01', assigned: 100, sent: 0, events: 5 },
  ];

  it('sums the days per variant, rates over the assigned, and the control lift over the pooled variants', () => {
    const report = experimentReport(experiment, counters, new Date('2026-11-20T00:00:00Z'));
    expect(report.variants.map(({ name, assigned, sent, measured, conversions, rate }) => ({ name, assigned, sent, measured, conversions, rate }))).toEqual([
      { name: 'a', assigned: 500, sent: 485, measured: 500, conversions: 50, rate: 0.1 },
      { name: 'b', assigned: 500, sent: 480, measured: 500, conversions: 100, rate: 0.2 },
    ]);
    expect(report).toMatchObject({ status: 'concluded', winner: 'b', control: { assigned: 100, measured: 100, conversions: 5, rate: 0.05 } });
    // Pooled treated rate 150 / 1000 = 0.15 against 0.05: +200 %.
    expect(report.control!.lift).toBeCloseTo(2, 10);
    expect(journeyLifts([report])).toEqual([
      { journey: 'onboarding', treated: { measured: 1000, conversions: 150, rate: 0.15 }, control: { measured: 100, conversions: 5, rate: 0.05 }, lift: report.control!.lift },
    ]);
  });

  it('for an absence goal, measures only customers whose window has closed, and counts those without the event', () => {
    const churn = ExperimentSchema.parse({ ...experiment, goal: { event: 'customer.churned', withinHours: 720, absent: true } });
    // 2026-11-01's window closes at 2026-12-02T00:00Z (day end + 30 days); 2026-11-02's a day later.
    const report = experimentReport(churn, counters, new Date('2026-12-02T12:00:00Z'));
    expect(report.variants.map(({ assigned, measured, conversions }) => ({ assigned, measured, conversions }))).toEqual([
      { assigned: 500, measured: 300, conversions: 270 },
      { assigned: 500, measured: 500, conversions: 400 },
    ]);
  });
});
