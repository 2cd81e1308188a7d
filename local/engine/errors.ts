/**
 * Errors of the local engine, in two families:
 * - API errors (`SfnServiceError`): what a Step Functions API call fails with; `name` is the service's error
 *   code (`ExecutionAlreadyExists`, `TaskTimedOut`…) so the HTTP layer can put it in `__type` unchanged.
 * - State errors (`StatesError`): what a state fails with inside an execution; `name` is the ASL error name
 *   that `Retry`/`Catch` `ErrorEquals` match, `message` is the `Cause`.
 */

/** Base of every API error; `httpStatus` is what the service answers with. */
export class SfnServiceError extends Error {
  readonly $fault = 'client' as const;
  readonly httpStatus: number = 400;

  constructor(message: string) {
    super(message);
    // The service's error code is the class name: one source of truth, no string to keep in sync.
    this.name = new.target.name;
  }
}

export class ExecutionAlreadyExists extends SfnServiceError {}
export class ExecutionDoesNotExist extends SfnServiceError {}
export class StateMachineAlreadyExists extends SfnServiceError {}
export class StateMachineDoesNotExist extends SfnServiceError {}
export class InvalidArn extends SfnServiceError {}
export class InvalidName extends SfnServiceError {}
export class InvalidDefinition extends SfnServiceError {}
export class InvalidExecutionInput extends SfnServiceError {}
export class InvalidOutput extends SfnServiceError {}
export class InvalidToken extends SfnServiceError {}
export class TaskDoesNotExist extends SfnServiceError {}
export class TaskTimedOut extends SfnServiceError {}
export class ValidationException extends SfnServiceError {}
/** A version or alias that does not exist (the service's name for both). */
export class ResourceNotFound extends SfnServiceError {}
/** An alias still routes to the version, or a revision id no longer matches. */
export class ConflictException extends SfnServiceError {}

/**
 * A state failure as the interpreter sees it. aws-local-stepfunctions matches `ErrorEquals` against `error.name`
 * and reads the duck-typed `isRetryable`/`isCatchable` flags (default true), and a `Catch` puts
 * `{Error: name, Cause: message}` in the state output.
 */
export class StatesError extends Error {
  constructor(errorName: string, cause = '') {
    super(cause);
    this.name = errorName;
  }

  get isRetryable(): boolean {
    return true;
  }

  get isCatchable(): boolean {
    return true;
  }
}

/**
 * `States.Runtime`: the service neither retries nor catches it (not even with `States.ALL`), the execution fails.
 */
export class StatesRuntimeError extends StatesError {
  constructor(cause: string) {
    super('States.Runtime', cause);
  }

  override get isRetryable(): boolean {
    return false;
  }

  override get isCatchable(): boolean {
    return false;
  }
}

/**
 * Thrown into a state that is still running when its execution is stopped, timed out or the engine closes; never
 * retried or caught, so the interpreter does not move on to another state.
 */
export class ExecutionClosedError extends StatesRuntimeError {
  constructor() {
    super('The execution was closed while this state was running');
  }
}

/** Error names the engine itself produces (Step Functions' own plus the one local-only name). */
export const ErrorNames = {
  all: 'States.ALL',
  taskFailed: 'States.TaskFailed',
  timeout: 'States.Timeout',
  heartbeatTimeout: 'States.HeartbeatTimeout',
  runtime: 'States.Runtime',
  lambdaNotFound: 'Lambda.ResourceNotFoundException',
  /** Local only: the execution was RUNNING when the local runtime stopped (see README, "Restart"). */
  runtimeRestarted: 'Local.RuntimeRestarted',
} as const;
