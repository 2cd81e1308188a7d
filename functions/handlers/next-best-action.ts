/**
 * Journey task: which follow-up a survey answer deserves (rule 8) — compensation for a detractor whose incident
 * was critical, help for other detractors, thanks or a review ask — and, for compensation, what is offered
 * (the deployment's policy). The post-resolution journey branches on `followUp`; the result shape is its
 * contract (workflows/blocks/payloads.ts).
 */
import * as z from 'zod';
import { IncidentSeverity } from '../domain/model/event';
import { nextBestAction } from '../domain/rules/next-best-action';
import type { NextBestActionResult } from '../../workflows/blocks/payloads';
import { taskHandler } from './middleware/task-handler';
import { policy } from './runtime/config';

export const NextBestActionPayload = z.object({
  score: z.number().int().min(0).max(10),
  /** The `incident.resolved` event's data: its `severity`, when the source sent one, is the incident's last. */
  incident: z.object({ severity: IncidentSeverity.optional() }).loose(),
});

export const handler = taskHandler('next-best-action', NextBestActionPayload, async ({ score, incident }): Promise<NextBestActionResult> => {
  const followUp = nextBestAction(score, incident.severity);
  return followUp === 'compensation_offer' ? { followUp, offer: policy().compensation } : { followUp };
});
