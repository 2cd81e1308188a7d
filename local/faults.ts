/**
 * Fault injection for reliability tests: make the local providers fail the way the real ones do, on demand.
 *
 * ```ts
 * runtime.faults.sns.failNext(2, { name: 'ThrottledException', status: 429 });      // the next 2 Publish calls
 * runtime.faults.sns.failFor('+421900123456', { name: 'OptedOutException', status: 400 }); // until cleared
 * runtime.faults.ses.failNext(1, { name: 'TooManyRequestsException', status: 429 });
 * runtime.faults.routeEvent.failFor('start-onboarding-on-customer.signed_up', { name: 'Boom', status: 500 });
 * runtime.faults.clear();
 * ```
 * Targets: SNS — the phone number or endpoint ARN; SES — the first To address; routeEvent — the route id.
 * A fault answers in the provider's own error format (SNS: Query XML `ErrorResponse`, SES v2: REST JSON with
 * `x-amzn-ErrorType`), so the SDK raises its named exception and the adapters classify it as in the cloud.
 */
export interface FaultSpec {
  /** The SDK exception name, e.g. `ThrottledException`, `TooManyRequestsException`, `OptedOutException`. */
  name: string;
  /** HTTP status of the error answer. */
  status: number;
  message?: string;
}

export class FaultSwitch {
  #next: FaultSpec[] = [];
  readonly #byTarget = new Map<string, FaultSpec>();

  /** The next `count` calls fail with `fault` (queued after faults already armed). */
  failNext(count: number, fault: FaultSpec): void {
    for (let i = 0; i < count; i++) this.#next.push(fault);
  }

  /** Every call for `target` fails with `fault` until `clear()`. */
  failFor(target: string, fault: FaultSpec): void {
    this.#byTarget.set(target, fault);
  }

  clear(): void {
    this.#next = [];
    this.#byTarget.clear();
  }

  /** The fault this call must answer with, if any (consumes one `failNext`). */
  take(target: string | undefined): FaultSpec | undefined {
    const forTarget = target === undefined ? undefined : this.#byTarget.get(target);
    return forTarget ?? this.#next.shift();
  }
}

export interface Faults {
  /** SNS Publish (SMS and push). */
  sns: FaultSwitch;
  /** SES v2 SendEmail. */
  ses: FaultSwitch;
  /** Delivery of bus events to route-event (what the EventBridge rule targets do). */
  routeEvent: FaultSwitch;
  clear(): void;
}

export function createFaults(): Faults {
  const faults = { sns: new FaultSwitch(), ses: new FaultSwitch(), routeEvent: new FaultSwitch() };
  return {
    ...faults,
    clear: () => Object.values(faults).forEach((fault) => fault.clear()),
  };
}
