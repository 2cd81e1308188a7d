/** One profile per customer (rule 1): identity, contact points, locale, time zone, consents, preferences. */
import * as z from '../zod';
import { Channel, CHANNELS, CustomerId, E164, Email, HourMinute, Line, Locale, TimeZone, Topic } from './primitives';

/** Consent for a topic: one flag for every channel, or per channel (a missing channel follows `true`). */
export const TopicConsent = z.union([
  z.boolean(),
  z.strictObject({ email: z.optional(z.boolean()), sms: z.optional(z.boolean()), push: z.optional(z.boolean()) }),
]);
export type TopicConsent = z.infer<typeof TopicConsent>;

export const LIFECYCLE_STAGES = ['new', 'onboarding', 'active', 'at_risk', 'churned'] as const;

export const SegmentKey = z.string().check(z.regex(/^[a-z][a-z0-9_]{0,31}$/, 'segment keys are lower-case identifiers, e.g. region'));
export const SegmentValue = z
  .string()
  .check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9._:-]+$/, 'segment values may contain only letters, digits and . _ : -'));

export const PushEndpoint = z
  .string()
  .check(z.maxLength(1024), z.regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:endpoint\/.+$/, 'must be an SNS platform endpoint ARN'));

export const ProfileSchema = z.strictObject({
  customerId: CustomerId,
  name: z.optional(Line(100)),
  email: z.optional(z.nullable(Email)),
  phone: z.optional(z.nullable(E164)),
  pushEndpoint: z.optional(z.nullable(PushEndpoint)),
  locale: z._default(Locale, 'en'),
  timeZone: z._default(TimeZone, 'UTC'),
  segment: z._default(z.record(SegmentKey, SegmentValue), {}),
  consents: z._default(z.partialRecord(Topic, TopicConsent), {}),
  channelPreferences: z._default(
    z.array(Channel).check(
      z.maxLength(CHANNELS.length),
      z.refine((list) => new Set(list).size === list.length, 'must not repeat a channel'),
    ),
    ['email', 'push', 'sms'],
  ),
  lifecycle: z._default(z.enum(LIFECYCLE_STAGES), 'new'),
  quietHours: z.optional(z.strictObject({ start: HourMinute, end: HourMinute })),
});

export type Profile = z.infer<typeof ProfileSchema>;
export type ProfileInput = z.input<typeof ProfileSchema>;
