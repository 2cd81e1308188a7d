/**
 * What a message step is given (template, topic, category, urgency, variables, experiment), the message it asks
 * deliver-message about, and the send Retry: shared by the message step (deliver-step.ts). The two-task step
 * (evaluate-message → send-message, 5 transitions a message) is gone; docs/cost-model.md keeps its figures.
 */
import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Category, TemplateKey, Topic, Urgency } from '../../functions/domain';
import { SEND_RETRYABLE_ERRORS, type TemplateVarValue } from '../../contracts/payloads';
import type { Experiment } from '../../functions/domain/model/experiment';
import type { JourneyScope } from './scope';

export interface MessageStepProps {
  readonly template: TemplateKey;
  readonly topic: Topic;
  readonly category: Category;
  /** Fixed urgency (default `normal`). */
  readonly urgency?: Urgency;
  /** Urgency read from the state (e.g. `$.policy.urgency`); wins over `urgency`. */
  readonly urgencyPath?: string;
  /**
   * The step id that, with the execution id, identifies the message (default: the label in kebab case). In a loop,
   * pass an intrinsic so each iteration is a new message: `sfn.JsonPath.format('update-{}', sfn.JsonPath.stringAt('$.n'))`.
   */
  readonly step?: string;
  /** Template variables: literals, or `sfn.JsonPath.stringAt(...)` references into the state. */
  readonly vars?: Readonly<Record<string, TemplateVarValue>>;
  /** Where the customer id is (default `$.customerId`). */
  readonly customerIdPath?: string;
  /** Evaluations per message before the step gives up on deferrals/fallbacks (default 10). */
  readonly maxAttempts?: number;
  /** The experiment this step runs (contracts/experiments.ts): its id goes into the message. */
  readonly experiment?: Pick<Experiment, 'id'>;
}

/** Send retry: 2 s, ×2 backoff, 6 attempts, full jitter, capped at a minute. */
export const SEND_RETRY: sfn.RetryProps = {
  errors: [...SEND_RETRYABLE_ERRORS],
  interval: Duration.seconds(2),
  backoffRate: 2,
  maxAttempts: 6,
  jitterStrategy: sfn.JitterType.FULL,
  maxDelay: Duration.seconds(60),
};

/** The message a step asks about, as the deliver-message payload carries it. */
export function messageOf(scope: JourneyScope, props: MessageStepProps, step: string): Record<string, unknown> {
  return {
    customerId: sfn.JsonPath.stringAt(props.customerIdPath ?? '$.customerId'),
    journey: scope.journey,
    step,
    topic: props.topic,
    category: props.category,
    urgency: props.urgencyPath !== undefined ? sfn.JsonPath.stringAt(props.urgencyPath) : (props.urgency ?? 'normal'),
    template: props.template,
    vars: props.vars ?? {},
    ...(props.experiment ? { experiment: props.experiment.id } : {}),
  };
}

/** `Tip 2` → `tip-2`, `Survey invitation` → `survey-invitation`. */
export function kebab(label: string): string {
  return label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
