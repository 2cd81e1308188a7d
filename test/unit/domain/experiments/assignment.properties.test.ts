import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hash32, unitPoint } from '../../../../functions/domain/experiments/hash';
import { ExperimentSchema, type Experiment } from '../../../../functions/domain/model/experiment';
import { inControlGroup } from '../../../../functions/domain/rules/control-group';
import { assignVariant, assignmentOf } from '../../../../functions/domain/rules/experiment';

const ids = (n: number, prefix = 'c-') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

function experimentWith(weights: readonly number[], id = 'exp-1'): Experiment {
  return ExperimentSchema.parse({
    id,
    journey: 'onboarding',
    step: 'activation-nudge',
    variants: weights.map((weight, i) => ({ name: `v${i}`, weight })),
    goal: { event: 'customer.activated', withinHours: 168 },
  });
}

describe('experiment assignment', () => {
  it('pins the hash: a change would move customers between variants', () => {
    // FNV-1a + murmur3 fmix32, computed independently (Python) for these inputs.
    expect([hash32(''), hash32('c-1'), hash32('exp-1\u0000c-1')]).toEqual([2_872_998_923, 2_365_411_737, 4_009_596_475]);
    expect(unitPoint('control', 'c-1')).toBeCloseTo(hash32('control\u0000c-1') / 2 ** 32, 12);
  });

  it('is within ±1 percentage point of the weights over 100,000 ids, for any weights and experiment id', () => {
    const customers = ids(100_000);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 2, maxLength: 5 }),
        fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/),
        (weights, id) => {
          const experiment = experimentWith(weights, id);
          const counts = new Map<string, number>();
          for (const customer of customers) {
            const name = assignVariant(experiment, customer).name;
            counts.set(name, (counts.get(name) ?? 0) + 1);
          }
          const total = weights.reduce((a, b) => a + b, 0);
          weights.forEach((weight, i) => {
            const share = (counts.get(`v${i}`) ?? 0) / customers.length;
            expect(Math.abs(share - weight / total)).toBeLessThanOrEqual(0.01);
          });
        },
      ),
      { numRuns: 12 },
    );
  });

  it('is sticky: the same customer and experiment always give the same variant, whatever else was assigned before', () => {
    const experiment = experimentWith([50, 30, 20]);
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9._:-]{1,40}$/), fc.array(fc.string(), { maxLength: 5 }), (customer, others) => {
        const first = assignVariant(experiment, customer).name;
        for (const other of others) assignVariant(experiment, other);
        // A fresh parse of the same declaration (a new journey version, a restarted process) assigns alike.
        expect(assignVariant(experimentWith([50, 30, 20]), customer).name).toBe(first);
      }),
    );
  });

  it('draws the control group independently of the variants, at the configured share (±1 pp over 100,000 ids)', () => {
    const customers = ids(100_000);
    const experiment = experimentWith([50, 50]);
    const inControl = customers.filter((c) => inControlGroup(c, 10));
    expect(Math.abs(inControl.length / customers.length - 0.1)).toBeLessThanOrEqual(0.01);
    const firstVariant = inControl.filter((c) => assignVariant(experiment, c).name === 'v0').length / inControl.length;
    expect(Math.abs(firstVariant - 0.5)).toBeLessThanOrEqual(0.02);
    expect(customers.filter((c) => inControlGroup(c, 0))).toEqual([]);
  });

  it('makes control-group customers the control of a marketing step only', () => {
    const experiment = experimentWith([50, 50]);
    const member = ids(1000).find((c) => inControlGroup(c, 10))!;
    expect(assignmentOf(experiment, member, 'marketing', 10)).toBe('control');
    expect(assignmentOf(experiment, member, 'service', 10)).toEqual(assignVariant(experiment, member));
    expect(assignmentOf(experiment, member, 'marketing', 0)).toEqual(assignVariant(experiment, member));
  });
});
