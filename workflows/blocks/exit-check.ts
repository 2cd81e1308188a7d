/**
 * Exit check with the customer's status: customer-status (result at `$.status`, for the Choices that follow),
 * and the journey stops (a Succeed state, named for the journey point) when the customer should no longer
 * receive it — erased, churned, opted out. The task raises `Journey.Exited` and its Catch ends the journey, so
 * staying costs one transition (no `exit?` Choice). Where no status is needed, fold the check into the next
 * message instead (`deliverStep`'s `exitState`).
 */
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { STEP_SIGNALS, type CustomerStatusInput } from '../../contracts/payloads';
import type { JourneyScope } from './scope';
import { Block, invoke, succeed } from './tasks';

export interface ExitCheckProps {
  /** Name of the Succeed state the journey ends in on exit, e.g. `Exited: after activation wait`. */
  readonly exitState: string;
  /** Where the customer id is (default `$.customerId`). */
  readonly customerIdPath?: string;
}

export function exitCheck(scope: JourneyScope, id: string, props: ExitCheckProps): Block {
  const customerIdPath = props.customerIdPath ?? '$.customerId';
  const payload: Partial<Record<keyof CustomerStatusInput, unknown>> = { customerId: sfn.JsonPath.stringAt(customerIdPath), endJourneyOnExit: true };
  const status = invoke(scope, id, 'customer-status', { payload, resultPath: '$.status', comment: 'customer-status: may the journey go on? (Journey.Exited ends it)' });
  status.addCatch(journeyExit(scope, props.exitState, customerIdPath), { errors: [STEP_SIGNALS.journeyExited], resultPath: '$.exit' });
  return new Block(id, status, [status]);
}

/**
 * Where a caught `Journey.Exited` (at `$.exit`) goes: `<exitState>: record` (customer-status with the caught
 * error: the status at exit with its reason, at `$.status`, in the execution's history) and the `exitState`
 * Succeed. Built once per journey and exit name, so a status check and a message step can share one exit.
 * Two transitions, only when a customer leaves.
 */
export function journeyExit(scope: JourneyScope, exitState: string, customerIdPath = '$.customerId'): sfn.State {
  return scope.once(`exit:${exitState}`, () => {
    const payload: Partial<Record<keyof CustomerStatusInput, unknown>> = { customerId: sfn.JsonPath.stringAt(customerIdPath), exited: sfn.JsonPath.objectAt('$.exit') };
    const record = invoke(scope, `${exitState}: record`, 'customer-status', { payload, resultPath: '$.status', comment: 'customer-status: the status at exit, with the reason the journey ended' });
    // Recording is best effort: the customer left either way.
    const end = succeed(scope, exitState, 'The customer left the journey (reason in $.status.exitReason, or $.exit.Cause)');
    record.addCatch(end, { errors: [sfn.Errors.ALL], resultPath: '$.recordError' });
    record.next(end);
    return record;
  });
}
