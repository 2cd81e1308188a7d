/**
 * What an event changes on the customer's profile, before any journey hears of it: activation and churn move
 * the lifecycle stage; an unsubscribe turns consents off (one topic, one channel of it, one channel of every
 * topic, or — with neither — every marketing topic). Idempotent: applying an event twice changes nothing more.
 */
import type { JourneyEvent } from '../domain/model/event';
import { MARKETING_TOPICS, TOPICS } from '../domain/model/primitives';
import { dependencies } from '../handlers/runtime/dependencies';
import '../handlers/runtime/wiring/profiles'; // builds the profiles this module uses (runtime/dependencies.ts)

const LIFECYCLE_AFTER = { 'customer.activated': 'active', 'customer.churned': 'churned' } as const;

export async function applyProfileEffect(event: JourneyEvent): Promise<void> {
  const { profiles } = dependencies();
  if (event.type === 'customer.activated' || event.type === 'customer.churned') {
    const profile = await profiles.getProfile(event.customerId);
    const lifecycle = LIFECYCLE_AFTER[event.type];
    if (profile && profile.lifecycle !== lifecycle) await profiles.putProfile({ ...profile, lifecycle });
    return;
  }
  if (event.type === 'customer.unsubscribed') {
    if (!(await profiles.getProfile(event.customerId))) return;
    const { topic, channel } = event.data;
    const topics = topic ? [topic] : channel ? TOPICS : TOPICS.filter((t) => MARKETING_TOPICS.has(t));
    for (const t of topics) {
      if (channel) await profiles.updateConsent(event.customerId, { topic: t, channel, granted: false });
      else await profiles.updateConsent(event.customerId, { topic: t, granted: false });
    }
  }
}

