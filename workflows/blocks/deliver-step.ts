/**
 * The message step: one deliver-message task that evaluates, sends and falls back to the next channel in ONE
 * invocation. A message decided at once (sent, suppressed, failed, fell back) costs ONE Standard transition: the
 * task goes straight on to the next state, with no Choice after it. The rare paths leave the task as errors its
 * Catch routes by name (contracts/payloads.ts STEP_SIGNALS):
 * - `Message.Deferred` (quiet hours, frequency cap, attempts left): the error's message is `{sendAt, attempt}`
 *   as JSON; two Pass states read it out of the Cause, a Wait sleeps until `sendAt` (Wait time is free) and a
 *   second task delivers again with the attempt count;
 * - `Message.Held` (a pause or the marketing freeze): two Pass states read the hold out of the Cause and the
 *   message parks on a task token until the resume releases it (hold-step.ts), then is delivered again;
 * - `Journey.Exited` (only with `exitState`: the exit check folded into the step, after a wait): the customer was
 *   erased, churned or opted out of the step's topic, and nothing about the message was decided or recorded; the
 *   journey records the status with the reason and ends in the `exitState` Succeed (exit-check.ts `journeyExit`);
 * - `Message.Suppressed` (only with `suppressedState`): the message was suppressed (decision recorded) and the
 *   journey ends in the `suppressedState` Succeed — instead of a Choice on `$.delivery.outcome` after every send;
 * - anything else the task's Retry does not absorb (a provider outage longer than the Retry budget) is recorded
 *   at `$.sendError` and handed to deliver-message in park mode, which records the message as failed with the
 *   error and parks it in the dead-letter partition for `journeys dlq replay`: nothing is lost, and a message
 *   never crashes its journey (the park task has its own Catch).
 *
 * States, for a step labelled `Welcome` (the entry state carries the label):
 * - `Welcome` (Task deliver-message → `$.delivery`, or the step's `resultPath`; Retry on provider throttling; Catch as above);
 * - `Welcome: deferred` (Pass: the caught Cause as JSON → `$.deferral.cause`);
 * - `Welcome: deferred until` (Pass: the deferral `{sendAt, attempt}` → `$.deferral.until`);
 * - `Welcome: wait until sendAt` (Wait, TimestampPath `$.deferral.until.sendAt`);
 * - `Welcome: deliver again` (Task deliver-message with `attempt` = `$.deferral.until.attempt`; same Catch);
 * - `Welcome: hold`, `Welcome: hold until` (Pass), `Welcome: held` (Task wait-for-event, parked until released);
 * - `Welcome: park` (Task deliver-message with `park` = `$.sendError` → `$.delivery`; after a caught error);
 * - `Welcome: not sent` (Pass after the park, or after an error the park task caught too);
 * - with `exitState`: `<exitState>: record` (customer-status, the reason) and the `exitState` Succeed;
 * - with `suppressedState`: the `suppressedState` Succeed (the caught error at `$.delivery`).
 *
 * Transitions per message: decided at once = 1; each deferral adds 4 (two passes, wait, task); a parked message
 * costs 2 more (park, not sent) — only after every retry failed.
 */
import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { kebab, messageOf, SEND_RETRY, type MessageStepProps } from './message-step';
import { DEFAULT_MAX_ATTEMPTS, STEP_SIGNALS, TRANSIENT_INVOCATION_ERRORS, type DeliverMessageInput } from '../../contracts/payloads';
import { holdUntilReleased } from './hold-step';
import type { JourneyScope } from './scope';
import { journeyExit } from './exit-check';
import { Block, invoke, pass, succeed, waitFor } from './tasks';

/**
 * The park task's own Retry: only the Lambda service and the table throttling, briefly — the provider is not
 * called, and a journey should not wait long to record a failure.
 */
const PARK_RETRY: sfn.RetryProps = {
  errors: [...TRANSIENT_INVOCATION_ERRORS],
  interval: Duration.seconds(1),
  backoffRate: 2,
  maxAttempts: 3,
  jitterStrategy: sfn.JitterType.FULL,
};

export interface DeliverStepProps extends MessageStepProps {
  /**
   * The exit check, folded into the step: name of the Succeed state the journey ends in when the customer was
   * erased, churned or opted out of the step's topic (e.g. `Exited: before tip 2`). Without it, no check.
   */
  readonly exitState?: string;
  /**
   * Name of the Succeed state the journey ends in when the message is suppressed (e.g. `Not asked`): deliver-message
   * raises `Message.Suppressed` after recording the decision. Without it, a suppressed message goes on like a sent one.
   */
  readonly suppressedState?: string;
  /**
   * A survey invitation: the task opens the execution's survey before deciding and answers its id at
   * `<resultPath>.surveyId` (deliver-message `opensSurvey`), so the survey costs no state of its own.
   */
  readonly opensSurvey?: boolean;
  /** Where the task's result goes (default `$.delivery`): a later step reads the invitation's survey id from it. */
  readonly resultPath?: string;
}

export function deliverStep(scope: JourneyScope, id: string, props: DeliverStepProps): Block {
  const step = props.step ?? kebab(id);
  const maxAttempts = props.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;

  const resultPath = props.resultPath ?? '$.delivery';
  const payload: Record<Exclude<keyof DeliverMessageInput, 'attempt' | 'park' | 'exitCheck' | 'endIfSuppressed' | 'opensSurvey'>, unknown> = {
    executionId: sfn.JsonPath.executionId,
    message: messageOf(scope, props, step),
    maxAttempts,
    ...(props.opensSurvey ? { opensSurvey: true } : {}),
  };
  const checked = { ...(props.exitState !== undefined ? { exitCheck: true } : {}), ...(props.suppressedState !== undefined ? { endIfSuppressed: true } : {}) };
  const deliverTask = (name: string, attempt: boolean) => {
    const task = invoke(scope, name, 'deliver-message', {
      payload: attempt ? { ...payload, ...checked, attempt: sfn.JsonPath.numberAt('$.deferral.until.attempt') } : { ...payload, ...checked },
      resultPath,
      retryOnServiceExceptions: false,
      comment: `deliver-message: ${props.template} (${props.category}, topic ${props.topic}) decided and sent in one invocation`,
    });
    task.addRetry(SEND_RETRY);
    return task;
  };

  const deliver = deliverTask(id, false);
  // The Cause of a Lambda function error is `{"errorType","errorMessage","trace"}` as text, and the message is
  // the deferral as text: two parses, only on the deferred path.
  const deferred = pass(scope, `${id}: deferred`, { parameters: { 'cause.$': 'States.StringToJson($.deferral.Cause)' }, resultPath: '$.deferral' });
  const until = pass(scope, `${id}: deferred until`, { parameters: { 'until.$': 'States.StringToJson($.deferral.cause.errorMessage)' }, resultPath: '$.deferral' });
  const wait = waitFor(scope, `${id}: wait until sendAt`, sfn.WaitTime.timestampPath('$.deferral.until.sendAt'), 'Deferred (quiet hours, frequency cap)');
  const again = deliverTask(`${id}: deliver again`, true);
  // The whole caught error (`{Error, Cause}`), not its fields: a JsonPath to a missing field fails the execution
  // with States.Runtime, which no Catch handles.
  const parkTask = invoke(scope, `${id}: park`, 'deliver-message', {
    payload: { ...payload, park: sfn.JsonPath.objectAt('$.sendError') },
    resultPath,
    retryOnServiceExceptions: false,
    comment: 'deliver-message (park mode): the send failed every retry; record it as failed and park it for replay',
  });
  parkTask.addRetry(PARK_RETRY);
  const notSent = pass(scope, `${id}: not sent`, { comment: 'The error is at $.sendError; the message is parked (or, if parking failed too, the error at $.parkError)' });

  // Held by a pause or the freeze (hold-step.ts): the hold read out of the Cause like a deferral, parked until
  // released, then delivered again.
  const holdCause = pass(scope, `${id}: hold`, { parameters: { 'cause.$': 'States.StringToJson($.deferral.Cause)' }, resultPath: '$.deferral' });
  const holdUntil = pass(scope, `${id}: hold until`, { parameters: { 'until.$': 'States.StringToJson($.deferral.cause.errorMessage)' }, resultPath: '$.deferral' });
  holdCause.next(holdUntil).next(holdUntilReleased(scope, id, { customerIdPath: props.customerIdPath ?? '$.customerId', release: again, failed: parkTask }));
  // Catchers are tried in order: the signals first, then everything else to the park.
  const exit = props.exitState !== undefined ? journeyExit(scope, props.exitState, props.customerIdPath) : undefined;
  const suppressed = props.suppressedState !== undefined ? endWhenSuppressed(scope, props.suppressedState) : undefined;
  for (const task of [deliver, again]) {
    task.addCatch(deferred, { errors: [STEP_SIGNALS.messageDeferred], resultPath: '$.deferral' });
    task.addCatch(holdCause, { errors: [STEP_SIGNALS.messageHeld], resultPath: '$.deferral' });
    if (exit) task.addCatch(exit, { errors: [STEP_SIGNALS.journeyExited], resultPath: '$.exit' });
    if (suppressed) task.addCatch(suppressed, { errors: [STEP_SIGNALS.messageSuppressed], resultPath: '$.delivery' });
    task.addCatch(parkTask, { errors: [sfn.Errors.ALL], resultPath: '$.sendError' });
  }
  parkTask.addCatch(notSent, { errors: [sfn.Errors.ALL], resultPath: '$.parkError' });
  parkTask.next(notSent);
  deferred.next(until).next(wait).next(again);

  return new Block(id, deliver, [deliver, again, notSent]);
}

/** The Succeed a suppressed message ends the journey in; built once per name, so several steps can share it. */
function endWhenSuppressed(scope: JourneyScope, name: string): sfn.State {
  return scope.once(`suppressed:${name}`, () => succeed(scope, name, 'The message was suppressed (reasons in $.delivery.Cause): the journey ends here'));
}
