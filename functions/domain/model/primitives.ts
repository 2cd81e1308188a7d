/**
 * The small vocabulary every other schema is built from: channels, topics, categories, journeys, and
 * validators for the identifiers customers and event sources hand us (E.164, BCP 47, IANA time zones).
 */
import * as z from '../zod';

export const CHANNELS = ['email', 'sms', 'push'] as const;
export const Channel = z.enum(CHANNELS);
export type Channel = z.infer<typeof Channel>;

/** Consent topics: a customer can opt out of one without losing the others (rule 4). */
export const TOPICS = ['onboarding_tips', 'product_news', 'offers', 'surveys', 'service_updates'] as const;
export const Topic = z.enum(TOPICS);
export type Topic = z.infer<typeof Topic>;

/** Topics that are marketing by nature: opt-in, so a missing consent means "no". */
export const MARKETING_TOPICS: ReadonlySet<Topic> = new Set(['onboarding_tips', 'product_news', 'offers']);

export const CATEGORIES = ['transactional', 'service', 'marketing'] as const;
export const Category = z.enum(CATEGORIES);
export type Category = z.infer<typeof Category>;

/**
 * The event types (model/event.ts has their schemas) and an incident's severity, here with the other small
 * vocabularies so an experiment or a task payload can name them without bringing every event's schema along.
 */
export const EVENT_TYPES = [
  'customer.signed_up',
  'customer.activated',
  'customer.churned',
  'customer.unsubscribed',
  'incident.opened',
  'incident.updated',
  'incident.resolved',
  'survey.responded',
] as const;
export const IncidentSeverity = z.enum(['critical', 'major', 'minor']);
export type IncidentSeverity = z.infer<typeof IncidentSeverity>;

/**
 * A crisis's severity (model/crisis.ts). Here with the other small vocabularies, so the policy override can name
 * it without bringing the crisis record's schemas into every function's bundle.
 */
export const CrisisSeverity = z.enum(['sev1', 'sev2', 'sev3']);
export type CrisisSeverity = z.infer<typeof CrisisSeverity>;

export const JOURNEYS = ['onboarding', 'incident', 'crisis', 'post-resolution'] as const;
export const JourneyName = z.enum(JOURNEYS);
export type JourneyName = z.infer<typeof JourneyName>;

export const CustomerId = z
  .string()
  .check(
    z.minLength(1, 'customerId must not be empty'),
    z.maxLength(128, 'customerId must be at most 128 characters'),
    z.regex(/^[A-Za-z0-9][A-Za-z0-9._:@-]*$/, 'customerId may contain only letters, digits and . _ : @ -'),
  );

/** ISO 8601 instant with an explicit offset or Z. */
export const Instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-11-23T10:00:00Z' });

export const E164 = z.string().check(z.regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 phone number, e.g. +421900123456'));

export const Email = z.email({ message: 'must be a valid email address' }).check(z.maxLength(254, 'must be at most 254 characters'));

export const Locale = z.string().check(z.minLength(2), z.maxLength(35), z.refine(isBcp47, 'must be a BCP 47 language tag, e.g. sk or en-GB'));

export const TimeZone = z.string().check(z.minLength(1), z.maxLength(64), z.refine(isIanaTimeZone, 'must be an IANA time zone name, e.g. Europe/Bratislava'));

export const HourMinute = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM in 24-hour time'));

/**
 * Plain text a human wrote: no control characters (they break headers and SMS), trimmed length limits. C1
 * controls (U+0080–U+009F) count too: NEL (U+0085) is a line break to some mail and SMS software.
 */
export const Text = (max: number) =>
  z.string().check(
    z.maxLength(max, `must be at most ${max} characters`),
    // eslint-disable-next-line no-control-regex -- matching control characters is the point of this check
    z.refine((s) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/.test(s), 'must not contain control characters'),
  );

/**
 * A single line of text (subjects, headlines, names): additionally no line breaks of any kind (CR, LF, U+2028,
 * U+2029), so no header injection, and no bidirectional overrides or isolates (U+202A–U+202E, U+2066–U+2069):
 * escaping cannot neutralise them, and in a name they reorder the text around it in a subject or greeting
 * (a name "Ana<U+202E>fdp.exe" shows as "Anaexe.pdf"). Right-to-left scripts need none of them.
 */
export const Line = (max: number) =>
  Text(max).check(
    z.refine((s) => !/[\r\n\u2028\u2029]/.test(s), 'must be a single line'),
    z.refine((s) => !/[\u202A-\u202E\u2066-\u2069]/.test(s), 'must not contain bidirectional control characters'),
  );

/** What a URL written for people to follow never contains (percent-encoded, it may). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point of this check
export const UNSAFE_IN_URL = /[\s\u0000-\u001F\u007F-\u009F<>"'`\u202A-\u202E\u2066-\u2069]/;

export const HttpsUrl = z
  // https only: these links go into public banners and messages, where a plain-http page can be altered in transit.
  .url({ protocol: /^https$/, message: 'must be an https URL' })
  .check(
    z.maxLength(2048, 'must be at most 2048 characters'),
    // The URL parser drops CR, LF and tabs and keeps spaces, quotes and brackets, so such a string passes as a URL
    // yet carries them into SMS text, email and the public banner as written: written URLs have none of them.
    z.refine((s) => !UNSAFE_IN_URL.test(s), 'must not contain spaces, control characters, quotes, angle brackets or bidirectional controls'),
  );

function isBcp47(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

const knownTimeZones = new Set(Intl.supportedValuesOf('timeZone'));
function isIanaTimeZone(zone: string): boolean {
  if (knownTimeZones.has(zone) || zone === 'UTC') return true;
  try {
    // Accept canonical aliases (e.g. Europe/Kiev) that supportedValuesOf does not list.
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.includes('/');
  } catch {
    return false;
  }
}
