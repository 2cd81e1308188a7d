/**
 * Suppressions (rule 3) carry a reason, a source and an expiry. A channel suppression stops one channel for
 * every category (the address is unreachable or the customer said stop); a marketing suppression stops
 * marketing only.
 */
import * as z from '../zod';
import { Channel, Instant } from './primitives';

export const SUPPRESSION_KINDS = {
  /** The customer has an open critical incident: no marketing until it is resolved. */
  open_incident: { scope: 'marketing' },
  /** A detractor's promotional cool-down after a bad survey answer. */
  detractor_cooldown: { scope: 'marketing' },
  /** SES hard bounce: the email address does not exist. */
  hard_bounce: { scope: 'channel', channel: 'email' },
  /** SES complaint: the customer marked a message as spam. */
  complaint: { scope: 'channel', channel: 'email' },
  /** SMS STOP / SNS opt-out. */
  sms_stop: { scope: 'channel', channel: 'sms' },
  /** SNS disabled the platform endpoint (app uninstalled, token expired). */
  push_disabled: { scope: 'channel', channel: 'push' },
  /** Added by an operator, for marketing only. */
  manual: { scope: 'marketing' },
} as const satisfies Record<string, { scope: 'marketing' | 'channel'; channel?: Channel }>;

export type SuppressionKind = keyof typeof SUPPRESSION_KINDS;
export const SuppressionKindSchema = z.enum(Object.keys(SUPPRESSION_KINDS) as [SuppressionKind, ...SuppressionKind[]]);

export const SuppressionSchema = z.object({
  kind: SuppressionKindSchema,
  /** What it refers to: the incident id, the bounced message id, the survey id… Unique per kind per customer. */
  ref: z.string().check(z.minLength(1), z.maxLength(128)),
  reason: z.string().check(z.minLength(1), z.maxLength(300)),
  source: z.string().check(z.minLength(1), z.maxLength(128)),
  createdAt: Instant,
  expiresAt: z.optional(Instant),
  /** For open_incident: the incident's severity (only critical suppresses marketing). */
  severity: z.optional(z.string()),
});
export type Suppression = z.infer<typeof SuppressionSchema>;

export function suppressedChannel(s: Suppression): Channel | undefined {
  const rule = SUPPRESSION_KINDS[s.kind];
  return 'channel' in rule ? rule.channel : undefined;
}

export function isActive(s: Suppression, now: Date): boolean {
  return s.expiresAt === undefined || Date.parse(s.expiresAt) > now.getTime();
}

/**
 * isActive for a hot loop: `nowIso` is `now` in the canonical `toISOString()` form, against which an expiry in
 * that same form compares as a string (fixed width, most significant first) without being parsed.
 */
export function isActiveAt(s: Suppression, nowMs: number, nowIso: string): boolean {
  const expiresAt = s.expiresAt;
  if (expiresAt === undefined) return true;
  if (expiresAt.length === 24 && expiresAt.charCodeAt(23) === 90 /* Z */) return expiresAt > nowIso;
  return Date.parse(expiresAt) > nowMs;
}
