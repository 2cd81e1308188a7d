/**
 * Fault injection for reliability tests: make the local providers, the table, the bus and the functions fail the
 * way the real ones do, on demand.
 *
 * ```ts
 * runtime.faults.sns.failNext(2, { name: 'ThrottledException', status: 429 });      // the next 2 Publish calls
 * runtime.faults.sns.failFor('+421900123456', { name: 'OptedOutException', status: 400 }); // until cleared
 * runtime.faults.ses.failNext(1, { name: 'TooManyRequestsException', status: 429 });
 * runtime.faults.routeEvent.failFor('start-onboarding-on-customer.signed_up', { name: 'Boom', status: 500 });
 * runtime.faults.dynamodb.failFor('PutItem SEND#', { name: 'ProvisionedThroughputExceededException', status: 400 }, 2);
 * runtime.faults.putEvents.failFor('customer.signed_up', { name: 'ThrottlingException', status: 400 }, 1);
 * const hold = runtime.faults.sns.holdAfter(100);                 // Publish calls after the 100th wait…
 * hold.release();                                                 // …until released or the runtime stops (SNS only)
 * runtime.faults.lambda.crash('deliver-message');                 // the next invocation dies before it runs
 * runtime.faults.lambda.timeOutAfterRun('deliver-message');       // the next one runs, then "times out"
 * runtime.faults.clear();
 * ```
 * Targets: SNS — the phone number or endpoint ARN; SES — the first To address; routeEvent — the route id;
 * DynamoDB — `<Operation>` or `<Operation> <sort-key prefix>` (the sort key up to its first `#`, e.g.
 * `PutItem SEND#`, `UpdateItem PROFILE`); putEvents — the entry's event id or its DetailType.
 * A provider fault answers in the provider's own error format (SNS: Query XML `ErrorResponse`, SES v2: REST JSON
 * with `x-amzn-ErrorType`, DynamoDB: JSON 1.0 `__type`), so the SDK raises its named exception, runs its own retry
 * policy on it, and the adapters classify it as in the cloud. A putEvents fault fails only the chosen entries of a
 * PutEvents call (`FailedEntryCount` > 0, the entry's `ErrorCode`), as EventBridge does.
 */
export interface FaultSpec {
  /** The SDK exception name, e.g. `ThrottledException`, `TooManyRequestsException`, `OptedOutException`. */
  name: string;
  /** HTTP status of the error answer. */
  status: number;
  message?: string;
}

/** One fault that was answered: which target matched (undefined for a `failNext` fault) and its name. */
export interface FiredFault {
  target: string | undefined;
  name: string;
}

interface TargetFault {
  fault: FaultSpec;
  /** Calls still to fail; Infinity until `clear()`. */
  left: number;
}

/** A provider that stalls after some calls: `held` calls wait until `release()` (or `clear()`). */
export interface Hold {
  /** Calls waiting now. */
  readonly held: number;
  /** Settles when the first call waits: the test's signal that the provider has stalled where it asked. */
  readonly holding: Promise<void>;
  release(): void;
}

export class FaultSwitch {
  #next: FaultSpec[] = [];
  readonly #byTarget = new Map<string, TargetFault>();
  #fired: FiredFault[] = [];
  #hold: { passing: number; waiters: (() => void)[]; stalled: () => void } | undefined;

  /**
   * Lets the next `passing` calls through, then holds every further call until `release()`: a test reaches "the
   * middle of a broadcast" by counting sends, not by waiting real seconds for a paced one to get there.
   */
  holdAfter(passing: number): Hold {
    this.releaseHold();
    let stalled = () => {};
    const holding = new Promise<void>((resolve) => (stalled = resolve));
    const hold = { passing, waiters: [] as (() => void)[], stalled };
    this.#hold = hold;
    return {
      get held() {
        return hold.waiters.length;
      },
      holding,
      release: () => {
        if (this.#hold === hold) this.releaseHold();
      },
    };
  }

  /** Undefined when the call may go on at once; otherwise a promise that settles once the hold is released. */
  wait(): Promise<void> | undefined {
    const hold = this.#hold;
    if (!hold) return undefined;
    if (hold.passing > 0) {
      hold.passing -= 1;
      return undefined;
    }
    const waiting = new Promise<void>((resolve) => hold.waiters.push(resolve));
    hold.stalled();
    return waiting;
  }

  /** Ends the hold, if any: the waiting calls go on (a stopping runtime does this, so a held page can finish). */
  releaseHold(): void {
    const hold = this.#hold;
    this.#hold = undefined;
    for (const resume of hold?.waiters.splice(0) ?? []) resume();
  }

  /** The next `count` calls fail with `fault` (queued after faults already armed). */
  failNext(count: number, fault: FaultSpec): void {
    for (let i = 0; i < count; i++) this.#next.push(fault);
  }

  /** Calls for `target` fail with `fault`: the next `times` of them, or every one until `clear()`. */
  failFor(target: string, fault: FaultSpec, times = Infinity): void {
    this.#byTarget.set(target, { fault, left: times });
  }

  clear(): void {
    this.#next = [];
    this.#byTarget.clear();
    this.#fired = [];
    this.releaseHold();
  }

  /** True when some call would fail (callers that must buffer a request to find its target check this first). */
  get armed(): boolean {
    return this.#next.length > 0 || this.#byTarget.size > 0;
  }

  /** Faults answered since the last `clear()`, oldest first: how a test sees the SDK's own retries happen. */
  get fired(): readonly FiredFault[] {
    return this.#fired;
  }

  /**
   * The fault this call must answer with, if any: the first of `targets` with a fault armed, else the next
   * `failNext` fault. Consumes one use of whichever answered.
   */
  take(...targets: (string | undefined)[]): FaultSpec | undefined {
    for (const target of targets) {
      const armed = target === undefined ? undefined : this.#byTarget.get(target);
      if (!armed) continue;
      if (--armed.left <= 0) this.#byTarget.delete(target as string);
      this.#fired.push({ target, name: armed.fault.name });
      return armed.fault;
    }
    const next = this.#next.shift();
    if (next) this.#fired.push({ target: undefined, name: next.name });
    return next;
  }
}

/**
 * Faults of the functions themselves, by function name (contracts/functions.ts), in the error shapes the
 * Lambda service reports them with (what Step Functions sees as the error name, and the `ErrorEquals` that match):
 * - `crash`: the invocation dies before the handler runs (`Runtime.ExitError`, as when the runtime process exits
 *   or is killed): nothing of its work happened;
 * - `timeOutAfterRun`: the handler runs to the end — its side effects (a provider accepted the message, the table
 *   was written) happened — and then the invocation is reported as timed out (`Sandbox.Timedout`, Lambda's error
 *   for a function that hit its timeout), so the caller's retry runs it again.
 */
export type LambdaFaultKind = 'crash' | 'timeout-after-run';

export interface FiredLambdaFault {
  functionName: string;
  kind: LambdaFaultKind;
}

export class LambdaFaults {
  readonly #armed = new Map<string, { kind: LambdaFaultKind; left: number }[]>();
  #fired: FiredLambdaFault[] = [];

  /** The next `times` invocations of `functionName` die before the handler runs. */
  crash(functionName: string, times = 1): void {
    this.#arm(functionName, 'crash', times);
  }

  /** The next `times` invocations of `functionName` run the handler, then fail as timed out. */
  timeOutAfterRun(functionName: string, times = 1): void {
    this.#arm(functionName, 'timeout-after-run', times);
  }

  clear(): void {
    this.#armed.clear();
    this.#fired = [];
  }

  get fired(): readonly FiredLambdaFault[] {
    return this.#fired;
  }

  /** Runs one invocation of `functionName` (`run` calls the handler) under the fault armed for it, if any. */
  async invoke<T>(functionName: string, requestId: string, timeoutSeconds: number, run: () => Promise<T>): Promise<T> {
    const kind = this.#take(functionName);
    if (kind === 'crash') throw lambdaError('Runtime.ExitError', `RequestId: ${requestId} Error: Runtime exited with error: signal: killed`);
    const result = await run();
    if (kind === 'timeout-after-run') {
      throw lambdaError('Sandbox.Timedout', `RequestId: ${requestId} Error: Task timed out after ${timeoutSeconds.toFixed(2)} seconds`);
    }
    return result;
  }

  #arm(functionName: string, kind: LambdaFaultKind, times: number): void {
    const queue = this.#armed.get(functionName) ?? [];
    queue.push({ kind, left: times });
    this.#armed.set(functionName, queue);
  }

  #take(functionName: string): LambdaFaultKind | undefined {
    const queue = this.#armed.get(functionName);
    const head = queue?.[0];
    if (!queue || !head) return undefined;
    if (--head.left <= 0) queue.shift();
    if (queue.length === 0) this.#armed.delete(functionName);
    this.#fired.push({ functionName, kind: head.kind });
    return head.kind;
  }
}

function lambdaError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name });
}

export interface Faults {
  /** SNS Publish (SMS and push). */
  sns: FaultSwitch;
  /** SES v2 SendEmail. */
  ses: FaultSwitch;
  /** Delivery of bus events to route-event (what the EventBridge rule targets do). */
  routeEvent: FaultSwitch;
  /** The handlers' DynamoDB endpoint (every operation of every function). */
  dynamodb: FaultSwitch;
  /** Entries of PutEvents calls on the journeys bus. */
  putEvents: FaultSwitch;
  /** Invocations of the functions (by the engine, the bus and the HTTP API alike). */
  lambda: LambdaFaults;
  clear(): void;
}

export function createFaults(): Faults {
  const switches = { sns: new FaultSwitch(), ses: new FaultSwitch(), routeEvent: new FaultSwitch(), dynamodb: new FaultSwitch(), putEvents: new FaultSwitch() };
  const lambda = new LambdaFaults();
  return {
    ...switches,
    lambda,
    clear: () => {
      Object.values(switches).forEach((fault) => fault.clear());
      lambda.clear();
    },
  };
}
