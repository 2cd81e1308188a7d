/** NPS and CSAT from survey scores (0–10), as the console's survey card shows them. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeAnswers, formatNps, histogramOf, summarizeHistogram, summarizeScores } from '../../../local/console/src/survey-math';
import { surveyGroup } from '../../../functions/domain';

describe('summarizeScores', () => {
  it('computes NPS as % promoters (9–10) minus % detractors (0–6), CSAT as % of 8–10, and the mean', () => {
    expect(summarizeScores([10, 9, 3])).toEqual({ responses: 3, promoters: 2, passives: 0, detractors: 1, nps: 33, csat: 67, average: 7.3 });
    expect(summarizeScores([10, 10, 8, 7, 6, 0])).toEqual({ responses: 6, promoters: 2, passives: 2, detractors: 2, nps: 0, csat: 50, average: 6.8 });
    expect(summarizeScores([0, 1, 2])).toMatchObject({ nps: -100, csat: 0, average: 1 });
    expect(summarizeScores([9, 10])).toMatchObject({ nps: 100, csat: 100 });
    // Passives count in the denominator but on neither side.
    expect(summarizeScores([7, 8, 9, 6])).toMatchObject({ promoters: 1, passives: 2, detractors: 1, nps: 0, csat: 50 });
  });

  it('says "no data" (null), not 0, without answers', () => {
    expect(summarizeScores([])).toEqual({ responses: 0, promoters: 0, passives: 0, detractors: 0, nps: null, csat: null, average: null });
  });

  it('refuses scores outside 0–10 and ignores junk in a histogram', () => {
    expect(() => histogramOf([11])).toThrow(RangeError);
    expect(() => histogramOf([2.5])).toThrow(RangeError);
    expect(summarizeHistogram([1, -4, Number.NaN, 0, 0, 0, 0, 0, 0, 0, 1, 5])).toMatchObject({ responses: 2, nps: 0 });
  });

  it('uses the same groups as the journeys (surveyGroup) and stays within its ranges', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1, maxLength: 200 }), (scores) => {
        const summary = summarizeScores(scores);
        const promoters = scores.filter((s) => surveyGroup(s) === 'promoter').length;
        const detractors = scores.filter((s) => surveyGroup(s) === 'detractor').length;
        expect(summary.promoters).toBe(promoters);
        expect(summary.detractors).toBe(detractors);
        expect(summary.nps).toBe(Math.round(((promoters - detractors) / scores.length) * 100));
        expect(summary.nps).toBeGreaterThanOrEqual(-100);
        expect(summary.nps).toBeLessThanOrEqual(100);
        expect(summary.csat).toBeGreaterThanOrEqual(0);
        expect(summary.csat).toBeLessThanOrEqual(100);
        expect(summarizeHistogram(histogramOf(scores))).toEqual(summary);
      }),
    );
  });
});

describe('formatNps', () => {
  it('signs the score with a true minus and shows a dash without data', () => {
    expect(formatNps(33)).toBe('+33');
    expect(formatNps(0)).toBe('0');
    expect(formatNps(-25)).toBe('−25');
    expect(formatNps(null)).toBe('–');
  });
});

describe('describeAnswers', () => {
  it('says "1 promoter", not "1 promoters"', () => {
    expect(describeAnswers({ promoters: 1, passives: 0, detractors: 2 })).toBe('1 promoter, 0 passives, 2 detractors');
    expect(describeAnswers(summarizeScores([10, 9, 7, 3]))).toBe('2 promoters, 1 passive, 1 detractor');
  });
});
