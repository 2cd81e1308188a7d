/**
 * The crisis record: the one source of truth for the banner, broadcasts, suppression and channel overrides
 * (rule 9). Versioned; every change appends to the audit trail.
 */
import * as z from 'zod';
import { HttpsUrl, Instant, Line, Locale, Text } from './primitives';
import { SegmentKey, SegmentValue } from './profile';

export const CrisisSeverity = z.enum(['sev1', 'sev2', 'sev3']);
export type CrisisSeverity = z.infer<typeof CrisisSeverity>;

/** `{"all": true}` or a segment match such as `{"region": ["eu-central"]}` (every listed key must match). */
export const Audience = z.union([
  z.object({ all: z.literal(true) }).strict(),
  z
    .record(SegmentKey, z.array(SegmentValue).min(1, 'list at least one value').max(100))
    .refine((match) => Object.keys(match).length > 0, 'name at least one segment key, or use {"all": true}'),
]);
export type Audience = z.infer<typeof Audience>;

export const CrisisMessage = z
  .record(Locale, Text(1000).min(1))
  .refine((messages) => typeof messages.en === 'string', 'must include an "en" message, the fallback for every locale');

export const CrisisDeclarationSchema = z
  .object({
    severity: CrisisSeverity,
    headline: Line(120).min(3, 'must be at least 3 characters'),
    message: CrisisMessage,
    affected: Audience,
    statusPageUrl: HttpsUrl.optional(),
    cadenceMinutes: z.number().int().min(5, 'must be at least 5 minutes').max(1440, 'must be at most 1440 minutes (a day)').optional(),
    /** Crisis messages one customer gets at most in 24 hours (default: the playbook's, 4). */
    customerMessagesPerDay: z.number().int('must be a whole number').min(1, 'must be at least 1').max(24, 'must be at most 24').optional(),
  })
  .strict();
export type CrisisDeclaration = z.infer<typeof CrisisDeclarationSchema>;

export const CrisisResolutionSchema = z
  .object({ postmortemUrl: HttpsUrl.optional(), message: CrisisMessage.optional() })
  .strict();
export type CrisisResolution = z.infer<typeof CrisisResolutionSchema>;

export const BroadcastProgress = z.object({
  messageVersion: z.number().int(),
  kind: z.enum(['alert', 'update', 'all-clear']),
  /** The crisis journey's broadcast round (cadence updates repeat a version); 0 for the alert. */
  round: z.number().int().min(0).optional(),
  total: z.number().int(),
  sent: z.number().int(),
  failed: z.number().int(),
  skipped: z.number().int(),
  remaining: z.number().int(),
  startedAt: Instant,
  finishedAt: Instant.optional(),
});
export type BroadcastProgress = z.infer<typeof BroadcastProgress>;

export const ActiveCrisisSchema = CrisisDeclarationSchema.extend({
  active: z.literal(true),
  id: z.string(),
  version: z.number().int().positive(),
  cadenceMinutes: z.number().int(),
  /** Resolved at declaration (the declaration's, else the playbook's); absent on records older than the rule. */
  customerMessagesPerDay: z.number().int().optional(),
  declaredAt: Instant,
  declaredBy: z.string(),
  updatedAt: Instant,
  updatedBy: z.string(),
  broadcast: BroadcastProgress.optional(),
});

export const InactiveCrisisSchema = z.object({
  active: z.literal(false),
  version: z.number().int().nonnegative().optional(),
  /** The last crisis, kept for the banner's "resolved" state and the audit. */
  id: z.string().optional(),
  severity: CrisisSeverity.optional(),
  headline: z.string().optional(),
  resolvedAt: Instant.optional(),
  resolvedBy: z.string().optional(),
  postmortemUrl: z.string().optional(),
  updatedAt: Instant.optional(),
  broadcast: BroadcastProgress.optional(),
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
