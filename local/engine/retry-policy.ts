/**
 * A Task state's `Retry` field as the Amazon States Language specifies it, evaluated by the task binding so
 * retry intervals run on the virtual clock (the library would sleep them in real time, without backoff when
 * overridden).
 *
 * - Retriers are tried in order; the first whose `ErrorEquals` matches decides, even when its attempts are used up.
 * - `States.ALL` matches every error, `States.TaskFailed` every error except `States.Timeout`.
 * - Interval = IntervalSeconds (1) × BackoffRate (2) ^ attempt, capped by MaxDelaySeconds; `JitterStrategy: FULL`
 *   picks uniformly in [0, interval]. MaxAttempts defaults to 3; 0 never retries.
 * - `States.Runtime` is never retried.
 */
import { ErrorNames } from './errors';
import type { Retrier } from './types';

export function errorMatches(pattern: string, errorName: string): boolean {
  if (errorName === ErrorNames.runtime) return false;
  if (pattern === ErrorNames.all) return true;
  if (pattern === ErrorNames.taskFailed) return errorName !== ErrorNames.timeout;
  return pattern === errorName;
}

export class RetryPolicy {
  readonly #retriers: readonly Retrier[];
  readonly #attempts: number[];
  readonly #random: () => number;

  constructor(retriers: readonly Retrier[], random: () => number = Math.random) {
    this.#retriers = retriers;
    this.#attempts = retriers.map(() => 0);
    this.#random = random;
  }

  /** Milliseconds to wait before retrying after `errorName`, or undefined when the error is not retried. */
  nextDelay(errorName: string): number | undefined {
    for (const [index, retrier] of this.#retriers.entries()) {
      if (!retrier.ErrorEquals.some((pattern) => errorMatches(pattern, errorName))) continue;
      const attempt = this.#attempts[index] ?? 0;
      if (attempt >= (retrier.MaxAttempts ?? 3)) return undefined;
      this.#attempts[index] = attempt + 1;
      const interval = (retrier.IntervalSeconds ?? 1) * Math.pow(retrier.BackoffRate ?? 2, attempt);
      const capped = retrier.MaxDelaySeconds === undefined ? interval : Math.min(interval, retrier.MaxDelaySeconds);
      const seconds = retrier.JitterStrategy === 'FULL' ? this.#random() * capped : capped;
      return seconds * 1000;
    }
    return undefined;
  }

  /** Retries taken so far (`$$.State.RetryCount` in the service). */
  get retryCount(): number {
    return this.#attempts.reduce((sum, attempts) => sum + attempts, 0);
  }
}
