import { describe, expect, it } from 'vitest';
import { DETRACTOR_COOLDOWN_DAYS, nextBestAction, NPS_BOUNDS, surveyGroup } from '../../../functions/domain';

describe('next best action (rule 8)', () => {
  it.each([
    [0, 'detractor'],
    [6, 'detractor'],
    [7, 'passive'],
    [8, 'passive'],
    [9, 'promoter'],
    [10, 'promoter'],
  ])('score %i is a %s', (score, group) => {
    expect(surveyGroup(score)).toBe(group);
  });

  it('groups on the NPS bounds 6 and 8', () => {
    expect(NPS_BOUNDS).toEqual({ detractorMax: 6, passiveMax: 8 });
  });

  it.each([
    [0, 'critical', 'compensation_offer'],
    [6, 'critical', 'compensation_offer'],
    [6, 'major', 'help_offer'],
    [3, 'minor', 'help_offer'],
    [3, undefined, 'help_offer'],
    [7, 'critical', 'thanks'],
    [8, undefined, 'thanks'],
    [9, 'critical', 'review_ask'],
    [10, undefined, 'review_ask'],
  ] as const)('score %i after a %s incident → %s', (score, severity, followUp) => {
    expect(nextBestAction(score, severity)).toBe(followUp);
  });

  it('keeps a detractor from promotions for 30 days', () => {
    expect(DETRACTOR_COOLDOWN_DAYS).toBe(30);
  });
});
