/**
 * Where a held message waits (journey paused, marketing frozen): deliver-message raised `Message.Held`, the step
 * parsed the hold into `$.deferral.until` (with the attempt count), and the message parks with wait-for-event on its own wait key until the resume wakes it, or until the hold's
 * `timeoutSeconds` pass (the pause or freeze ends by itself then). Either way it is delivered again — decided
 * anew, so a message released into quiet hours still waits for the morning — and never skipped: the step does not
 * go on until the message was decided without a hold.
 *
 * A Wait state cannot be woken early, which is why a hold parks on a task token instead of the deferral's Wait:
 * a resume then reaches the message within seconds, not at the old `until`, and a 14-day hold costs one park,
 * not a re-check per minute (which would also run into the execution history's 25,000 events).
 *
 * The park's result is discarded: the journey's own `$.signal` (its event waits) and `$.delivery` stay as they were,
 * and the release delivers again with `$.deferral.until.attempt`.
 */
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { WaitForEventInput } from '../../contracts/payloads';
import type { JourneyScope } from './scope';

export interface HoldProps {
  /** Where the customer id is (the message step's `customerIdPath`). */
  readonly customerIdPath: string;
  /** Delivered again here on a resume or when the hold ends by itself. */
  readonly release: sfn.IChainable;
  /** Where a park that failed for another reason goes (the step's park: recorded, replayable). */
  readonly failed: sfn.IChainable;
}

export function holdUntilReleased(scope: JourneyScope, id: string, props: HoldProps): sfn.TaskStateBase {
  const payload: Record<keyof WaitForEventInput, unknown> = {
    taskToken: sfn.JsonPath.taskToken,
    executionId: sfn.JsonPath.executionId,
    customerId: sfn.JsonPath.stringAt(props.customerIdPath),
    waitKey: sfn.JsonPath.stringAt('$.deferral.until.waitKey'),
    timeoutSeconds: sfn.JsonPath.numberAt('$.deferral.until.timeoutSeconds'),
  };
  const park = new tasks.LambdaInvoke(scope, scope.stateName(`${id}: held`), {
    lambdaFunction: scope.functions['wait-for-event'],
    integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
    payload: sfn.TaskInput.fromObject(payload),
    taskTimeout: sfn.Timeout.at('$.deferral.until.timeoutSeconds'),
    resultPath: sfn.JsonPath.DISCARD,
    comment: 'Held by a pause or the marketing freeze: parked until the resume, or until the hold ends by itself',
  });
  park.addCatch(props.release, { errors: [sfn.Errors.TIMEOUT], resultPath: sfn.JsonPath.DISCARD });
  park.addCatch(props.failed, { errors: [sfn.Errors.ALL], resultPath: '$.sendError' });
  park.next(props.release);
  return park;
}
