/**
 * One execution, from ExecutionStarted to its closing event: runs the prepared definition with
 * aws-local-stepfunctions (bound states call back into the engine), translates the library's event log into the
 * history, and closes the execution as SUCCEEDED, FAILED, ABORTED (stop) or TIMED_OUT (top-level TimeoutSeconds
 * on the virtual clock), with the service's error/cause.
 */
import { ExecutionError, type StateMachine } from 'aws-local-stepfunctions';
import type { ActivityTracker } from './activity';
import type { ArnScope } from './arns';
import { TASK_TOKEN_MARKER, type PreparedDefinition } from './definition-transform';
import { ErrorNames } from './errors';
import { dataDetails, type HistoryLog } from './history-log';
import { LibraryEventTranslator } from './library-events';
import { loadLibraryTimeoutClass } from './library-timeout';
import type { Replay } from './replay';
import { runBinding, type BindingScope } from './state-bindings';
import type { TaskTokenRegistry } from './task-tokens';
import type { ExecutionStatus, ExecutionUsage, JsonValue, LocalLambdaHandler, ServiceIntegrationHandler } from './types';
import type { VirtualClock } from './virtual-clock';

export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  stateMachineName: string;
  name: string;
  input: string;
  roleArn: string;
  startDate: Date;
  /** The version it runs (started on a version, or on an alias that chose it). */
  stateMachineVersionArn?: string;
  /** The alias it was started on. */
  stateMachineAliasArn?: string;
  status: ExecutionStatus;
  stopDate?: Date;
  output?: string;
  error?: string;
  cause?: string;
  history: HistoryLog;
  usage: ExecutionUsage;
}

export interface RunDependencies {
  machine: StateMachine;
  prepared: PreparedDefinition;
  clock: VirtualClock;
  arnScope: ArnScope;
  handlers: ReadonlyMap<string, LocalLambdaHandler>;
  integrations: ReadonlyMap<string, ServiceIntegrationHandler>;
  tokens: TaskTokenRegistry;
  activity: ActivityTracker;
  tokenIssued(executionArn: string, token: string, stateName: string): void;
  /** Called once, when the execution has closed and its history is complete. */
  closed(record: ExecutionRecord): void;
  /** The journaled outcomes of the interrupted execution this one resumes. */
  replay?: Replay;
}

type Outcome = { kind: 'returned'; output: JsonValue } | { kind: 'threw'; error: unknown };

export class ExecutionRun {
  readonly record: ExecutionRecord;
  readonly done: Promise<void>;
  readonly #deps: RunDependencies;
  readonly #controller = new AbortController();
  #abortLibrary: () => void = () => undefined;
  /** Set when the engine closes: stop without recording anything, the journal keeps the execution open. */
  #abandoned = false;

  constructor(record: ExecutionRecord, deps: RunDependencies) {
    this.record = record;
    this.#deps = deps;
    const input = dataDetails(JSON.parse(record.input));
    record.history.append('ExecutionStarted', record.startDate, {
      executionStartedEventDetails: {
        input: input.text,
        inputDetails: input.details,
        roleArn: record.roleArn,
        ...(record.stateMachineVersionArn ? { stateMachineVersionArn: record.stateMachineVersionArn } : {}),
        ...(record.stateMachineAliasArn ? { stateMachineAliasArn: record.stateMachineAliasArn } : {}),
      },
    });
    this.done = this.#run();
  }

  /** StopExecution: closes the execution as ABORTED now; the history completes asynchronously. */
  stop(error?: string, cause?: string): void {
    this.#close('ABORTED', error, cause);
  }

  /** Engine shutdown: stops running without closing the execution (it is reported as interrupted on reopen). */
  abandon(): void {
    if (this.record.status !== 'RUNNING') return;
    this.#abandoned = true;
    this.record.history.seal();
    this.#controller.abort();
    this.#abortLibrary();
  }

  #close(status: 'ABORTED' | 'TIMED_OUT', error?: string, cause?: string): void {
    if (this.record.status !== 'RUNNING') return;
    Object.assign(this.record, { status, stopDate: this.#deps.clock.date() });
    if (error !== undefined) this.record.error = error;
    if (cause !== undefined) this.record.cause = cause;
    this.#controller.abort();
    this.#abortLibrary();
  }

  async #run(): Promise<void> {
    await loadLibraryTimeoutClass();
    const { record, clock, prepared } = { record: this.record, clock: this.#deps.clock, prepared: this.#deps.prepared };
    const translator = new LibraryEventTranslator(prepared, record.history, () => clock.date(), () => record.usage.stateTransitions++);
    if (this.#controller.signal.aborted) return this.#finish({ kind: 'returned', output: null }, translator);

    const scope = this.#bindingScope();
    const taskResourceLocalHandlers: Record<string, (input: unknown) => Promise<never>> = Object.create(null);
    for (const [unique, binding] of prepared.bindings) {
      taskResourceLocalHandlers[unique] = (input) => runBinding(binding, input, scope) as Promise<never>;
    }
    // Map/Parallel retries stay with the library, which sleeps in real time: scale the interval (no backoff).
    const retryIntervalOverrides: Record<string, number[]> = Object.create(null);
    for (const [unique, retriers] of prepared.retryStates) {
      retryIntervalOverrides[unique] = retriers.map((retrier) => (clock.mode === 'manual' ? 0 : ((retrier.IntervalSeconds ?? 1) * 1000) / clock.scale));
    }
    const input = JSON.parse(record.input) as JsonValue;
    const execution = this.#deps.machine.run(input as never, {
      overrides: { taskResourceLocalHandlers, retryIntervalOverrides },
      context: this.#context(input),
      noThrowOnAbort: true,
    });
    this.#abortLibrary = execution.abort;
    const consumed = (async () => {
      for await (const event of execution.eventLogs) translator.translate(event);
    })();
    if (prepared.timeoutSeconds !== undefined) {
      clock
        .sleep(prepared.timeoutSeconds * 1000, this.#controller.signal)
        .then(() => this.#close('TIMED_OUT', ErrorNames.timeout, `The execution timed out after ${prepared.timeoutSeconds} seconds`))
        .catch(() => undefined);
    }
    let outcome: Outcome;
    try {
      outcome = { kind: 'returned', output: (await execution.result) as JsonValue };
    } catch (error) {
      outcome = { kind: 'threw', error };
    }
    await consumed;
    this.#finish(outcome, translator);
  }

  #finish(outcome: Outcome, translator: LibraryEventTranslator): void {
    const record = this.record;
    // Whatever is still parked (token waits, sleeps in other branches) ends with the execution.
    this.#controller.abort();
    this.#deps.tokens.closeExecution(record.executionArn);
    if (this.#abandoned) return;
    const now = this.#deps.clock.date();
    const history = record.history;
    if (record.status === 'ABORTED') {
      for (const state of translator.openStates()) history.append(`${state.type}StateAborted` as never, now, { stateExitedEventDetails: { name: state.name } });
      history.close('ExecutionAborted', now, { executionAbortedEventDetails: errorDetails(record) });
    } else if (record.status === 'TIMED_OUT') {
      history.close('ExecutionTimedOut', now, { executionTimedOutEventDetails: errorDetails(record) });
    } else if (outcome.kind === 'returned') {
      const output = dataDetails(outcome.output);
      Object.assign(record, { status: 'SUCCEEDED', stopDate: now, output: output.text });
      history.close('ExecutionSucceeded', now, { executionSucceededEventDetails: { output: output.text, outputDetails: output.details } });
    } else {
      const { error, cause } = failureOf(outcome.error, translator);
      Object.assign(record, { status: 'FAILED', stopDate: now });
      if (error !== undefined) record.error = error;
      if (cause !== undefined) record.cause = cause;
      history.close('ExecutionFailed', now, { executionFailedEventDetails: errorDetails(record) });
    }
    this.#deps.closed(record);
  }

  #bindingScope(): BindingScope {
    const record = this.record;
    return {
      executionArn: record.executionArn,
      clock: this.#deps.clock,
      signal: this.#controller.signal,
      history: record.history,
      arnScope: this.#deps.arnScope,
      handlers: this.#deps.handlers,
      integrations: this.#deps.integrations,
      tokens: this.#deps.tokens,
      activity: this.#deps.activity,
      countTransition: () => record.usage.stateTransitions++,
      countInvocation: (target) => {
        record.usage.taskInvocations[target] = (record.usage.taskInvocations[target] ?? 0) + 1;
      },
      tokenIssued: (token, stateName) => this.#deps.tokenIssued(record.executionArn, token, stateName),
      ...(this.#deps.replay ? { replay: this.#deps.replay } : {}),
    };
  }

  /**
   * The context object. `Execution` is what the transform's `$$.LocalExecution` paths read (the library would
   * report real time and, inside a Map, the iteration's input). `State.EnteredTime` is read while the state's
   * input is processed, right as it is entered, so a getter on the virtual clock gives the entered time.
   */
  #context(input: JsonValue): Record<string, unknown> {
    const record = this.record;
    const clock = this.#deps.clock;
    return {
      LocalExecution: {
        Id: record.executionArn,
        Name: record.name,
        Input: input,
        StartTime: record.startDate.toISOString(),
        RoleArn: record.roleArn,
        RedriveCount: 0,
      },
      StateMachine: { Id: record.stateMachineArn, Name: record.stateMachineName },
      State: {
        get EnteredTime() {
          return clock.date().toISOString();
        },
        RetryCount: 0,
      },
      Task: { Token: TASK_TOKEN_MARKER },
    };
  }
}

function errorDetails(record: ExecutionRecord): { error?: string; cause?: string } {
  return { ...(record.error === undefined ? {} : { error: record.error }), ...(record.cause === undefined ? {} : { cause: record.cause }) };
}

/**
 * The execution's error and cause. A Fail state without Error/Cause leaves them unset as in the service (the
 * library would report `FailStateError` / "Execution failed because of a Fail state").
 */
function failureOf(thrown: unknown, translator: LibraryEventTranslator): { error?: string; cause?: string } {
  const error = thrown instanceof ExecutionError && thrown.cause instanceof Error ? thrown.cause : thrown;
  if (!(error instanceof Error)) return { error: ErrorNames.runtime, cause: String(error) };
  const failState = translator.lastFailedState;
  if (failState?.type === 'Fail' && error.constructor.name === 'FailStateError') {
    return {
      ...(failState.failHasError ? { error: error.name } : {}),
      ...(failState.failHasCause ? { cause: error.message } : {}),
    };
  }
  return { error: error.name, cause: error.message };
}
