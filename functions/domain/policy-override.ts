/**
 * A deployment's changes to the default policy (quiet hours, caps, channel order, crisis playbook, compensation,
 * survey invitation spacing, the global control group's percentage):
 * given as JSON in CDK context (`journeys:policy`) or locally (`JOURNEYS_POLICY`), handed to every function as
 * the `JOURNEYS_POLICY` variable. Validated field by field wherever it enters, so a typo fails the synth or the
 * start with the field's name, not a decision at 3 a.m.
 */
import * as z from './zod';
import { Channel, CrisisSeverity, HourMinute } from './model/primitives';
import { DEFAULT_POLICY, type Policy } from './policy';
import { ValidationError } from './errors';
import { parseOrThrow } from './validation';

const Channels = z
  .array(Channel)
  .check(z.minLength(1, 'must name at least one channel'), z.refine((list) => new Set(list).size === list.length, 'must not repeat a channel'));

const PlaybookEntryOverride = z.strictObject({
  channels: z.optional(Channels),
  cadenceMinutes: z.optional(z.number().check(z.int(), z.gte(1), z.lte(24 * 60))),
  breaksQuietHours: z.optional(z.boolean()),
  guidance: z.optional(z.string().check(z.minLength(1), z.maxLength(500))),
  customerMessagesPerDay: z.optional(z.number().check(z.int(), z.gte(1), z.lte(24))),
});

export const PolicyOverrideSchema = z.strictObject({
  quietHours: z.optional(z.strictObject({ start: HourMinute, end: HourMinute })),
  /** Replaces the whole list: a deployment that wants one cap must be able to drop the other. */
  frequencyCaps: z.optional(
    z
      .array(z.strictObject({ max: z.number().check(z.int(), z.gte(0)), windowHours: z.number().check(z.int(), z.gte(1), z.lte(24 * 366)) }))
      .check(z.maxLength(10)),
  ),
  defaultChannelPreferences: z.optional(Channels),
  crisisPlaybook: z.optional(z.partialRecord(CrisisSeverity, PlaybookEntryOverride)),
  compensation: z.optional(z.strictObject({ discountPercent: z.number().check(z.int(), z.gte(1), z.lte(100)) })),
  surveyInvitationDays: z.optional(z.number().check(z.int(), z.gte(0), z.lte(366))),
  /** The global control group's share of customers, in percent (fractions allowed: 2.5). */
  controlGroupPercent: z.optional(z.number().check(z.gte(0), z.lte(50))),
});

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
