/**
 * When a customer leaves a journey at a step that checks (after a wait, before the next message): erased (no
 * profile), churned, or opted out of the step's topic altogether. Used by customer-status and by deliver-message
 * (its exit check, before anything about the message is decided or recorded).
 */
import type { Profile } from '../model/profile';
import type { Topic } from '../model/primitives';
import { optedOutOfTopic } from './consent';

/** Why the customer leaves the journey here, or undefined when they stay. */
export function journeyExitReason(profile: Profile | null | undefined, topic: Topic): string | undefined {
  if (!profile) return 'profile erased or missing';
  if (profile.lifecycle === 'churned') return 'customer churned';
  if (optedOutOfTopic(profile, topic)) return `customer unsubscribed from ${topic.replaceAll('_', ' ')}`;
  return undefined;
}
