/**
 * Journey task: which follow-up a survey answer deserves (rule 8) — compensation for a detractor whose incident
 * was critical, help for other detractors, thanks or a review ask — and, for compensation, what is offered
 * (the deployment's policy). The post-resolution journey branches on `followUp`; the result shape is its
 * contract (contracts/payloads.ts).
 */
import { nextBestAction } from '../domain/rules/next-best-action';
import { NextBestActionPayload, type NextBestActionResult } from '../../contracts/payloads';
import { taskHandler } from './middleware/task-handler';
import { policy } from './runtime/config';

export const handler = taskHandler('next-best-action', NextBestActionPayload, async ({ score, incident }): Promise<NextBestActionResult> => {
  const followUp = nextBestAction(score, incident.severity);
  return followUp === 'compensation_offer' ? { followUp, offer: policy().compensation } : { followUp };
});
