/**
 * The one-task message step: a drop-in for `messageStep` (same props) that costs a journey two Standard state
 * transitions per message instead of five.
 *
 * deliver-message evaluates, sends and falls back to the next channel in ONE invocation; only a deferral (quiet
 * hours, frequency cap) comes back here, to a Wait until `sendAt` (Wait time is free; its transition is paid only
 * by deferred messages) and a second task that carries the attempt count. Suppressed and failed messages end the
 * step quietly, and an error the task's Retry does not absorb is recorded at `$.sendError`: as with `messageStep`,
 * a message never crashes its journey.
 *
 * States, for a step labelled `Welcome` (the entry state carries the label, as `messageStep`'s Pass does):
 * - `Welcome` (Task deliver-message → `$.delivery`; Retry on provider throttling; Catch everything);
 * - `Welcome: deferred?` (Choice: deferred with a `sendAt` and attempts left → wait; otherwise the step is done);
 * - `Welcome: wait until sendAt` (Wait, TimestampPath `$.delivery.sendAt`);
 * - `Welcome: deliver again` (Task deliver-message with `attempt` = `$.delivery.attempt`);
 * - `Welcome: not sent` (Pass after a caught error, which is at `$.sendError`).
 *
 * Transitions per message: sent/suppressed/failed at once = 2 (task, choice); each deferral adds 3 (wait, task,
 * choice). `messageStep`: 5 for a message sent at once (pass, evaluate, choice, send, choice), 3 for a suppressed
 * one, +4 per deferral.
 */
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { DEFAULT_MAX_ATTEMPTS, kebab, messageOf, SEND_RETRY, type MessageStepProps } from './message-step';
import type { DeliverMessageInput } from './payloads';
import type { JourneyScope } from './scope';
import { Block, choice, invoke, otherwiseEnd, pass, waitFor } from './tasks';

export type DeliverStepProps = MessageStepProps;

export function deliverStep(scope: JourneyScope, id: string, props: DeliverStepProps): Block {
  const step = props.step ?? kebab(id);
  const maxAttempts = props.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;

  const payload: Record<Exclude<keyof DeliverMessageInput, 'attempt'>, unknown> = {
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
  const notSent = pass(scope, `${id}: not sent`, { comment: 'The error is at $.sendError; the journey goes on without this message' });

  const catchAll: sfn.CatchProps = { errors: [sfn.Errors.ALL], resultPath: '$.sendError' };
  deliver.addCatch(notSent, catchAll);
  again.addCatch(notSent, catchAll);
  deliver.next(deferred);
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
