/**
 * Wait for an event: a `.waitForTaskToken` call to wait-for-event, which parks the task token under a wait key
 * and returns. route-event (bus events), api-surveys (answers) or api-crisis (crisis changes) resume the
 * execution with SendTaskSuccess; the result (the WaitSignal) lands at `$.signal`. If nothing arrives within the
 * timeout, the task fails with `States.Timeout`, which is caught into the timeout branch with the error at
 * `$.signal` (so `$.signal` always describes the latest wait, and a stale signal is never read twice).
 */
import type { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { WaitForEventInput } from '../../contracts/payloads';
import type { JourneyScope } from './scope';

export interface WaitForEventProps {
  /** A fixed wait key (`activation`) or an intrinsic (`sfn.JsonPath.format('incident:{}', …)`). */
  readonly waitKey?: string;
  /** The wait key read from the state. */
  readonly waitKeyPath?: string;
  /** A fixed timeout. */
  readonly timeout?: Duration;
  /** The timeout in seconds read from the state (TimeoutSecondsPath). */
  readonly timeoutPath?: string;
  /** Where the customer id is (default `$.customerId`); `null` for a global wait with no customer. */
  readonly customerIdPath?: string | null;
  readonly comment?: string;
}

export class WaitForEvent implements sfn.IChainable {
  readonly id: string;
  readonly task: tasks.LambdaInvoke;
  readonly startState: sfn.State;
  /** No implicit continuation: use onSignal / onTimeout. */
  readonly endStates: sfn.INextable[] = [];

  constructor(scope: JourneyScope, id: string, props: WaitForEventProps) {
    if ((props.waitKey === undefined) === (props.waitKeyPath === undefined)) throw new Error(`${id}: give exactly one of waitKey, waitKeyPath`);
    if ((props.timeout === undefined) === (props.timeoutPath === undefined)) throw new Error(`${id}: give exactly one of timeout, timeoutPath`);
    const customerIdPath = props.customerIdPath === undefined ? '$.customerId' : props.customerIdPath;

    const payload: Partial<Record<keyof WaitForEventInput, unknown>> = {
      taskToken: sfn.JsonPath.taskToken,
      executionId: sfn.JsonPath.executionId,
      ...(customerIdPath === null ? {} : { customerId: sfn.JsonPath.stringAt(customerIdPath) }),
      waitKey: props.waitKeyPath !== undefined ? sfn.JsonPath.stringAt(props.waitKeyPath) : props.waitKey,
      timeoutSeconds: props.timeoutPath !== undefined ? sfn.JsonPath.numberAt(props.timeoutPath) : props.timeout!.toSeconds(),
    };

    this.id = id;
    this.task = new tasks.LambdaInvoke(scope, scope.stateName(id), {
      lambdaFunction: scope.functions['wait-for-event'],
      integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: sfn.TaskInput.fromObject(payload),
      taskTimeout: props.timeoutPath !== undefined ? sfn.Timeout.at(props.timeoutPath) : sfn.Timeout.duration(props.timeout!),
      resultPath: '$.signal',
      comment: props.comment ?? 'wait-for-event: parked until a matching event, or the timeout',
    });
    this.startState = this.task;
  }

  /** Where to go when a signal arrives (`$.signal` holds it). */
  onSignal(next: sfn.IChainable): this {
    this.task.next(next);
    return this;
  }

  /** Where to go when the timeout fires (`$.signal` holds the States.Timeout error). */
  onTimeout(next: sfn.IChainable): this {
    this.task.addCatch(next, { errors: [sfn.Errors.TIMEOUT], resultPath: '$.signal' });
    return this;
  }
}

export function waitForEvent(scope: JourneyScope, id: string, props: WaitForEventProps): WaitForEvent {
  return new WaitForEvent(scope, id, props);
}
