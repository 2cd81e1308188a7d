/**
 * Journey task: decide about one message AND send it, in one invocation (the `deliverStep` building block).
 *
 * The two-task message step (evaluate-message → Choice → send-message → Choice) costs a journey five Standard
 * state transitions per message, more than SES charges for the email itself (docs/cost-model.md). Here the
 * evaluation, the send and any channel fallback (evaluate again for the next channel, send again) happen
 * in-process; only a deferral (quiet hours, frequency cap) goes back to the state machine, whose Wait sleeps for
 * free until `sendAt` and invokes this again.
 *
 * It composes the two existing handlers rather than re-implementing them, so every rule stays where it is: the
 * same payload validation, the same decision (one Query of the customer collection + the cached crisis record),
 * the same exactly-once send claim, the same metrics and logs. A ProviderRetryableError propagates for the
 * task's Retry, which re-evaluates before sending again (the send claim still guarantees at most one send).
 */
import * as z from 'zod';
import type { Decision } from '../domain/model/message';
import { handler as evaluateMessage, EvaluateMessagePayload } from './evaluate-message';
import { taskHandler } from './middleware/task-handler';
import { handler as sendMessage, type SendOutcome } from './send-message';

export const DEFAULT_MAX_ATTEMPTS = 10;

export const DeliverMessagePayload = EvaluateMessagePayload.extend({
  /** Evaluations already made for this message by earlier invocations (after deferrals); 0 on the first. */
  attempt: z.number().int().min(0).default(0),
  /** Evaluations per message before the step stops deferring or falling back. */
  maxAttempts: z.number().int().min(1).max(50).default(DEFAULT_MAX_ATTEMPTS),
});

export interface DeliverOutcome {
  /** The last decision's outcome: `sent`, `deferred` (wait until `sendAt`, then invoke again), `suppressed`, `failed`. */
  outcome: Decision['outcome'];
  messageId: string;
  channel: Decision['channel'];
  /** Only when deferred: ISO 8601, the Wait state's TimestampPath. */
  sendAt?: string;
  /** The send's result when one was attempted. */
  delivery?: SendOutcome;
  /** Evaluations made for this message so far, this invocation's included. */
  attempt: number;
  reasons: string[];
}

export const handler = taskHandler('deliver-message', DeliverMessagePayload, async ({ executionId, message, attempt, maxAttempts }, context): Promise<DeliverOutcome> => {
  const evaluatePayload = { executionId, message };
  let count = attempt;
  for (;;) {
    count++;
    const decision = (await evaluateMessage(evaluatePayload, context)) as Decision;
    if (decision.outcome !== 'sent') return result(decision, count);
    const delivery = (await sendMessage({ executionId, decision, vars: message.vars }, context)) as SendOutcome;
    // A failed channel: the next evaluation sees it in the ledger and picks the next channel.
    if (delivery.status === 'fallback' && count < maxAttempts) continue;
    return result(decision, count, delivery);
  }
});

function result(decision: Decision, attempt: number, delivery?: SendOutcome): DeliverOutcome {
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
