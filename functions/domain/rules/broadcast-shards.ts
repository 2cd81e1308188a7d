/**
 * How a crisis broadcast splits its work: the segment index's shards go into contiguous groups, one loop each,
 * run in parallel; each loop sends at its share of the provider quota, so groups of unequal size end together.
 */

/** The shards of the segment index (every customer is in exactly one). */
export const SHARD_COUNT = 16;

/**
 * Recipients per second one loop is planned for (the default grouping, ⌈quota / 200⌉): the function's measured CPU
 * per recipient gives ~225/s at 80 % of a vCPU (docs/crisis-broadcast.md, "Figures").
 */
export const RECIPIENTS_PER_LOOP = 200;

/** Shards `first`…`last`, inclusive. */
export interface ShardRange {
  first: number;
  last: number;
}

export const ALL_SHARDS: ShardRange = { first: 0, last: SHARD_COUNT - 1 };

/** 16 shards in `n` contiguous groups whose sizes differ by at most one (3 groups: 0–5, 6–10, 11–15). */
export function shardGroups(n: number): ShardRange[] {
  const count = Math.max(1, Math.min(SHARD_COUNT, Math.floor(n)));
  const groups: ShardRange[] = [];
  for (let i = 0, first = 0; i < count; i++) {
    const size = Math.floor(SHARD_COUNT / count) + (i < SHARD_COUNT % count ? 1 : 0);
    groups.push({ first, last: first + size - 1 });
    first += size;
  }
  return groups;
}

/** How many loops a broadcast runs when the configuration does not say: enough for the quota, at most one per shard. */
export function defaultParallelism(quotaPerSecond: number): number {
  return Math.min(SHARD_COUNT, Math.ceil(quotaPerSecond / RECIPIENTS_PER_LOOP));
}

/** A group's share of the provider quota: in proportion to its shards (16 shards in 3 groups: 6, 5, 5). */
export function quotaShare(quotaPerSecond: number, range: ShardRange): number {
  return (quotaPerSecond * (range.last - range.first + 1)) / SHARD_COUNT;
}

export function shardsOf(range: ShardRange): number[] {
  return Array.from({ length: range.last - range.first + 1 }, (_, i) => range.first + i);
}
