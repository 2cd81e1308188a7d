/**
 * Journey task: send one decided message, exactly once per (execution, step) (services/send-decided.ts: the send
 * claim, the provider call, the failure classification).
 *
 * The decision comes from an earlier task of the state machine — possibly long ago (a Retry's backoff, a
 * redrive) — so the profile is read again here, once the claim is held: a customer erased since is not
 * written to, and the address is the current one.
 */
import { SendMessagePayload, type SendMessageResult } from '../../contracts/payloads';
import { taskHandler } from './middleware/task-handler';
import { dependencies } from './runtime/dependencies';
import { sendDecided } from '../services/send-decided';
import { withSurveyLink } from '../services/survey-links';

export const handler = taskHandler('send-message', SendMessagePayload, async ({ executionId, decision, vars }): Promise<SendMessageResult> =>
  sendDecided(decision, await withSurveyLink(executionId, vars), () => dependencies().profiles.getProfile(decision.customerId)),
);
