/**
 * Crisis broadcast pacing for tests (functions/services/crisis-broadcast/pacer.ts). The production pacer spaces
 * provider calls in real time (100 messages/s by default): a test that waited for it to get "half-way" would depend
 * on the machine's load. Here a broadcast runs unpaced, or each shard group lets a number of provider calls through
 * and holds the rest until the test releases them — the middle of a broadcast is reached by count, and the test
 * learns it by a signal (`allHolding`), not by polling a clock.
 *
 * Install in a test (or `beforeEach`) and put the quota pacer back with `restorePacing()` in `afterEach`.
 */
import type { ShardRange } from '../../functions/domain/rules/broadcast-shards';
import { usePacer, type PacerFactory } from '../../functions/services/crisis-broadcast/pacer';

/** Every provider call at once: the broadcast's speed is the machine's, and nothing waits on a timer. */
export const unpaced: PacerFactory = () => ({ add: (call) => call() });

export function runUnpaced(): void {
  usePacer(unpaced);
}

export function restorePacing(): void {
  usePacer(undefined);
}

const keyOf = (shards: ShardRange) => `${shards.first}-${shards.last}`;

export interface GroupGate {
  /** Provider calls let through so far by the group walking `shards` (across its invocations). */
  passed(shards: ShardRange): number;
  /** Provider calls of that group waiting now. */
  held(shards: ShardRange): number;
  /** Resolves once each of `groups` has used its allowance and has a call waiting. */
  allHolding(groups: readonly ShardRange[]): Promise<void>;
  /** Lets every waiting call go, and every later one at once. */
  release(): void;
}

/**
 * Each shard group (one loop of the broadcast, keyed by its shard range) makes `passing` provider calls, then its
 * calls wait until `release()`. Installed as the broadcast pacer until `restorePacing()`.
 */
export function gateEachGroup(passing: number): GroupGate {
  const passed = new Map<string, number>();
  const waiting = new Map<string, (() => void)[]>();
  const watchers = new Set<() => void>();
  let released = false;
  const notify = () => watchers.forEach((check) => check());

  usePacer(({ shards }) => ({
    add: async (call) => {
      const key = keyOf(shards);
      if (!released && (passed.get(key) ?? 0) >= passing) {
        await new Promise<void>((resume) => {
          waiting.set(key, [...(waiting.get(key) ?? []), resume]);
          notify();
        });
      } else {
        passed.set(key, (passed.get(key) ?? 0) + 1);
      }
      return call();
    },
  }));

  return {
    passed: (shards) => passed.get(keyOf(shards)) ?? 0,
    held: (shards) => waiting.get(keyOf(shards))?.length ?? 0,
    allHolding: (groups) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (groups.every((group) => (waiting.get(keyOf(group))?.length ?? 0) > 0)) {
            watchers.delete(check);
            resolve();
          }
        };
        watchers.add(check);
        check();
      }),
    release: () => {
      released = true;
      for (const resumes of waiting.values()) resumes.splice(0).forEach((resume) => resume());
    },
  };
}
