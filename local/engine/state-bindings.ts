/**
 * What runs when the interpreter reaches a bound state (every Task and every Wait, see definition-transform):
 *
 * Task: resolves the target (in-process Lambda handler, `lambda:invoke` with the service's envelope, or a
 * registered service integration), records the service's task events, applies `Retry` with backoff, and
 * `TimeoutSeconds`/`HeartbeatSeconds` on the virtual clock. For `.waitForTaskToken` it issues a token, puts it
 * where the definition said `$$.Task.Token`, invokes the target, then parks until SendTaskSuccess (the output is
 * the task result), SendTaskFailure (error/cause, retriable and catchable by name), the timeout
 * (`States.Timeout`) or a missed heartbeat (`States.HeartbeatTimeout`).
 *
 * Wait: sleeps on the virtual clock until `Seconds`/`Timestamp`/`SecondsPath`/`TimestampPath` and returns its
 * input; a timestamp in the past continues at once.
 */
import type { ActivityTracker } from './activity';
import { lambdaFunctionName, type ArnScope } from './arns';
import { TASK_TOKEN_MARKER, type Binding, type BoundInput, type TaskBinding, type WaitBinding } from './definition-transform';
import { ErrorNames, ExecutionClosedError, StatesError, StatesRuntimeError } from './errors';
import { dataDetails, type HistoryLog } from './history-log';
import { invokeEnvelope, invokeLocalLambda } from './lambda-invoker';
import { statesTimeout } from './library-timeout';
import { replayedError, type Replay, type ReplayedState } from './replay';
import { RetryPolicy } from './retry-policy';
import type { IssuedToken, TaskTokenRegistry } from './task-tokens';
import type { HistoryEvent, JsonValue, LocalLambdaHandler, ServiceIntegrationHandler } from './types';
import type { VirtualClock } from './virtual-clock';

/** What a bound state needs from its execution. */
export interface BindingScope {
  executionArn: string;
  clock: VirtualClock;
  /** Aborted when the execution closes (stopped, timed out, failed elsewhere, engine closed). */
  signal: AbortSignal;
  history: HistoryLog;
  arnScope: ArnScope;
  handlers: ReadonlyMap<string, LocalLambdaHandler>;
  integrations: ReadonlyMap<string, ServiceIntegrationHandler>;
  tokens: TaskTokenRegistry;
  activity: ActivityTracker;
  countTransition(): void;
  countInvocation(target: string): void;
  tokenIssued(token: string, stateName: string): void;
  /** An interrupted execution's journaled outcomes, when this one resumes it (replay.ts). */
  replay?: Replay;
}

type EventDetails = Omit<HistoryEvent, 'id' | 'type' | 'timestamp' | 'previousEventId'>;

const nextMacrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function runBinding(binding: Binding, input: unknown, scope: BindingScope): Promise<unknown> {
  scope.activity.enter();
  try {
    // The interpreter's StateEntered event is still queued in its event log; let it reach the history first.
    await nextMacrotask();
    if (scope.signal.aborted) throw new ExecutionClosedError();
    const bound = (input ?? {}) as BoundInput;
    // A Map iteration's or Parallel branch's states run for real: their interleaved history is not replayed.
    const replayed = binding.nested ? undefined : scope.replay?.next(binding.name);
    if (replayed) return await replay(binding, bound, replayed, scope);
    return binding.kind === 'wait' ? await runWait(binding, bound, scope) : await runTask(binding, bound, scope);
  } finally {
    scope.activity.leave();
  }
}

/**
 * A state of a resumed execution: a finished one answers as journaled (its task events recorded again, so that a
 * restart of this execution can replay it too); the one the engine stopped in runs with its original deadline.
 */
async function replay(binding: Binding, bound: BoundInput, replayed: ReplayedState, scope: BindingScope): Promise<unknown> {
  if (binding.kind === 'wait') return replayed.kind === 'resume' ? runWait(binding, bound, scope, replayed.enteredAt) : bound.payload;
  if (replayed.kind === 'resume') {
    if (replayed.deadline === undefined) return runTask(binding, bound, scope);
    const left = Math.ceil((replayed.deadline - scope.clock.now()) / 1000);
    if (left <= 0) {
      // Ran out while the runtime was down: times out now, recorded like any timeout (a later replay reads it).
      const timeout = statesTimeout('');
      new TaskEvents(binding, scope, { timeoutSeconds: undefined, heartbeatSeconds: undefined }).failed(timeout);
      throw timeout;
    }
    return runTask({ ...binding, timeoutSeconds: left }, bound, scope);
  }
  if (replayed.kind === 'waited') return runTask(binding, bound, scope);
  const events = new TaskEvents(binding, scope, { timeoutSeconds: undefined, heartbeatSeconds: undefined });
  events.scheduled(bound.payload ?? null);
  events.started();
  if (replayed.kind === 'returned') {
    events.succeeded(replayed.output);
    return replayed.output;
  }
  const error = replayedError(replayed);
  events.failed(error);
  throw error;
}

/** `enteredAt`: when the Wait was first entered (a resumed execution's Wait counts its Seconds from then). */
async function runWait(binding: WaitBinding, bound: BoundInput, scope: BindingScope, enteredAt = scope.clock.now()): Promise<unknown> {
  const now = enteredAt;
  let until = now;
  if (binding.seconds !== undefined) until = now + binding.seconds * 1000;
  else if (binding.timestamp !== undefined) until = timestampOf(binding.timestamp, 'Timestamp');
  else if ('seconds' in bound) until = now + nonNegativeInteger(bound.seconds, 'SecondsPath') * 1000;
  else if ('timestamp' in bound) until = timestampOf(bound.timestamp, 'TimestampPath');
  await scope.activity.park(closing(scope.clock.sleepUntil(until, scope.signal)));
  return bound.payload;
}

async function runTask(binding: TaskBinding, bound: BoundInput, scope: BindingScope): Promise<unknown> {
  const limits = {
    timeoutSeconds: binding.timeoutSeconds ?? optionalPositiveInteger(bound.timeoutSeconds, 'TimeoutSecondsPath'),
    heartbeatSeconds: binding.heartbeatSeconds ?? optionalPositiveInteger(bound.heartbeatSeconds, 'HeartbeatSecondsPath'),
  };
  const retries = new RetryPolicy(binding.retriers);
  for (;;) {
    try {
      return await attemptTask(binding, bound.payload ?? null, limits, scope);
    } catch (error) {
      if (scope.signal.aborted) throw new ExecutionClosedError();
      const retryable = error instanceof StatesRuntimeError ? false : (error as { isRetryable?: boolean }).isRetryable !== false;
      const delay = retryable ? retries.nextDelay((error as Error).name) : undefined;
      if (delay === undefined) throw error;
      scope.countTransition();
      await scope.activity.park(closing(scope.clock.sleep(delay, scope.signal)));
    }
  }
}

async function attemptTask(
  binding: TaskBinding,
  parameters: unknown,
  limits: { timeoutSeconds: number | undefined; heartbeatSeconds: number | undefined },
  scope: BindingScope,
): Promise<unknown> {
  const attempt = new AbortController();
  const signal = AbortSignal.any([scope.signal, attempt.signal]);
  const waitsForToken = binding.pattern === 'wait-for-task-token';
  let issued: IssuedToken | undefined;
  let payload = parameters;
  if (waitsForToken || JSON.stringify(parameters)?.includes(TASK_TOKEN_MARKER)) {
    // Registered before the target runs: a handler may answer the callback before it even returns.
    issued = scope.tokens.issue(scope.executionArn, binding.name);
    scope.tokenIssued(issued.token, binding.name);
    payload = withToken(parameters, issued.token);
  }
  const events = new TaskEvents(binding, scope, limits);
  events.scheduled(payload);
  events.started();
  try {
    const outcome = (async () => {
      const result = await invokeTarget(binding, payload, issued?.token, scope);
      if (!waitsForToken || !issued) return result;
      events.submitted(result);
      const answer = await scope.activity.park(issued.outcome);
      if (answer.kind === 'failure') throw new StatesError(answer.error, answer.cause);
      return answer.output;
    })();
    // `signal` also aborts when this attempt ends, which settles the guard harmlessly after the race.
    const guards: Array<Promise<unknown>> = [outcome, new Promise((_, reject) => onAbort(signal, () => reject(new ExecutionClosedError())))];
    if (limits.timeoutSeconds !== undefined) {
      guards.push(scope.clock.sleep(limits.timeoutSeconds * 1000, signal).then(() => Promise.reject(statesTimeout(''))));
    }
    if (limits.heartbeatSeconds !== undefined && issued) guards.push(heartbeatWatch(issued, limits.heartbeatSeconds, signal, scope.clock));
    const result = await Promise.race(guards);
    events.succeeded(result);
    return result;
  } catch (error) {
    if (!scope.signal.aborted) events.failed(error as Error);
    throw error;
  } finally {
    attempt.abort();
    issued?.close();
  }
}

async function invokeTarget(binding: TaskBinding, payload: unknown, taskToken: string | undefined, scope: BindingScope): Promise<unknown> {
  switch (binding.target.kind) {
    case 'lambda-function': {
      // Counted before the call: a failed invocation is billed (and retried) like a successful one.
      scope.countInvocation(lambdaFunctionName(binding.resource) ?? binding.resource);
      return (await invokeLocalLambda(scope.handlers, binding.resource, payload, scope.arnScope)).result;
    }
    case 'lambda-invoke': {
      const { FunctionName: functionName, Payload: lambdaPayload, Qualifier: qualifier, InvocationType: invocationType } = (payload ?? {}) as Record<string, unknown>;
      if (typeof functionName !== 'string') throw new StatesRuntimeError(`${binding.name}: lambda:invoke needs Parameters.FunctionName as a string`);
      const reference = typeof qualifier === 'string' && !/:[^:]+:\d{12}:function:[^:]+:/.test(functionName) ? `${functionName}:${qualifier}` : functionName;
      scope.countInvocation(lambdaFunctionName(reference) ?? reference);
      const invoking = invokeLocalLambda(scope.handlers, reference, lambdaPayload, scope.arnScope);
      if (invocationType === 'Event') {
        // Asynchronous invocation: Lambda answers 202 at once and the function's outcome is not the task's.
        invoking.catch(() => undefined);
        return { Payload: '', StatusCode: 202 };
      }
      return invokeEnvelope(await invoking, scope.clock.date());
    }
    case 'service': {
      const integration = scope.integrations.get(binding.target.base);
      if (!integration) throw new StatesRuntimeError(`${binding.name}: the local engine has no integration for ${binding.resource}`);
      scope.countInvocation(binding.target.base);
      const context = { executionArn: scope.executionArn, stateName: binding.name, resource: binding.resource, ...(taskToken ? { taskToken } : {}) };
      const result = await integration(structuredClone(payload), context);
      return JSON.parse(JSON.stringify(result ?? null)) as JsonValue;
    }
  }
}

/** Rejects with `States.HeartbeatTimeout` when no SendTaskHeartbeat arrives for `seconds`; each heartbeat restarts it. */
function heartbeatWatch(issued: IssuedToken, seconds: number, signal: AbortSignal, clock: VirtualClock): Promise<never> {
  return new Promise<never>((_, reject) => {
    let beat = new AbortController();
    const arm = () => {
      beat.abort();
      beat = new AbortController();
      clock
        .sleep(seconds * 1000, AbortSignal.any([signal, beat.signal]))
        .then(() => reject(new StatesError(ErrorNames.heartbeatTimeout, '')))
        .catch(() => undefined);
    };
    issued.onHeartbeat(arm);
    arm();
  });
}

/** Records the task's events the way the service does: Lambda ARN resources as `LambdaFunction…`, integrations as `Task…`. */
class TaskEvents {
  readonly #lambda: boolean;

  constructor(
    private readonly binding: TaskBinding,
    private readonly scope: BindingScope,
    private readonly limits: { timeoutSeconds: number | undefined; heartbeatSeconds: number | undefined },
  ) {
    this.#lambda = binding.target.kind === 'lambda-function';
  }

  scheduled(payload: unknown): void {
    const data = dataDetails(payload);
    const timeout = this.limits.timeoutSeconds === undefined ? {} : { timeoutInSeconds: this.limits.timeoutSeconds };
    if (this.#lambda) {
      this.#append('LambdaFunctionScheduled', { lambdaFunctionScheduledEventDetails: { resource: this.binding.resource, input: data.text, inputDetails: data.details, ...timeout } });
    } else {
      const heartbeat = this.limits.heartbeatSeconds === undefined ? {} : { heartbeatInSeconds: this.limits.heartbeatSeconds };
      this.#append('TaskScheduled', { taskScheduledEventDetails: { ...this.#resource(), region: this.scope.arnScope.region, parameters: data.text, ...timeout, ...heartbeat } });
    }
  }

  started(): void {
    if (this.#lambda) this.#append('LambdaFunctionStarted');
    else this.#append('TaskStarted', { taskStartedEventDetails: this.#resource() });
  }

  submitted(result: unknown): void {
    const data = dataDetails(result);
    this.#append('TaskSubmitted', { taskSubmittedEventDetails: { ...this.#resource(), output: data.text, outputDetails: data.details } });
  }

  succeeded(result: unknown): void {
    const data = dataDetails(result);
    if (this.#lambda) this.#append('LambdaFunctionSucceeded', { lambdaFunctionSucceededEventDetails: { output: data.text, outputDetails: data.details } });
    else this.#append('TaskSucceeded', { taskSucceededEventDetails: { ...this.#resource(), output: data.text, outputDetails: data.details } });
  }

  failed(error: Error): void {
    const timedOut = error.name === ErrorNames.timeout || error.name === ErrorNames.heartbeatTimeout;
    const details = { error: error.name, cause: error.message };
    if (this.#lambda) {
      if (timedOut) this.#append('LambdaFunctionTimedOut', { lambdaFunctionTimedOutEventDetails: details });
      else this.#append('LambdaFunctionFailed', { lambdaFunctionFailedEventDetails: details });
    } else if (timedOut) {
      this.#append('TaskTimedOut', { taskTimedOutEventDetails: { ...this.#resource(), ...details } });
    } else {
      this.#append('TaskFailed', { taskFailedEventDetails: { ...this.#resource(), ...details } });
    }
  }

  #resource() {
    return { resourceType: this.binding.resourceType, resource: this.binding.resourceName };
  }

  #append(type: NonNullable<HistoryEvent['type']>, details: EventDetails = {}): void {
    this.scope.history.append(type, this.scope.clock.date(), details);
  }
}

/** Replaces the `$$.Task.Token` marker wherever it appears, also inside strings built with States.Format. */
function withToken(value: unknown, token: string): unknown {
  if (typeof value === 'string') return value.split(TASK_TOKEN_MARKER).join(token);
  if (Array.isArray(value)) return value.map((item) => withToken(item, token));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, withToken(inner, token)]));
  return value;
}

/** A sleep or wait that the closing execution aborts surfaces as ExecutionClosedError (never retried or caught). */
function closing<T>(waiting: Promise<T>): Promise<T> {
  return waiting.catch((error: unknown) => {
    if (error instanceof StatesError) throw error;
    throw new ExecutionClosedError();
  });
}

function onAbort(signal: AbortSignal, listener: () => void): void {
  if (signal.aborted) listener();
  else signal.addEventListener('abort', listener, { once: true });
}

function nonNegativeInteger(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new StatesRuntimeError(`${field} must point to a non-negative integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

function optionalPositiveInteger(value: unknown, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new StatesRuntimeError(`${field} must point to a positive integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function timestampOf(value: unknown, field: string): number {
  const time = typeof value === 'string' && RFC3339.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) throw new StatesRuntimeError(`${field} must be an RFC 3339 timestamp, got ${JSON.stringify(value)}`);
  return time;
}
