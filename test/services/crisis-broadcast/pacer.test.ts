/**
 * The broadcast pacer, on fake timers: a loop's provider calls are spaced to its share of the quota in 100 ms slots
 * (a tenth of the share each), a share under 10/s gets one slot a second, and tests can replace the pacer.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ALL_SHARDS } from '../../../functions/domain/rules/broadcast-shards';
import { pacerFor, quotaPacer, usePacer, type Pacer } from '../../../functions/services/crisis-broadcast/pacer';

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2026-11-23T10:00:00.000Z') });
});
afterEach(() => {
  vi.useRealTimers();
  usePacer(undefined);
});

/** Adds `n` calls; returns how many have started, read after each step of fake time. */
function startCalls(pacer: Pacer, n: number): { started: () => number; all: Promise<number[]> } {
  let started = 0;
  const all = Promise.all(
    Array.from({ length: n }, (_, i) =>
      pacer.add(() => {
        started++;
        return Promise.resolve(i);
      }),
    ),
  );
  return { started: () => started, all };
}

describe('the quota pacer', () => {
  it('lets a share of 100/s through as 10 calls per 100 ms slot', async () => {
    const calls = startCalls(quotaPacer({ quotaPerSecond: 100, shards: ALL_SHARDS }), 25);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.started()).toBe(10);
    await vi.advanceTimersByTimeAsync(99);
    expect(calls.started()).toBe(10);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls.started()).toBe(20);
    await vi.advanceTimersByTimeAsync(100);
    expect(calls.started()).toBe(25);
    // Each call settles with its own result, in order.
    expect(await calls.all).toEqual(Array.from({ length: 25 }, (_, i) => i));
  });

  it('gives a group its own share: 25/s is 2 calls per slot (the fraction is not rounded up)', async () => {
    const calls = startCalls(quotaPacer({ quotaPerSecond: 25, shards: { first: 0, last: 3 } }), 7);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.started()).toBe(2);
    await vi.advanceTimersByTimeAsync(100);
    expect(calls.started()).toBe(4);
    await vi.advanceTimersByTimeAsync(200);
    expect(calls.started()).toBe(7);
    await calls.all;
  });

  it('paces a share under 10/s in one slot a second', async () => {
    const calls = startCalls(quotaPacer({ quotaPerSecond: 5, shards: ALL_SHARDS }), 12);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.started()).toBe(5);
    await vi.advanceTimersByTimeAsync(999);
    expect(calls.started()).toBe(5);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls.started()).toBe(10);
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls.started()).toBe(12);
    await calls.all;
  });

  it('lets at least one call a second through when the share is under one a second', async () => {
    const calls = startCalls(quotaPacer({ quotaPerSecond: 0.5, shards: { first: 15, last: 15 } }), 3);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.started()).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls.started()).toBe(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls.started()).toBe(3);
    await calls.all;
  });

  it('passes a failing call on as its rejection, and the next calls still run', async () => {
    const pacer = quotaPacer({ quotaPerSecond: 100, shards: ALL_SHARDS });
    const failing = pacer.add(() => Promise.reject(new Error('ThrottledException')));
    const next = pacer.add(() => Promise.resolve('sent'));
    await expect(failing).rejects.toThrow('ThrottledException');
    await expect(next).resolves.toBe('sent');
  });
});

describe('choosing the pacer', () => {
  it('is the quota pacer unless replaced, with the request a loop makes; undefined puts it back', async () => {
    const requests: unknown[] = [];
    usePacer((request) => {
      requests.push(request);
      return { add: (call) => call() };
    });
    // A replaced pacer: 30 calls at once, no timer involved.
    const replaced = startCalls(pacerFor({ quotaPerSecond: 25, shards: { first: 4, last: 7 } }), 30);
    await vi.advanceTimersByTimeAsync(0);
    expect(replaced.started()).toBe(30);
    expect(requests).toEqual([{ quotaPerSecond: 25, shards: { first: 4, last: 7 } }]);

    usePacer(undefined);
    const restored = startCalls(pacerFor({ quotaPerSecond: 100, shards: ALL_SHARDS }), 30);
    await vi.advanceTimersByTimeAsync(0);
    expect(restored.started()).toBe(10);
    expect(requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(200);
    await restored.all;
  });
});
