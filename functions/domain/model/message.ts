/** What a journey step asks to send, and what the engine decided about it. */
import * as z from '../zod';
import { Category, Channel, CustomerId, Instant, JourneyName, Topic } from './primitives';

export const TEMPLATE_KEYS = [
  'welcome',
  'activation_nudge',
  'activation_nudge_benefit',
  'tips',
  'incident_ack',
  'incident_update',
  'crisis_alert',
  'crisis_update',
  'crisis_reminder',
  'all_clear',
  'survey_invitation',
  'survey_reminder',
  'detractor_offer',
  'detractor_help',
  'compensation_offer',
  'promoter_ask',
  'passive_thanks',
] as const;
export const TemplateKey = z.enum(TEMPLATE_KEYS);
export type TemplateKey = z.infer<typeof TemplateKey>;

/** What a decision at an experiment's step records: which experiment, which variant (or `control`). */
export const DecisionExperiment = z.strictObject({ id: z.string(), variant: z.string() });
export type DecisionExperiment = z.infer<typeof DecisionExperiment>;

export const Urgency = z.enum(['normal', 'critical']);
export type Urgency = z.infer<typeof Urgency>;

export const MessageSpecSchema = z.object({
  /** Stable per (execution, step): the same message re-evaluated keeps its id, so it is sent at most once. */
  messageId: z.string().check(z.minLength(1), z.maxLength(256)),
  customerId: CustomerId,
  journey: JourneyName,
  step: z.string().check(z.minLength(1), z.maxLength(80)),
  topic: Topic,
  category: Category,
  urgency: z._default(Urgency, 'normal'),
  template: TemplateKey,
  /** Variables for the template (incident title, survey link…); values are escaped when rendered. */
  vars: z._default(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])), {}),
  /** Channels already tried and failed for this message: the engine falls back to the next one. */
  failedChannels: z._default(z.array(Channel), []),
  /** The id of the experiment this step runs (contracts/experiments.ts), if any. */
  experiment: z.optional(z.string().check(z.minLength(1), z.maxLength(48))),
});
export type MessageSpec = z.infer<typeof MessageSpecSchema>;
export type MessageSpecInput = z.input<typeof MessageSpecSchema>;

export const OUTCOMES = ['sent', 'deferred', 'suppressed', 'failed'] as const;
export const Outcome = z.enum(OUTCOMES);
export type Outcome = z.infer<typeof Outcome>;

/** Machine-readable reason codes, for summaries and metrics; `reasons` holds the human sentences. */
export const REASON_CODES = [
  'allowed',
  'open_incident',
  'crisis',
  'detractor_cooldown',
  'manual_suppression',
  'topic_opt_out',
  'quiet_hours',
  'frequency_cap',
  'channel_skipped',
  'no_channel',
  'provider_failure',
  'journey_paused',
  'marketing_freeze',
  'control_group',
  'experiment_delay',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export const DecisionSchema = z.object({
  messageId: z.string(),
  customerId: CustomerId,
  journey: JourneyName,
  step: z.string(),
  category: Category,
  topic: Topic,
  template: TemplateKey,
  outcome: Outcome,
  channel: z.nullable(Channel),
  locale: z.string(),
  sendAt: z.optional(Instant),
  reasons: z.array(z.string()),
  reasonCodes: z.array(z.enum(REASON_CODES)),
  at: Instant,
  /** Set once sent: the provider's id (SES MessageId, SNS MessageId). */
  providerMessageId: z.optional(z.string()),
  /** Channels that failed for this message so far; kept so the next evaluation falls back past them. */
  failedChannels: z.optional(z.array(Channel)),
  /** At an experiment's step: the experiment and the customer's variant (or `control`). */
  experiment: z.optional(DecisionExperiment),
});
export type Decision = z.infer<typeof DecisionSchema>;

/** One entry of the customer's message ledger: what was decided, kept for frequency caps and `why`. */
export type LedgerEntry = Pick<Decision, 'messageId' | 'journey' | 'step' | 'category' | 'topic' | 'outcome' | 'channel' | 'at'> &
  Partial<Pick<Decision, 'reasons' | 'reasonCodes' | 'sendAt' | 'locale' | 'template' | 'providerMessageId' | 'customerId' | 'failedChannels' | 'experiment'>>;

export { Instant };
