/**
 * A deployment's changes to the default policy (quiet hours, caps, channel order, crisis playbook, compensation,
 * survey invitation spacing, the global control group's percentage):
 * given as JSON in CDK context (`journeys:policy`) or locally (`JOURNEYS_POLICY`), handed to every function as
 * the `JOURNEYS_POLICY` variable. Validated field by field wherever it enters, so a typo fails the synth or the
 * start with the field's name, not a decision at 3 a.m.
 */
import * as z from 'zod';
import { Channel, HourMinute } from './model/primitives';
import { CrisisSeverity } from './model/crisis';
import { DEFAULT_POLICY, type Policy } from './policy';
import { ValidationError } from './errors';
import { parseOrThrow } from './validation';

const Channels = z
  .array(Channel)
  .min(1, 'must name at least one channel')
  .refine((list) => new Set(list).size === list.length, 'must not repeat a channel');

const PlaybookEntryOverride = z
  .object({
    channels: Channels.optional(),
    cadenceMinutes: z.number().int().min(1).max(24 * 60).optional(),
    breaksQuietHours: z.boolean().optional(),
    guidance: z.string().min(1).max(500).optional(),
    customerMessagesPerDay: z.number().int().min(1).max(24).optional(),
  })
  .strict();

export const PolicyOverrideSchema = z
  .object({
    quietHours: z.object({ start: HourMinute, end: HourMinute }).strict().optional(),
    /** Replaces the whole list: a deployment that wants one cap must be able to drop the other. */
    frequencyCaps: z
      .array(z.object({ max: z.number().int().min(0), windowHours: z.number().int().min(1).max(24 * 366) }).strict())
      .max(10)
      .optional(),
    defaultChannelPreferences: Channels.optional(),
    crisisPlaybook: z.partialRecord(CrisisSeverity, PlaybookEntryOverride).optional(),
    compensation: z.object({ discountPercent: z.number().int().min(1).max(100) }).strict().optional(),
    surveyInvitationDays: z.number().int().min(0).max(366).optional(),
    /** The global control group's share of customers, in percent (fractions allowed: 2.5). */
    controlGroupPercent: z.number().min(0).max(50).optional(),
  })
  .strict();

export type PolicyOverride = z.infer<typeof PolicyOverrideSchema>;

/** The policy with the override's fields in place of the defaults'. */
export function applyPolicyOverride(override: PolicyOverride, base: Policy = DEFAULT_POLICY): Policy {
  const playbook = { ...base.crisisPlaybook };
  for (const severity of CrisisSeverity.options) {
    const entry = override.crisisPlaybook?.[severity];
    if (entry) playbook[severity] = { ...playbook[severity], ...entry };
  }
  return {
    quietHours: override.quietHours ?? base.quietHours,
    frequencyCaps: override.frequencyCaps ?? base.frequencyCaps,
    defaultChannelPreferences: override.defaultChannelPreferences ?? base.defaultChannelPreferences,
    crisisPlaybook: playbook,
    compensation: override.compensation ?? base.compensation,
    surveyInvitationDays: override.surveyInvitationDays ?? base.surveyInvitationDays,
    controlGroupPercent: override.controlGroupPercent ?? base.controlGroupPercent,
  };
}

/**
 * Parses an override given as JSON text; `source` names where it came from in the error
 * (`invalid policy override (journeys:policy): quietHours.start: must be HH:MM in 24-hour time`).
 */
export function parsePolicyOverride(json: string, source: string): PolicyOverride {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    const message = `not JSON: ${(error as Error).message}`;
    throw new ValidationError(`invalid policy override (${source}): ${message}`, [{ path: '(root)', message }]);
  }
  return parseOrThrow(PolicyOverrideSchema, value, `policy override (${source})`);
}

/**
 * An override as configured: an object (CDK context in cdk.json), JSON text (`-c journeys:policy='{…}'`,
 * `JOURNEYS_POLICY`), or the path of a JSON file. `readFile` is the caller's: the domain touches no file system.
 */
export function policyOverrideFrom(value: unknown, source: string, readFile: (path: string) => string): PolicyOverride {
  if (typeof value !== 'string') return parseOrThrow(PolicyOverrideSchema, value, `policy override (${source})`);
  const text = value.trimStart();
  if (text.startsWith('{')) return parsePolicyOverride(text, source);
  let contents: string;
  try {
    contents = readFile(value);
  } catch (error) {
    const message = `neither JSON nor a readable JSON file: ${(error as Error).message}`;
    throw new ValidationError(`invalid policy override (${source}): ${message}`, [{ path: '(root)', message }]);
  }
  return parsePolicyOverride(contents, `${source}: ${value}`);
}
