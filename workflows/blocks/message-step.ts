/**
 * The message step: evaluate → (deferred: wait until sendAt → evaluate again) → send → (fallback: evaluate
 * again for the next channel). Suppressed and failed messages end the step quietly, and a send that fails for
 * good is recorded at `$.sendError` and the journey goes on: a message never crashes its journey.
 *
 * States, for a step labelled `Welcome`:
 * - `Welcome` (Pass): starts the attempt counter at `$.attempt.count = 1`;
 * - `Welcome: evaluate` (Task evaluate-message → `$.decision`);
 * - `Welcome: outcome?` (Choice on `$.decision.outcome`);
 * - `Welcome: wait until sendAt` (Wait, TimestampPath `$.decision.sendAt`);
 * - `Welcome: send` (Task send-message → `$.delivery`, Retry on provider throttling, Catch everything);
 * - `Welcome: delivered?` (Choice on `$.delivery.status`);
 * - `Welcome: next attempt` (Pass: `$.attempt.count + 1`, back to evaluate);
 * - `Welcome: not sent` (Pass after a caught error, which is at `$.sendError`).
 *
 * Evaluations per message are bounded (`maxAttempts`, default 10): a handler that keeps deferring or falling back
 * cannot grow the execution history without limit.
 */
import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Category, TemplateKey, Topic, Urgency } from '../../functions/domain';
import { DEFAULT_MAX_ATTEMPTS, SEND_RETRYABLE_ERRORS, type EvaluateMessageInput, type SendMessageInput, type TemplateVarValue } from '../../contracts/payloads';
import type { Experiment } from '../../functions/domain/model/experiment';
import type { JourneyScope } from './scope';
import { Block, choice, invoke, otherwiseEnd, pass, waitFor } from './tasks';

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

/** The message a step asks about, as the evaluate-message and deliver-message payloads carry it. */
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

export function messageStep(scope: JourneyScope, id: string, props: MessageStepProps): Block {
  const step = props.step ?? kebab(id);
  const vars = props.vars ?? {};
  const maxAttempts = props.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;

  const start = pass(scope, id, {
    comment: `Message ${props.template} (${props.category}, topic ${props.topic})`,
    result: sfn.Result.fromObject({ count: 1 }),
    resultPath: '$.attempt',
  });

  const evaluatePayload: Record<keyof EvaluateMessageInput, unknown> = {
    executionId: sfn.JsonPath.executionId,
    message: messageOf(scope, props, step),
  };
  const evaluate = invoke(scope, `${id}: evaluate`, 'evaluate-message', {
    payload: evaluatePayload,
    resultPath: '$.decision',
    comment: 'evaluate-message: may it go out, when, on which channel?',
  });

  const outcome = choice(scope, `${id}: outcome?`, 'sent = cleared to send; deferred = wait; suppressed/failed = step ends');
  const wait = waitFor(scope, `${id}: wait until sendAt`, sfn.WaitTime.timestampPath('$.decision.sendAt'), 'Deferred (quiet hours, frequency cap)');

  const sendPayload: Record<keyof SendMessageInput, unknown> = {
    executionId: sfn.JsonPath.executionId,
    decision: sfn.JsonPath.objectAt('$.decision'),
    vars,
  };
  const send = invoke(scope, `${id}: send`, 'send-message', {
    payload: sendPayload,
    resultPath: '$.delivery',
    retryOnServiceExceptions: false,
    comment: 'send-message: exactly once per message, through SES or SNS',
  });
  send.addRetry(SEND_RETRY);

  const delivered = choice(scope, `${id}: delivered?`, 'fallback = this channel failed, evaluate again for the next one');
  const again = pass(scope, `${id}: next attempt`, {
    parameters: { 'count.$': 'States.MathAdd($.attempt.count, 1)' },
    resultPath: '$.attempt',
  });
  const notSent = pass(scope, `${id}: not sent`, { comment: 'The error is at $.sendError; the journey goes on without this message' });

  const catchAll: sfn.CatchProps = { errors: [sfn.Errors.ALL], resultPath: '$.sendError' };
  start.next(evaluate);
  evaluate.addCatch(notSent, catchAll);
  evaluate.next(outcome);
  outcome.when(
    sfn.Condition.and(
      sfn.Condition.stringEquals('$.decision.outcome', 'deferred'),
      sfn.Condition.isPresent('$.decision.sendAt'),
      sfn.Condition.numberLessThan('$.attempt.count', maxAttempts),
    ),
    wait,
  );
  outcome.when(sfn.Condition.stringEquals('$.decision.outcome', 'sent'), send);
  wait.next(again);
  again.next(evaluate);
  send.addCatch(notSent, catchAll);
  send.next(delivered);
  delivered.when(
    sfn.Condition.and(sfn.Condition.stringEquals('$.delivery.status', 'fallback'), sfn.Condition.numberLessThan('$.attempt.count', maxAttempts)),
    again,
  );

  return new Block(id, start, [otherwiseEnd(outcome), otherwiseEnd(delivered), notSent]);
}

/** `Tip 2` → `tip-2`, `Survey invitation` → `survey-invitation`. */
export function kebab(label: string): string {
  return label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
