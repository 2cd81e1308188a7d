/**
 * Exit check: customer-status, then stop the journey (a Succeed state, named for the journey point) when the
 * customer should no longer receive it — erased, churned, opted out — or continue.
 */
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { CustomerStatusInput } from '../../contracts/payloads';
import type { JourneyScope } from './scope';
import { Block, choice, invoke, otherwiseEnd, succeed } from './tasks';

export interface ExitCheckProps {
  /** Name of the Succeed state the journey ends in on exit, e.g. `Exited: after activation wait`. */
  readonly exitState: string;
  /** Where the customer id is (default `$.customerId`). */
  readonly customerIdPath?: string;
}

export function exitCheck(scope: JourneyScope, id: string, props: ExitCheckProps): Block {
  const payload: Record<keyof CustomerStatusInput, unknown> = { customerId: sfn.JsonPath.stringAt(props.customerIdPath ?? '$.customerId') };
  const status = invoke(scope, id, 'customer-status', { payload, resultPath: '$.status', comment: 'customer-status: may the journey go on?' });
  const exit = choice(scope, `${id}: exit?`);
  exit.when(sfn.Condition.booleanEquals('$.status.exit', true), succeed(scope, props.exitState, 'The customer left the journey ($.status.exitReason)'));
  status.next(exit);
  return new Block(id, status, [otherwiseEnd(exit)]);
}
