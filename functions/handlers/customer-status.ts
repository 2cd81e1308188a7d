/**
 * Journey task: where the customer stands — for the onboarding journey's activation branch and for every
 * journey's exit checks (churned, opted out of the journey's topic, erased).
 */
import { optedOutOfTopic } from '../domain/rules/consent';
import { CustomerStatusPayload, type CustomerStatusResult } from '../../contracts/payloads';
import { taskHandler } from './middleware/task-handler';
import { dependencies } from './runtime/dependencies';

export const handler = taskHandler('customer-status', CustomerStatusPayload, async ({ customerId }): Promise<CustomerStatusResult> => {
  const profile = await dependencies().profiles.getProfile(customerId);
  if (!profile) {
    return { exists: false, lifecycle: null, activated: false, churned: false, onboardingOptedOut: false, exit: true, exitReason: 'profile erased or missing' };
  }
  const churned = profile.lifecycle === 'churned';
  const onboardingOptedOut = optedOutOfTopic(profile, 'onboarding_tips');
  const exitReason = churned ? 'customer churned' : onboardingOptedOut ? 'customer unsubscribed from onboarding tips' : undefined;
  return {
    exists: true,
    lifecycle: profile.lifecycle,
    activated: profile.lifecycle === 'active',
    churned,
    onboardingOptedOut,
    exit: exitReason !== undefined,
    ...(exitReason ? { exitReason } : {}),
  };
});
