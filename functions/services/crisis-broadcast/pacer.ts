/**
 * How a broadcast loop spaces its provider calls: at most its share of the provider quota each second, in slots of
 * 100 ms, so a second never holds more than the quota and sends do not come in one burst per second.
 *
 * The pacer is chosen per loop through `pacerFor`. Lambda and the local runtime always use the quota pacer (real
 * time); tests replace it (`usePacer`) to drive a broadcast by counts and signals — "every group has sent 50" —
 * instead of letting a 100 messages/s pace run for real seconds on a machine whose load they do not control.
 */
import PQueue from 'p-queue';
import type { ShardRange } from '../../domain/rules/broadcast-shards';

/** Runs one provider call when its turn comes; settles as the call does. */
export interface Pacer {
  add<T>(call: () => Promise<T>): Promise<T>;
}

/** What a loop's pacer is for: its share of the quota (messages per second) and the shards it walks. */
export interface PacerRequest {
  quotaPerSecond: number;
  shards: ShardRange;
}

export type PacerFactory = (request: PacerRequest) => Pacer;

/** Slots per second when the share allows ten of them (a share under 10/s gets one slot a second). */
const SLOTS_PER_SECOND = 10;

/** The production pacer: `quotaPerSecond` calls a second, in 100 ms slots of a tenth each (at least one call a slot). */
export const quotaPacer: PacerFactory = ({ quotaPerSecond }) => {
  const slots = quotaPerSecond >= SLOTS_PER_SECOND ? SLOTS_PER_SECOND : 1;
  const queue = new PQueue({ intervalCap: Math.max(1, Math.floor(quotaPerSecond / slots)), interval: 1000 / slots });
  return { add: (call) => queue.add(call) };
};

let current: PacerFactory = quotaPacer;

/** The pacer of one broadcast loop (one invocation of the crisis-broadcast task). */
export function pacerFor(request: PacerRequest): Pacer {
  return current(request);
}

/** Replaces the pacer of the loops that start from now on; `undefined` puts the quota pacer back. */
export function usePacer(factory: PacerFactory | undefined): void {
  current = factory ?? quotaPacer;
}
