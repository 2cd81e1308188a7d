/**
 * The crisis record: the one source of truth for the banner, broadcasts, suppression and channel overrides
 * (rule 9). Versioned; every change appends to the audit trail.
 */
import * as z from '../zod';
import { CrisisSeverity, HttpsUrl, Instant, Line, Locale, Text } from './primitives';
import { SegmentKey, SegmentValue } from './profile';

export { CrisisSeverity };

/** `{"all": true}` or a segment match such as `{"region": ["eu-central"]}` (every listed key must match). */
export const Audience = z.union([
  z.strictObject({ all: z.literal(true) }),
  z
    .record(SegmentKey, z.array(SegmentValue).check(z.minLength(1, 'list at least one value'), z.maxLength(100)))
    .check(z.refine((match) => Object.keys(match).length > 0, 'name at least one segment key, or use {"all": true}')),
]);
export type Audience = z.infer<typeof Audience>;

export const CrisisMessage = z
  .record(Locale, Text(1000).check(z.minLength(1)))
  .check(z.refine((messages) => typeof messages.en === 'string', 'must include an "en" message, the fallback for every locale'));

export const CrisisDeclarationSchema = z.strictObject({
  severity: CrisisSeverity,
  headline: Line(120).check(z.minLength(3, 'must be at least 3 characters')),
  message: CrisisMessage,
  affected: Audience,
  statusPageUrl: z.optional(HttpsUrl),
  cadenceMinutes: z.optional(z.number().check(z.int(), z.gte(5, 'must be at least 5 minutes'), z.lte(1440, 'must be at most 1440 minutes (a day)'))),
  /** Crisis messages one customer gets at most in 24 hours (default: the playbook's, 4). */
  customerMessagesPerDay: z.optional(z.number().check(z.int('must be a whole number'), z.gte(1, 'must be at least 1'), z.lte(24, 'must be at most 24'))),
});
export type CrisisDeclaration = z.infer<typeof CrisisDeclarationSchema>;

export const CrisisResolutionSchema = z.strictObject({ postmortemUrl: z.optional(HttpsUrl), message: z.optional(CrisisMessage) });
export type CrisisResolution = z.infer<typeof CrisisResolutionSchema>;

export const BroadcastProgress = z.object({
  messageVersion: z.number().check(z.int()),
  kind: z.enum(['alert', 'update', 'all-clear']),
  /** The crisis journey's broadcast round (cadence updates repeat a version); 0 for the alert. */
  round: z.optional(z.number().check(z.int(), z.gte(0))),
  total: z.number().check(z.int()),
  sent: z.number().check(z.int()),
  failed: z.number().check(z.int()),
  skipped: z.number().check(z.int()),
  remaining: z.number().check(z.int()),
  startedAt: Instant,
  finishedAt: z.optional(Instant),
});
export type BroadcastProgress = z.infer<typeof BroadcastProgress>;

export const ActiveCrisisSchema = z.extend(CrisisDeclarationSchema, {
  active: z.literal(true),
  id: z.string(),
  version: z.number().check(z.int(), z.positive()),
  cadenceMinutes: z.number().check(z.int()),
  /** Resolved at declaration (the declaration's, else the playbook's); absent on records older than the rule. */
  customerMessagesPerDay: z.optional(z.number().check(z.int())),
  declaredAt: Instant,
  declaredBy: z.string(),
  updatedAt: Instant,
  updatedBy: z.string(),
  broadcast: z.optional(BroadcastProgress),
});

export const InactiveCrisisSchema = z.object({
  active: z.literal(false),
  version: z.optional(z.number().check(z.int(), z.nonnegative())),
  /** The last crisis, kept for the banner's "resolved" state and the audit. */
  id: z.optional(z.string()),
  severity: z.optional(CrisisSeverity),
  headline: z.optional(z.string()),
  resolvedAt: z.optional(Instant),
  resolvedBy: z.optional(z.string()),
  postmortemUrl: z.optional(z.string()),
  updatedAt: z.optional(Instant),
  broadcast: z.optional(BroadcastProgress),
});

export const CrisisRecordSchema = z.discriminatedUnion('active', [ActiveCrisisSchema, InactiveCrisisSchema]);
export type ActiveCrisis = z.infer<typeof ActiveCrisisSchema>;
export type CrisisRecord = z.infer<typeof CrisisRecordSchema>;

export interface CrisisAuditEntry {
  version: number;
  previousVersion: number;
  action: 'declare' | 'update' | 'resolve';
  actor: string;
  at: string;
  change: unknown;
}
