/**
 * The one-task message step: a drop-in for `messageStep` (same props) that costs a journey two Standard state
 * transitions per message instead of five.
 *
 * deliver-message evaluates, sends and falls back to the next channel in ONE invocation; only a deferral (quiet
 * hours, frequency cap) comes back here, to a Wait until `sendAt` (Wait time is free; its transition is paid only
 * by deferred messages) and a second task that carries the attempt count. Suppressed and failed messages end the
 * step quietly. An error the task's Retry does not absorb (a provider outage longer than the Retry budget) is
 * recorded at `$.sendError` and handed to deliver-message in park mode, which records the message as failed with
 * the error and parks it in the dead-letter partition for `journeys dlq replay`: nothing is lost, and as with
 * `messageStep`, a message never crashes its journey (the park task has its own Catch).
 *
 * States, for a step labelled `Welcome` (the entry state carries the label, as `messageStep`'s Pass does):
 * - `Welcome` (Task deliver-message → `$.delivery`; Retry on provider throttling; Catch everything);
 * - `Welcome: deferred?` (Choice: deferred with a `sendAt` and attempts left → wait; otherwise the step is done);
 * - `Welcome: wait until sendAt` (Wait, TimestampPath `$.delivery.sendAt`);
 * - `Welcome: deliver again` (Task deliver-message with `attempt` = `$.delivery.attempt`);
 * - `Welcome: park` (Task deliver-message with `park` = `$.sendError` → `$.delivery`; after a caught error);
 * - `Welcome: not sent` (Pass after the park, or after an error the park task caught too).
 *
 * Transitions per message: sent/suppressed/failed at once = 2 (task, choice); each deferral adds 3 (wait, task,
 * choice); a parked message costs 2 more (park, not sent) — only after every retry failed. `messageStep`: 5 for a message sent at once (pass, evaluate, choice, send, choice), 3 for a suppressed
 * one, +4 per deferral.
 */
import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { kebab, messageOf, SEND_RETRY, type MessageStepProps } from './message-step';
import { DEFAULT_MAX_ATTEMPTS, TRANSIENT_INVOCATION_ERRORS, type DeliverMessageInput } from '../../contracts/payloads';
import { holdUntilReleased } from './hold-step';
import type { JourneyScope } from './scope';
import { Block, choice, invoke, otherwiseEnd, pass, waitFor } from './tasks';

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

export type DeliverStepProps = MessageStepProps;

export function deliverStep(scope: JourneyScope, id: string, props: DeliverStepProps): Block {
  const step = props.step ?? kebab(id);
  const maxAttempts = props.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;

  const payload: Record<Exclude<keyof DeliverMessageInput, 'attempt' | 'park'>, unknown> = {
    executionId: sfn.JsonPath.executionId,
    message: messageOf(scope, props, step),
    maxAttempts,
  };
  const deliverTask = (name: string, attempt: boolean) => {
    const task = invoke(scope, name, 'deliver-message', {
      payload: attempt ? { ...payload, attempt: sfn.JsonPath.numberAt('$.delivery.attempt') } : payload,
      resultPath: '$.delivery',
      retryOnServiceExceptions: false,
      comment: `deliver-message: ${props.template} (${props.category}, topic ${props.topic}) decided and sent in one invocation`,
    });
    task.addRetry(SEND_RETRY);
    return task;
  };

  const deliver = deliverTask(id, false);
  const deferred = choice(scope, `${id}: deferred?`, 'deferred = wait until sendAt and deliver again; anything else = the step is done');
  const wait = waitFor(scope, `${id}: wait until sendAt`, sfn.WaitTime.timestampPath('$.delivery.sendAt'), 'Deferred (quiet hours, frequency cap)');
  const again = deliverTask(`${id}: deliver again`, true);
  // The whole caught error (`{Error, Cause}`), not its fields: a JsonPath to a missing field fails the execution
  // with States.Runtime, which no Catch handles.
  const parkTask = invoke(scope, `${id}: park`, 'deliver-message', {
    payload: { ...payload, park: sfn.JsonPath.objectAt('$.sendError') },
    resultPath: '$.delivery',
    retryOnServiceExceptions: false,
    comment: 'deliver-message (park mode): the send failed every retry; record it as failed and park it for replay',
  });
  parkTask.addRetry(PARK_RETRY);
  const notSent = pass(scope, `${id}: not sent`, { comment: 'The error is at $.sendError; the message is parked (or, if parking failed too, the error at $.parkError)' });

  const catchAll: sfn.CatchProps = { errors: [sfn.Errors.ALL], resultPath: '$.sendError' };
  deliver.addCatch(parkTask, catchAll);
  again.addCatch(parkTask, catchAll);
  parkTask.addCatch(notSent, { errors: [sfn.Errors.ALL], resultPath: '$.parkError' });
  parkTask.next(notSent);
  deliver.next(deferred);
  // Held by a pause or the freeze (hold-step.ts): parked until released, then delivered again.
  const held = holdUntilReleased(scope, id, { customerIdPath: props.customerIdPath ?? '$.customerId', release: again, failed: parkTask });
  deferred.when(sfn.Condition.isPresent('$.delivery.hold'), held);
  deferred.when(
    sfn.Condition.and(
      sfn.Condition.stringEquals('$.delivery.outcome', 'deferred'),
      sfn.Condition.isPresent('$.delivery.sendAt'),
      sfn.Condition.numberLessThan('$.delivery.attempt', maxAttempts),
    ),
    wait,
  );
  wait.next(again);
  again.next(deferred);

  return new Block(id, deliver, [otherwiseEnd(deferred), notSent]);
}
