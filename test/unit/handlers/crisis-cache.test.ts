/**
 * The crisis record cache of a warm Lambda (1 s by default): a declaration reaches every decision within a second,
 * decisions in that second share one read, and a failed read is not remembered. Fake timers drive Date.now.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CrisisRecord } from '../../../functions/domain/model/crisis';
import { cachedCrisis } from '../../../functions/handlers/runtime/dependencies';
import { activeCrisis } from '../../support/builders';

describe('cachedCrisis (1 s)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-11-23T10:00:00.000Z'), toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads once per second, and a crisis declared meanwhile is seen one second after the last read', async () => {
    let stored: CrisisRecord = { active: false };
    const load = vi.fn(async () => stored);
    const current = cachedCrisis(load, 1000);

    expect(await current()).toEqual({ active: false });
    const [a, b] = await Promise.all([current(), current()]);
    expect([a, b]).toEqual([{ active: false }, { active: false }]);
    expect(load).toHaveBeenCalledTimes(1);

    stored = activeCrisis();
    vi.advanceTimersByTime(999);
    expect(await current()).toEqual({ active: false });
    expect(load).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(await current()).toEqual(activeCrisis());
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('does not cache a failed read: the next decision reads again at once', async () => {
    const load = vi.fn<() => Promise<CrisisRecord>>().mockRejectedValueOnce(new Error('throttled')).mockResolvedValue(activeCrisis());
    const current = cachedCrisis(load, 1000);
    await expect(current()).rejects.toThrow('throttled');
    expect(await current()).toEqual(activeCrisis());
    expect(load).toHaveBeenCalledTimes(2);
    // The good answer is cached as usual.
    expect(await current()).toEqual(activeCrisis());
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('with a ttl of 0 (the local runtime) reads for every decision', async () => {
    const load = vi.fn(async (): Promise<CrisisRecord> => ({ active: false }));
    const current = cachedCrisis(load, 0);
    await current();
    await current();
    expect(load).toHaveBeenCalledTimes(2);
  });
});
