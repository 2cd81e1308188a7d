/**
 * Channel priority (rule 5): the customer's preferences first — in a crisis that affects them, the severity's
 * channels (SMS/push before email) — then the remaining channels as fallbacks. A channel is skipped, with a
 * reason, when its address is missing, it is suppressed, the customer opted out of it for the topic, or it
 * already failed for this message.
 */
import type { ActiveCrisis, CrisisSeverity } from '../model/crisis';
import type { Profile } from '../model/profile';
import { CHANNELS, type Channel, type Topic } from '../model/primitives';
import type { Suppression } from '../model/suppression';
import type { Policy } from '../policy';
import { consentsTo } from './consent';
import { channelSuppression } from './suppression';

/** A chosen channel and the sentence that says why: `sent on sms (crisis sev1 channel order)`. */
export interface ChannelPick {
  channel: Channel;
  sentReason: string;
}

/** One way of ordering the channels, with the sentences that go with it (built once, shared by decisions). */
interface ChannelOrder {
  order: readonly Channel[];
  /** Each channel as a pick of this order (its sentence names what ordered the channels). */
  picks: Readonly<Record<Channel, ChannelPick>>;
}

const ADDRESS_SKIP: Record<Channel, string> = {
  email: 'channel email skipped: no email address',
  sms: 'channel sms skipped: no phone number',
  push: 'channel push skipped: no push endpoint',
};
const FAILED_SKIP: Record<Channel, string> = {
  email: 'channel email skipped: failed earlier for this message',
  sms: 'channel sms skipped: failed earlier for this message',
  push: 'channel push skipped: failed earlier for this message',
};
const CHANNEL_BIT: Record<Channel, number> = { email: 1, sms: 2, push: 4 };
const SEVERITY_SLOT: Record<CrisisSeverity, number> = { sev1: 1, sev2: 2, sev3: 3 };

/**
 * There are only a few dozen distinct orders (preference permutations × crisis severities), so every decision
 * reuses one instead of building arrays and sentences per message. Keyed per policy: a deployment's policy is
 * one object for the life of the process.
 */
const ordersByPolicy = new WeakMap<Policy, Map<number, ChannelOrder>>();

function channelOrder(profile: Profile, policy: Policy, crisis: ActiveCrisis | undefined): ChannelOrder {
  const preferred = profile.channelPreferences.length > 0 ? profile.channelPreferences : policy.defaultChannelPreferences;
  // A base-5 number names the (severity, preference list) pair exactly: a leading digit for the severity, then
  // one digit (channel index + 1) per preference.
  let key = crisis ? SEVERITY_SLOT[crisis.severity] : 4;
  for (let i = 0; i < preferred.length; i++) key = key * 5 + CHANNELS.indexOf(preferred[i]!) + 1;
  let orders = ordersByPolicy.get(policy);
  if (!orders) {
    orders = new Map();
    ordersByPolicy.set(policy, orders);
  }
  let cached = orders.get(key);
  if (!cached) {
    cached = buildOrder(crisis ? policy.crisisPlaybook[crisis.severity].channels : preferred, preferred, crisis?.severity);
    orders.set(key, cached);
  }
  return cached;
}

function buildOrder(first: readonly Channel[], preferred: readonly Channel[], severity: CrisisSeverity | undefined): ChannelOrder {
  const order: Channel[] = [];
  for (const channel of [...first, ...preferred, ...CHANNELS]) if (!order.includes(channel)) order.push(channel);
  const orderedBy = severity ? `crisis ${severity} channel order` : 'customer preferences';
  const pick = (channel: Channel): ChannelPick => Object.freeze({ channel, sentReason: `sent on ${channel} (${orderedBy})` });
  const picks = Object.freeze({ email: pick('email'), sms: pick('sms'), push: pick('push') });
  return Object.freeze({ order: Object.freeze(order), picks });
}

export function hasAddress(profile: Profile, channel: Channel): boolean {
  if (channel === 'email') return Boolean(profile.email);
  if (channel === 'sms') return Boolean(profile.phone);
  return Boolean(profile.pushEndpoint);
}

/**
 * The first usable channel in the order, or undefined; why each channel before it was passed over is appended to
 * `skipped`, in order. Positional arguments and a shared pick, not an options object and a result object: this
 * runs for every message, and they would be two more allocations per decision.
 */
export function chooseChannel(
  profile: Profile,
  policy: Policy,
  crisis: ActiveCrisis | undefined,
  /** Active suppressions only. */
  suppressions: readonly Suppression[],
  topic: Topic,
  checkConsent: boolean,
  failedChannels: readonly Channel[],
  skipped: string[],
): ChannelPick | undefined {
  const { order, picks } = channelOrder(profile, policy, crisis);
  let failedBits = 0;
  for (const channel of failedChannels) failedBits |= CHANNEL_BIT[channel];
  for (const channel of order) {
    const why = skipReason(channel, profile, suppressions, topic, checkConsent, failedBits);
    if (why === undefined) return picks[channel];
    skipped.push(why);
  }
  return undefined;
}

function skipReason(
  channel: Channel,
  profile: Profile,
  suppressions: readonly Suppression[],
  topic: Topic,
  checkConsent: boolean,
  failedBits: number,
): string | undefined {
  if (!hasAddress(profile, channel)) return ADDRESS_SKIP[channel];
  if (suppressions.length > 0) {
    const suppressed = channelSuppression(suppressions, channel);
    if (suppressed) return `channel ${channel} skipped: ${suppressed}`;
  }
  if (checkConsent && !consentsTo(profile, topic, channel)) return `channel ${channel} skipped: opted out of ${topic} on ${channel}`;
  if ((failedBits & CHANNEL_BIT[channel]) !== 0) return FAILED_SKIP[channel];
  return undefined;
}
