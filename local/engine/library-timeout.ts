/**
 * `States.TaskFailed` in a Catch matches every error except `States.Timeout`. aws-local-stepfunctions decides
 * "is a timeout" with `instanceof` its own, unexported `StatesTimeoutError`, not by name, so a timeout the engine
 * raises (on the virtual clock) would be caught by `States.TaskFailed`.
 *
 * To raise timeouts the library recognises, this module obtains that class once: it runs a one-state machine
 * whose task times out after 1 ms (the library accepts fractional `TimeoutSeconds`) and keeps the constructor
 * of the error it fails with. Should a future library version change this, `statesTimeout()` falls back to a
 * plain `StatesError` named `States.Timeout` (only the `States.TaskFailed` corner is then off).
 */
import { ExecutionError, StateMachine } from 'aws-local-stepfunctions';
import { ErrorNames, StatesError } from './errors';

type ErrorClass = new () => Error;

let timeoutClass: ErrorClass | undefined;
let probing: Promise<void> | undefined;

/** Resolves once the library's timeout class is known (or known to be unavailable). Cheap after the first call. */
export function loadLibraryTimeoutClass(): Promise<void> {
  probing ??= probe();
  return probing;
}

/** A `States.Timeout` error the library treats as its own timeout. Call after `loadLibraryTimeoutClass()`. */
export function statesTimeout(cause: string): Error {
  if (!timeoutClass) return new StatesError(ErrorNames.timeout, cause);
  const error = new timeoutClass();
  error.message = cause;
  return error;
}

async function probe(): Promise<void> {
  const machine = new StateMachine(
    { StartAt: 'Probe', States: { Probe: { Type: 'Task', Resource: 'arn:aws:lambda:local:000000000000:function:probe', TimeoutSeconds: 0.001, End: true } } },
    { validationOptions: { noValidate: true } },
  );
  let release: () => void = () => undefined;
  const never = new Promise<null>((resolve) => {
    release = () => resolve(null);
  });
  try {
    await machine.run({}, { overrides: { taskResourceLocalHandlers: { Probe: () => never } } }).result;
  } catch (error) {
    const cause = error instanceof ExecutionError ? error.cause : undefined;
    if (cause instanceof Error && cause.name === ErrorNames.timeout) timeoutClass = cause.constructor as ErrorClass;
  } finally {
    release();
  }
}
