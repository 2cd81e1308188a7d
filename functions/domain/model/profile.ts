/** One profile per customer (rule 1): identity, contact points, locale, time zone, consents, preferences. */
import * as z from 'zod';
import { Channel, CHANNELS, CustomerId, E164, Email, HourMinute, Line, Locale, TimeZone, Topic } from './primitives';

/** Consent for a topic: one flag for every channel, or per channel (a missing channel follows `true`). */
export const TopicConsent = z.union([
  z.boolean(),
  z.object({ email: z.boolean().optional(), sms: z.boolean().optional(), push: z.boolean().optional() }).strict(),
]);
export type TopicConsent = z.infer<typeof TopicConsent>;

export const LIFECYCLE_STAGES = ['new', 'onboarding', 'active', 'at_risk', 'churned'] as const;

export const SegmentKey = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'segment keys are lower-case identifiers, e.g. region');
export const SegmentValue = z.string().min(1).max(64).regex(/^[A-Za-z0-9._:-]+$/, 'segment values may contain only letters, digits and . _ : -');

export const PushEndpoint = z
  .string()
  .max(1024)
  .regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:endpoint\/.+$/, 'must be an SNS platform endpoint ARN');

export const ProfileSchema = z
  .object({
    customerId: CustomerId,
    name: Line(100).optional(),
    email: Email.nullable().optional(),
    phone: E164.nullable().optional(),
    pushEndpoint: PushEndpoint.nullable().optional(),
    locale: Locale.default('en'),
    timeZone: TimeZone.default('UTC'),
    segment: z.record(SegmentKey, SegmentValue).default({}),
    consents: z.partialRecord(Topic, TopicConsent).default({}),
    channelPreferences: z
      .array(Channel)
      .max(CHANNELS.length)
      .refine((list) => new Set(list).size === list.length, 'must not repeat a channel')
      .default(['email', 'push', 'sms']),
    lifecycle: z.enum(LIFECYCLE_STAGES).default('new'),
    quietHours: z.object({ start: HourMinute, end: HourMinute }).strict().optional(),
  })
  .strict();

export type Profile = z.infer<typeof ProfileSchema>;
export type ProfileInput = z.input<typeof ProfileSchema>;
