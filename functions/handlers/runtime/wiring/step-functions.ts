/**
 * `sfn` and `executions` (Step Functions through its adapter, built on `sfn`, so a replaced client is the one it uses),
 * and the journeys' state machine ARNs. Here rather than in dependencies.ts: the ARN's variable name comes from the
 * function catalog (contracts/functions.ts), which only the functions that start executions need in their bundle.
 */
import { stateMachineArnVariable } from '../../../../contracts/functions';
import { JourneyExecutions } from '../../../adapters/journey-executions';
import { createSfnClient } from '../../../adapters/sfn-client';
import type { JourneyName } from '../../../domain/model/primitives';
import { provide } from './registry';

provide('sfn', (_, env) => createSfnClient(env));
provide('executions', (deps) => new JourneyExecutions(deps.sfn));

/** A journey's state machine ARN, from the environment the stack (or the local runtime) sets. */
export function stateMachineArn(journey: JourneyName): string {
  const variable = stateMachineArnVariable(journey);
  const arn = process.env[variable];
  // A deployment mistake, found before anything is written: a 500 (and the alarm), not a half-done request.
  if (!arn) throw new Error(`${variable} is not set: the ${journey} journey cannot be started`);
  return arn;
}
