/**
 * Channel priority (rule 5): the customer's preferences first — in a crisis that affects them, the severity's
 * channels (SMS/push before email) — then the remaining channels as fallbacks. A channel is skipped, with a
 * reason, when its address is missing, it is suppressed, the customer opted out of it for the topic, or it
 * already failed for this message.
 */
import type { ActiveCrisis } from '../model/crisis';
import type { Profile } from '../model/profile';
import { CHANNELS, type Channel, type Topic } from '../model/primitives';
import type { Suppression } from '../model/suppression';
import type { Policy } from '../policy';
import { consentsTo } from './consent';
import { channelSuppression } from './suppression';

export interface ChannelChoice {
  channel: Channel | undefined;
  /** Why each channel before the chosen one was passed over, in order. */
  skipped: string[];
  /** What ordered the channels (preferences, or the crisis playbook). */
  orderedBy: string;
}

const ADDRESS_LABEL: Record<Channel, string> = { email: 'no email address', sms: 'no phone number', push: 'no push endpoint' };

export function channelOrder(profile: Profile, policy: Policy, crisis: ActiveCrisis | undefined): { order: Channel[]; orderedBy: string } {
  const preferred = profile.channelPreferences.length > 0 ? profile.channelPreferences : policy.defaultChannelPreferences;
  const first = crisis ? policy.crisisPlaybook[crisis.severity].channels : preferred;
  const order = [...first];
  for (const channel of [...preferred, ...CHANNELS]) if (!order.includes(channel)) order.push(channel);
  return { order, orderedBy: crisis ? `crisis ${crisis.severity} channel order` : 'customer preferences' };
}

export function hasAddress(profile: Profile, channel: Channel): boolean {
  if (channel === 'email') return Boolean(profile.email);
  if (channel === 'sms') return Boolean(profile.phone);
  return Boolean(profile.pushEndpoint);
}

export function chooseChannel(args: {
  profile: Profile;
  policy: Policy;
  crisis: ActiveCrisis | undefined;
  /** Active suppressions only. */
  suppressions: readonly Suppression[];
  topic: Topic;
  checkConsent: boolean;
  failedChannels: readonly Channel[];
}): ChannelChoice {
  const { order, orderedBy } = channelOrder(args.profile, args.policy, args.crisis);
  const skipped: string[] = [];
  for (const channel of order) {
    const why = unusable(channel, args);
    if (!why) return { channel, skipped, orderedBy };
    skipped.push(`channel ${channel} skipped: ${why}`);
  }
  return { channel: undefined, skipped, orderedBy };
}

function unusable(channel: Channel, args: Parameters<typeof chooseChannel>[0]): string | undefined {
  if (!hasAddress(args.profile, channel)) return ADDRESS_LABEL[channel];
  const suppressed = channelSuppression(args.suppressions, channel);
  if (suppressed) return suppressed;
  if (args.checkConsent && !consentsTo(args.profile, args.topic, channel)) return `opted out of ${args.topic} on ${channel}`;
  if (args.failedChannels.includes(channel)) return 'failed earlier for this message';
  return undefined;
}
