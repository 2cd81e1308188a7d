/**
 * The optimized Step Functions integration `arn:aws:states:::states:startExecution` (request-response): a Task
 * that starts another execution — of any state machine of this engine, itself included (how a journey continues
 * as new) — and goes on at once with `{ExecutionArn, StartDate}`.
 *
 * As the service documents it:
 * - `Parameters`: `StateMachineArn` (required), `Name` (optional, a UUID otherwise), `Input` as a JSON object or
 *   JSON text (absent: `{}`); `TraceHeader` is accepted and ignored.
 * - The name is idempotent the way the API is: the same name and input while that execution runs → its original
 *   answer; a different input, or that execution closed → `StepFunctions.ExecutionAlreadyExistsException`.
 * - API errors become the integration's error names, `StepFunctions.<Code>Exception` (the service's convention for
 *   SDK errors in optimized integrations), so `Retry`/`Catch` match them by name.
 *
 * `.sync` is refused: waiting for a child inside a task binding would hold the manual clock's `advance()` (it
 * waits for running handlers) while the child waits for that very clock. `.waitForTaskToken` works (the binding
 * waits for the token; this starts the execution that gets it).
 */
import { ErrorNames, SfnServiceError, StatesError, StatesRuntimeError } from './errors';
import type { IntegrationContext, JsonValue, StartExecutionOutput } from './types';

export const START_EXECUTION_RESOURCE = 'arn:aws:states:::states:startExecution';

export interface ExecutionStarter {
  startExecution(input: { stateMachineArn: string; name?: string; input?: string | JsonValue }): Promise<StartExecutionOutput>;
}

export function startExecutionTask(engine: ExecutionStarter) {
  return async (parameters: unknown, context: IntegrationContext): Promise<{ ExecutionArn: string; StartDate: number }> => {
    if (/\.sync(:2)?$/.test(context.resource)) {
      throw new StatesRuntimeError(`${context.stateName}: ${context.resource} is not supported by the local engine (request-response and .waitForTaskToken are)`);
    }
    const { StateMachineArn: stateMachineArn, Name: name, Input: input } = (parameters ?? {}) as Record<string, unknown>;
    if (typeof stateMachineArn !== 'string') throw integrationError('ValidationException', `${context.stateName}: Parameters.StateMachineArn must be a string`);
    if (name !== undefined && typeof name !== 'string') throw integrationError('ValidationException', `${context.stateName}: Parameters.Name must be a string`);
    try {
      const started = await engine.startExecution({
        stateMachineArn,
        ...(name !== undefined ? { name } : {}),
        ...(input !== undefined ? { input: typeof input === 'string' ? input : JSON.stringify(input) } : {}),
      });
      return { ExecutionArn: started.executionArn, StartDate: started.startDate.getTime() };
    } catch (error) {
      if (error instanceof SfnServiceError) throw integrationError(error.name, error.message);
      throw error;
    }
  };
}

/** `ExecutionAlreadyExists` → `StepFunctions.ExecutionAlreadyExistsException`; `ValidationException` keeps its suffix. */
function integrationError(code: string, message: string): StatesError {
  const name = `StepFunctions.${code.endsWith('Exception') ? code : `${code}Exception`}`;
  // States.Runtime is the engine's own; anything else from the API is a task failure the definition can handle.
  return name === ErrorNames.runtime ? new StatesRuntimeError(message) : new StatesError(name, message);
}
