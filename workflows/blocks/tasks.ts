/**
 * Small helpers shared by the blocks and the journeys: a Lambda task in the one shape every journey uses, and
 * "continue after this Choice" for blocks whose last state is a Choice.
 */
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { FunctionName } from '../../contracts/functions';
import { JourneyScope } from './scope';

export interface InvokeProps {
  /** The task input (Parameters); values may be `sfn.JsonPath.*At(...)` references. */
  readonly payload: Record<string, unknown>;
  /** Where the result goes: a JSONPath, or `sfn.JsonPath.DISCARD` to keep the input unchanged. */
  readonly resultPath: string;
  readonly comment?: string;
  /**
   * Retry Lambda's own transient errors (Lambda.ServiceException, AWSLambdaException, SdkClientException,
   * ClientExecutionTimeoutException; 2 s, ×2, 6 attempts). Default true.
   */
  readonly retryOnServiceExceptions?: boolean;
}

/**
 * A Lambda task with `payloadResponseOnly`: the Resource is the function ARN and the handler's return value is
 * the task result, identical in the cloud and on the local runtime.
 */
export function invoke(scope: JourneyScope, name: string, fn: FunctionName, props: InvokeProps): tasks.LambdaInvoke {
  return new tasks.LambdaInvoke(scope, scope.stateName(name), {
    lambdaFunction: scope.functions[fn],
    payloadResponseOnly: true,
    payload: sfn.TaskInput.fromObject(props.payload),
    resultPath: props.resultPath,
    retryOnServiceExceptions: props.retryOnServiceExceptions ?? true,
    comment: props.comment ?? `${fn}`,
  });
}

/** A Pass state named and registered in the journey. */
export function pass(scope: JourneyScope, name: string, props: sfn.PassProps = {}): sfn.Pass {
  return new sfn.Pass(scope, scope.stateName(name), props);
}

export function succeed(scope: JourneyScope, name: string, comment?: string): sfn.Succeed {
  return new sfn.Succeed(scope, scope.stateName(name), comment === undefined ? {} : { comment });
}

export function choice(scope: JourneyScope, name: string, comment?: string): sfn.Choice {
  return new sfn.Choice(scope, scope.stateName(name), comment === undefined ? {} : { comment });
}

export function waitFor(scope: JourneyScope, name: string, time: sfn.WaitTime, comment?: string): sfn.Wait {
  return new sfn.Wait(scope, scope.stateName(name), { time, ...(comment === undefined ? {} : { comment }) });
}

/**
 * The "continue" end of a Choice: chaining `.next(x)` onto it sets the Choice's Default to `x`. Lets a block
 * whose flow ends in a Choice (message step, exit check) expose a single `next` like any other chainable.
 */
export function otherwiseEnd(state: sfn.Choice): sfn.INextable {
  return {
    next(next: sfn.IChainable): sfn.Chain {
      state.otherwise(next);
      return sfn.Chain.sequence(state, next);
    },
  };
}

/**
 * A group of states with one entry and any number of "continue" ends (plain IChainable, not a construct): what
 * the building blocks return, so journeys chain them with `.next()` like single states.
 */
export class Block implements sfn.IChainable {
  constructor(
    readonly id: string,
    readonly startState: sfn.State,
    readonly endStates: sfn.INextable[],
  ) {}

  next(next: sfn.IChainable): sfn.Chain {
    return sfn.Chain.start(this).next(next);
  }
}
