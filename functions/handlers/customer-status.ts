/**
 * Journey task: where the customer stands — for the onboarding journey's activation branch and its exit check
 * (erased, churned, opted out of onboarding tips). With `endJourneyOnExit` an exit is raised as `Journey.Exited`
 * (the reason as its message), which the exit check's Catch turns into the journey's end: no Choice after the task.
 * With `exited` (the caught error) it answers the status at exit with that reason: what the journey records.
 */
import { optedOutOfTopic } from '../domain/rules/consent';
import { journeyExitReason } from '../domain/rules/journey-exit';
import { CustomerStatusPayload, type CustomerStatusResult } from '../../contracts/payloads';
import { taskHandler } from './middleware/task-handler';
import { dependencies } from './runtime/dependencies';
import { journeyExited } from './runtime/step-signals';
import './runtime/wiring/profiles'; // builds the profiles this module uses (runtime/dependencies.ts)

export const handler = taskHandler('customer-status', CustomerStatusPayload, async ({ customerId, endJourneyOnExit, exited }): Promise<CustomerStatusResult> => {
  const profile = await dependencies().profiles.getProfile(customerId);
  // Recording an exit a step caught: the reason it was caught for, whatever the profile says a moment later.
  const exitReason = exited ? caughtReason(exited) : journeyExitReason(profile, 'onboarding_tips');
  if (exitReason !== undefined && endJourneyOnExit) throw journeyExited('customer-status', exitReason);
  if (!profile) return { exists: false, lifecycle: null, activated: false, churned: false, onboardingOptedOut: false, exit: true, exitReason: exitReason ?? 'profile erased or missing' };
  return {
    exists: true,
    lifecycle: profile.lifecycle,
    activated: profile.lifecycle === 'active',
    churned: profile.lifecycle === 'churned',
    onboardingOptedOut: optedOutOfTopic(profile, 'onboarding_tips'),
    exit: exitReason !== undefined,
    ...(exitReason ? { exitReason } : {}),
  };
});

/** The reason in a caught Lambda error: its Cause is `{"errorType","errorMessage","trace"}` as text. */
function caughtReason({ Error: name, Cause: cause }: { Error: string; Cause?: string | undefined }): string {
  try {
    const parsed = JSON.parse(cause ?? '') as { errorMessage?: unknown };
    if (typeof parsed.errorMessage === 'string' && parsed.errorMessage) return parsed.errorMessage;
  } catch {
    // Not JSON: the Cause itself is the reason.
  }
  return cause || name;
}
