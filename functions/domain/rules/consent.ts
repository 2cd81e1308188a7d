/**
 * Consent per topic and channel (rule 4). Marketing topics are opt-in: no recorded consent means no.
 * Service topics (surveys, service updates) are on until the customer opts out.
 */
import type { Profile, TopicConsent } from '../model/profile';
import { MARKETING_TOPICS, type Channel, type Topic } from '../model/primitives';

/** A topic the profile records nothing for: marketing no, service yes. */
export function defaultConsent(topic: Topic): boolean {
  return !MARKETING_TOPICS.has(topic);
}

function consentFor(profile: Profile, topic: Topic): TopicConsent {
  return profile.consents[topic] ?? defaultConsent(topic);
}

export function consentsTo(profile: Profile, topic: Topic, channel: Channel): boolean {
  const consent = consentFor(profile, topic);
  return typeof consent === 'boolean' ? consent : consent[channel] !== false;
}

/** True when the customer opted out of the topic on every channel. */
export function optedOutOfTopic(profile: Profile, topic: Topic): boolean {
  const consent = consentFor(profile, topic);
  if (typeof consent === 'boolean') return !consent;
  return consent.email === false && consent.sms === false && consent.push === false;
}

export interface ConsentChange {
  topic: Topic;
  /** Only this channel of the topic; without it, the whole topic. */
  channel?: Channel;
  granted: boolean;
}

/**
 * The consent value after a change. A per-channel change on a boolean (or missing) consent spells out all
 * three channels, because in the object form a missing channel means "yes" while a missing marketing topic
 * means "no".
 */
export function nextConsent(current: TopicConsent | undefined, change: ConsentChange): TopicConsent {
  if (!change.channel) return change.granted;
  const base = typeof current === 'boolean' || current === undefined ? current ?? defaultConsent(change.topic) : undefined;
  const expanded =
    base !== undefined ? { email: base, sms: base, push: base } : { email: true, sms: true, push: true, ...(current as Exclude<TopicConsent, boolean>) };
  return { ...expanded, [change.channel]: change.granted };
}
