/**
 * Journey task: decide about one message AND send it, in one invocation (the `deliverStep` building block), so a
 * message decided at once costs one state transition (docs/cost-model.md). Only a deferral (quiet hours,
 * frequency cap) goes back to the state machine — as a `Message.Deferred` error the step's Catch routes to a Wait
 * that sleeps for free until `sendAt` — a message held by a pause or the freeze as `Message.Held` (parked until
 * the resume, workflows/blocks/hold-step.ts) and, with `exitCheck`, a customer who left ends the journey with
 * `Journey.Exited` (runtime/step-signals.ts). A
 * ProviderRetryableError propagates for the task's Retry, which re-evaluates before sending again (the send claim
 * still guarantees at most one send).
 *
 * The send uses the profile the decision's Query returned, not a second read: the decision is milliseconds old,
 * and one snapshot means the channel chosen and the address used agree. A snapshot older than PROFILE_REUSE_MS
 * (a slow claim, a stalled invocation) is read again.
 *
 * Park mode (`park` present: the step's Catch, after the Retry gave up): the message is recorded as failed with
 * the error and parked in the dead-letter partition for `journeys dlq replay` (services/park.ts).
 *
 * A survey invitation (`opensSurvey`) opens its survey first, on every invocation (the same survey each time:
 * services/survey-open.ts), and names it in its variables — so a parked invitation replays with its link — and in
 * its result: the journey waits for the answer under that id.
 */
import type { Decision } from '../domain/model/message';
import { DeliverMessagePayload, type DeliverMessageResult, type DeliverMessageTask } from '../../contracts/payloads';
import { taskHandler } from './middleware/task-handler';
import { dependencies } from './runtime/dependencies';
import { evaluate } from '../services/evaluate';
import { recordExperimentSend } from '../services/experiment-step';
import { park, type ParkOutcome } from '../services/park';
import { sendDecided, type SendOutcome } from '../services/send-decided';
import { withSurveyLink } from '../services/survey-links';
import { openSurvey } from '../services/survey-open';
import { messageDeferred, messageHeld, messageSuppressed } from './runtime/step-signals';

/**
 * How old (real time) the decision's profile may be once the send claim is held; older is read again. In Lambda
 * the Query → claim gap is two writes (tens of ms); seconds mean the invocation stalled (throttling retries).
 * Within the bound an erasure or address change is treated like one during the provider call: the message was
 * already in flight.
 */
export const PROFILE_REUSE_MS = 5000;

export const handler = taskHandler('deliver-message', DeliverMessagePayload, async ({ opensSurvey, ...input }): Promise<DeliverMessageResult> => {
  if (!opensSurvey) return deliverMessage(input);
  const { surveyId } = await openSurvey(input.message.customerId, input.executionId);
  const invitation = { ...input.message, vars: { ...input.message.vars, surveyId } };
  return { ...(await deliverMessage({ ...input, message: invitation })), surveyId };
});

async function deliverMessage({ executionId, message, attempt, maxAttempts, exitCheck, endIfSuppressed, park: caught }: Omit<DeliverMessageTask, 'opensSurvey'>): Promise<DeliverMessageResult> {
  if (caught) return parked(await park({ executionId, message, maxAttempts }, caught), attempt);
  let count = attempt;
  for (;;) {
    count++;
    const { decision, profile, readAt, hold } = await evaluate({ executionId, message, exitCheck });
    // Held by a pause or the freeze: parked until released, and not an attempt (it waits however long it takes).
    if (hold) throw messageHeld('deliver-message', { ...hold, attempt: count - 1 });
    // Deferred with attempts left: the step's Catch waits until sendAt (the only path with more than one transition).
    if (decision.outcome === 'deferred' && decision.sendAt && count < maxAttempts) throw messageDeferred('deliver-message', { sendAt: decision.sendAt, attempt: count });
    // Suppressed where the journey ends then (a survey invitation): the decision is recorded; the Catch ends it.
    if (decision.outcome === 'suppressed' && endIfSuppressed) throw messageSuppressed('deliver-message', decision.reasons);
    if (decision.outcome !== 'sent') return result(decision, count);
    const profileOf = () => (performance.now() - readAt <= PROFILE_REUSE_MS ? Promise.resolve(profile) : dependencies().decisionContexts.getProfile(decision.customerId));
    const delivery = await sendDecided(decision, await withSurveyLink(executionId, message.vars), profileOf, { afterSent: recordExperimentSend });
    // A failed channel: the next evaluation sees it in the ledger and picks the next channel.
    if (delivery.status === 'fallback' && count < maxAttempts) continue;
    return result(decision, count, delivery);
  }
}

function parked({ outcome, messageId, channel, parked: isParked, providerMessageId, reasons }: ParkOutcome, attempt: number): DeliverMessageResult {
  return {
    outcome,
    messageId,
    channel,
    // The claim was completed by an earlier attempt: the recorded send, as a retry would answer it.
    ...(outcome === 'sent' ? { delivery: { status: 'sent' as const, channel, duplicate: true, ...(providerMessageId ? { providerMessageId } : {}) } } : {}),
    attempt,
    reasons,
    parked: isParked,
  };
}

function result(decision: Decision, attempt: number, delivery?: SendOutcome): DeliverMessageResult {
  const failed = delivery !== undefined && delivery.status !== 'sent';
  return {
    outcome: failed ? 'failed' : decision.outcome,
    messageId: decision.messageId,
    channel: decision.channel,
    ...(decision.outcome === 'deferred' && decision.sendAt ? { sendAt: decision.sendAt } : {}),
    ...(delivery ? { delivery } : {}),
    attempt,
    reasons: decision.reasons,
  };
}
