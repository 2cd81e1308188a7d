/**
 * Exponential backoff for the retries the SDK does not do for us (unprocessed batch items, refused PutEvents
 * entries, conditional-write contention, provider throttling inside a broadcast, local bus deliveries).
 */

export interface Backoff {
  /** The ceiling of the first delay; doubled for each further attempt. */
  readonly baseMs: number;
  /** The largest ceiling (default: none). */
  readonly maxMs?: number;
  /**
   * `full` (default): anywhere from 0 to the ceiling, the AWS guidance for competing callers; `equal`: half fixed,
   * half random, as EventBridge spaces its target retries.
   */
  readonly jitter?: 'full' | 'equal';
}

/** The delay before retry number `retry` (1 for the first retry), in ms. */
export function backoffDelay(policy: Backoff, retry: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs ?? Number.POSITIVE_INFINITY, policy.baseMs * 2 ** (retry - 1));
  return policy.jitter === 'equal' ? ceiling / 2 + random() * (ceiling / 2) : random() * ceiling;
}

/** Sleeps for `backoffDelay(policy, retry)`. */
export function backOff(policy: Backoff, retry: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, backoffDelay(policy, retry)));
}
