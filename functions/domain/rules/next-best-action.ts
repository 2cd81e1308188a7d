/**
 * Next best action (rule 8): after a bad experience, offer help or compensation, not sales. The
 * post-resolution journey asks this (through the next-best-action task) which follow-up a survey answer deserves.
 */
export type SurveyGroup = 'detractor' | 'passive' | 'promoter';
export type FollowUp = 'compensation_offer' | 'help_offer' | 'thanks' | 'review_ask';

/** NPS groups of a 0–10 answer: detractors up to 6, passives up to 8, promoters above. */
export const NPS_BOUNDS = { detractorMax: 6, passiveMax: 8 } as const;

export function surveyGroup(score: number): SurveyGroup {
  if (score <= NPS_BOUNDS.detractorMax) return 'detractor';
  return score <= NPS_BOUNDS.passiveMax ? 'passive' : 'promoter';
}

/** A detractor whose incident was critical is owed compensation; other detractors get help. */
export function nextBestAction(score: number, incidentSeverity: string | undefined): FollowUp {
  switch (surveyGroup(score)) {
    case 'detractor':
      return incidentSeverity === 'critical' ? 'compensation_offer' : 'help_offer';
    case 'passive':
      return 'thanks';
    case 'promoter':
      return 'review_ask';
  }
}

/** How long a detractor is kept from promotions. */
export const DETRACTOR_COOLDOWN_DAYS = 30;
