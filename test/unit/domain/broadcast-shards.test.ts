/**
 * How a crisis broadcast splits the segment index's 16 shards into parallel loops, and each loop's share of the
 * provider quota (functions/domain/rules/broadcast-shards.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALL_SHARDS,
  defaultParallelism,
  quotaShare,
  RECIPIENTS_PER_LOOP,
  SHARD_COUNT,
  shardGroups,
  shardsOf,
} from '../../../functions/domain/rules/broadcast-shards';

describe('shard groups', () => {
  it('16 shards, all of them in the default range', () => {
    expect(SHARD_COUNT).toBe(16);
    expect(ALL_SHARDS).toEqual({ first: 0, last: 15 });
    expect(shardsOf(ALL_SHARDS)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
  });

  it.each([
    [1, [[0, 15]]],
    [2, [[0, 7], [8, 15]]],
    [3, [[0, 5], [6, 10], [11, 15]]],
    [5, [[0, 3], [4, 6], [7, 9], [10, 12], [13, 15]]],
    [7, [[0, 2], [3, 5], [6, 7], [8, 9], [10, 11], [12, 13], [14, 15]]],
  ])('%i groups: %j', (n, ranges) => {
    expect(shardGroups(n)).toEqual(ranges.map(([first, last]) => ({ first, last })));
  });

  it('one group at least, one shard per group at most, whole groups only', () => {
    expect(shardGroups(0)).toEqual([{ first: 0, last: 15 }]);
    expect(shardGroups(-3)).toEqual([{ first: 0, last: 15 }]);
    expect(shardGroups(40)).toEqual(Array.from({ length: 16 }, (_, i) => ({ first: i, last: i })));
    expect(shardGroups(2.9)).toEqual([{ first: 0, last: 7 }, { first: 8, last: 15 }]);
  });

  it('any count: contiguous groups covering every shard once, sizes differing by at most one, larger first', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 16 }), (n) => {
        const groups = shardGroups(n);
        expect(groups).toHaveLength(n);
        expect(groups.flatMap(shardsOf)).toEqual(shardsOf(ALL_SHARDS));
        const sizes = groups.map((g) => g.last - g.first + 1);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        expect([...sizes].sort((a, b) => b - a)).toEqual(sizes);
      }),
    );
  });

  it('lists the shards of a range, both ends included', () => {
    expect(shardsOf({ first: 3, last: 6 })).toEqual([3, 4, 5, 6]);
    expect(shardsOf({ first: 9, last: 9 })).toEqual([9]);
  });
});

describe('parallelism and quota', () => {
  it('plans one loop per 200 recipients a second of quota, at most one per shard', () => {
    expect(RECIPIENTS_PER_LOOP).toBe(200);
    expect(defaultParallelism(1)).toBe(1);
    expect(defaultParallelism(200)).toBe(1);
    expect(defaultParallelism(201)).toBe(2);
    expect(defaultParallelism(1000)).toBe(5);
    expect(defaultParallelism(3200)).toBe(16);
    expect(defaultParallelism(50_000)).toBe(16);
  });

  it('shares the quota in proportion to the shards of each group: 6, 5 and 5 sixteenths', () => {
    expect(shardGroups(3).map((group) => quotaShare(160, group))).toEqual([60, 50, 50]);
    expect(quotaShare(100, ALL_SHARDS)).toBe(100);
    expect(quotaShare(32, { first: 4, last: 4 })).toBe(2);
  });

  it('the shares of any grouping add up to the whole quota', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 16 }), fc.integer({ min: 1, max: 100_000 }), (n, quota) => {
        const total = shardGroups(n).reduce((sum, group) => sum + quotaShare(quota, group), 0);
        expect(total).toBeCloseTo(quota, 6);
      }),
    );
  });
});
