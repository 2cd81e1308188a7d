/**
 * Survey scores (0–10, the post-resolution survey) summarised the usual ways:
 * - NPS = % promoters (9–10) − % detractors (0–6), from −100 to 100 — the same groups as the domain's
 *   `surveyGroup` (functions/domain/rules/next-best-action.ts);
 * - CSAT = % satisfied answers, satisfied being 8–10 (the top two boxes of a five-point scale, 4 and 5, map to
 *   8 and 10 on this one);
 * - the mean score.
 * Percentages are rounded to whole numbers; with no answers every figure is null ("no data", not 0).
 */

export const PROMOTER_MIN = 9;
export const DETRACTOR_MAX = 6;
export const CSAT_SATISFIED_MIN = 8;
export const MAX_SCORE = 10;

export interface SurveySummary {
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** −100…100, or null without answers. */
  nps: number | null;
  /** 0…100 (% satisfied), or null without answers. */
  csat: number | null;
  /** Mean score, one decimal, or null. */
  average: number | null;
}

/** Counts per score: index = score (0…10). */
export type ScoreHistogram = readonly number[];

export function histogramOf(scores: readonly number[]): number[] {
  const histogram = Array.from({ length: MAX_SCORE + 1 }, () => 0);
  for (const score of scores) {
    if (!Number.isInteger(score) || score < 0 || score > MAX_SCORE) throw new RangeError(`a survey score is an integer from 0 to ${MAX_SCORE}, not ${score}`);
    histogram[score] = (histogram[score] as number) + 1;
  }
  return histogram;
}

export function summarizeHistogram(histogram: ScoreHistogram): SurveySummary {
  let responses = 0;
  let promoters = 0;
  let detractors = 0;
  let satisfied = 0;
  let total = 0;
  histogram.forEach((raw, score) => {
    const count = Math.max(0, Math.floor(Number(raw) || 0));
    if (score > MAX_SCORE || count === 0) return;
    responses += count;
    total += score * count;
    if (score >= PROMOTER_MIN) promoters += count;
    if (score <= DETRACTOR_MAX) detractors += count;
    if (score >= CSAT_SATISFIED_MIN) satisfied += count;
  });
  const passives = responses - promoters - detractors;
  if (responses === 0) return { responses, promoters, passives, detractors, nps: null, csat: null, average: null };
  return {
    responses,
    promoters,
    passives,
    detractors,
    nps: Math.round(((promoters - detractors) / responses) * 100),
    csat: Math.round((satisfied / responses) * 100),
    average: Math.round((total / responses) * 10) / 10,
  };
}

export function summarizeScores(scores: readonly number[]): SurveySummary {
  return summarizeHistogram(histogramOf(scores));
}

/** "+40", "0", "−25" (a true minus sign), or "–" without data. */
export function formatNps(nps: number | null): string {
  if (nps === null) return '–';
  if (nps > 0) return `+${nps}`;
  return nps < 0 ? `−${Math.abs(nps)}` : '0';
}

/** "1 promoter, 2 passives, 0 detractors": each count with its own singular or plural. */
export function describeAnswers(summary: Pick<SurveySummary, 'promoters' | 'passives' | 'detractors'>): string {
  const counted = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
  return `${counted(summary.promoters, 'promoter')}, ${counted(summary.passives, 'passive')}, ${counted(summary.detractors, 'detractor')}`;
}
