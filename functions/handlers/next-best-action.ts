/**
 * Journey task: which follow-up a survey answer deserves (rule 8) — compensation for a detractor whose incident
 * was critical, help for other detractors, thanks or a review ask — and, for compensation, what is offered
 * (the deployment's policy). The post-resolution journey branches on `followUp`; the result shape is its
 * contract (contracts/payloads.ts). It takes the answer wait's signal as it came (survey link or event) and
 * answers the score with the follow-up, so the journey needs no states to normalise the two shapes.
 */
import { nextBestAction } from '../domain/rules/next-best-action';
import { NextBestActionPayload, STEP_SIGNALS, type NextBestActionResult } from '../../contracts/payloads';
import { taskHandler } from './middleware/task-handler';
import { policy } from './runtime/config';

export const handler = taskHandler('next-best-action', NextBestActionPayload, async ({ answer, incident }): Promise<NextBestActionResult> => {
  // The survey link's answer, or a `survey.responded` event: the journey passes the signal as it came.
  const score = answer.answer?.score ?? answer.event?.data.score;
  if (score === undefined) throw answerMissing();
  const followUp = nextBestAction(score, incident.severity);
  return followUp === 'compensation_offer' ? { followUp, score, offer: policy().compensation } : { followUp, score };
});

/**
 * The signal carries no score: the journey's Catch closes the survey. Not a counted step signal (runtime/step-signals.ts
 * pulls in the metrics client, which this function does not need otherwise): both wakers always send a score, so
 * this one is a fault the function's Errors alarm should see.
 */
function answerMissing(): Error {
  const error = new Error('the signal that woke the answer wait carries no score');
  error.name = STEP_SIGNALS.answerMissing;
  return error;
}
