/**
 * An experiment at a message step, as a journey declares it: variants (another template, another channel order,
 * another delay before the message) with weights, a goal event within a window after the customer's first
 * exposure, a minimum sample per variant and the certainty a winner needs. Validated when the catalog loads, so
 * a bad declaration fails the synth and the tests, never a decision.
 */
import * as z from '../zod';
import { TemplateKey } from './message';
import { Channel, EVENT_TYPES, JourneyName } from './primitives';

/** Experiment and variant names: they go into sort keys and URLs, so no `#`, `/` or spaces. */
const Name = z.string().check(z.minLength(1), z.maxLength(48), z.regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and -'));

/** The control group's name in reports and on decisions; no variant may take it. */
export const CONTROL_VARIANT = 'control';

export const VariantSchema = z.strictObject({
  name: Name.check(z.refine((name) => name !== CONTROL_VARIANT, `"${CONTROL_VARIANT}" is the global control group's name`)),
  /** Relative weight; the shares are weight / sum of weights. */
  weight: z.number().check(z.int(), z.gte(1), z.lte(100)),
  /** Another template (another copy, tone or format) instead of the step's. */
  template: z.optional(TemplateKey),
  /** Another channel order, in place of the customer's preferred order (consent, addresses, suppressions still apply). */
  channels: z.optional(
    z.array(Channel).check(z.minLength(1), z.maxLength(3), z.refine((list) => new Set(list).size === list.length, 'must not repeat a channel')),
  ),
  /** Another timing: the message waits this long after the step is first reached (quiet hours still apply after). */
  delayHours: z.optional(z.number().check(z.gte(0), z.lte(24 * 30))),
});
export type Variant = z.infer<typeof VariantSchema>;

export const GoalSchema = z.strictObject({
  event: z.enum(EVENT_TYPES),
  withinHours: z.number().check(z.int(), z.gte(1), z.lte(24 * 90)),
  /**
   * `false` (default): a conversion is the event happening within the window. `true`: a conversion is the event
   * NOT happening by the window's end (e.g. no `customer.churned` within 30 days), so only customers whose
   * window has closed are counted at all.
   */
  absent: z._default(z.boolean(), false),
});
export type Goal = z.infer<typeof GoalSchema>;

export const ExperimentSchema = z.strictObject({
  id: Name,
  journey: JourneyName,
  /** The message step (its step id, e.g. `activation-nudge`). */
  step: z.string().check(z.minLength(1), z.maxLength(80)),
  /** The first variant is the baseline the others are compared with. */
  variants: z
    .array(VariantSchema)
    .check(z.minLength(2), z.maxLength(5), z.refine((list) => new Set(list.map((v) => v.name)).size === list.length, 'variant names must be unique')),
  goal: GoalSchema,
  /** Customers per variant (and with a closed window, for an absence goal) before a winner may be named. */
  minimumSample: z._default(z.number().check(z.int(), z.gte(1)), 1000),
  /** Chance to beat the baseline a winner needs (and 1 − threshold for the baseline to win). */
  threshold: z._default(z.number().check(z.gte(0.5), z.lte(0.9999)), 0.99),
});
export type Experiment = z.infer<typeof ExperimentSchema>;
export type ExperimentInput = z.input<typeof ExperimentSchema>;
