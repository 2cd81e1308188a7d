/** The virtual clock: manual time only moves with advance(), sleeps fire in order, aborts reject. */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../local/engine';

describe('VirtualClock', () => {
  it('stands still in manual mode and fires sleeps in time order on advance', async () => {
    const clock = VirtualClock.manual('2026-01-01T00:00:00Z');
    const start = clock.now();
    const fired: string[] = [];
    void clock.sleep(2_000).then(() => fired.push(`b@${clock.now() - start}`));
    void clock.sleep(1_000).then(() => fired.push(`a@${clock.now() - start}`));
    void clock.sleep(2_000).then(() => fired.push(`c@${clock.now() - start}`));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(clock.now()).toBe(start);
    await clock.advance(1_500);
    expect(fired).toEqual(['a@1000']);
    await clock.advance(500);
    expect(fired).toEqual(['a@1000', 'b@2000', 'c@2000']);
    expect(clock.now() - start).toBe(2_000);
  });

  it('lets work woken by one timer schedule the next within the same advance', async () => {
    const clock = VirtualClock.manual(0);
    const log: number[] = [];
    void (async () => {
      await clock.sleep(1_000);
      log.push(clock.now());
      await clock.sleep(2_000);
      log.push(clock.now());
    })();
    await clock.advance(3_000);
    expect(log).toEqual([1_000, 3_000]);
  });

  it('resolves past instants at once and rejects aborted sleeps', async () => {
    const clock = VirtualClock.manual(10_000);
    await clock.sleepUntil(5_000);
    const controller = new AbortController();
    const sleeping = clock.sleep(1_000, controller.signal);
    controller.abort(new Error('stopped'));
    await expect(sleeping).rejects.toThrow('stopped');
    expect(clock.pendingTimers()).toBe(0);
  });

  it('runs scaled time by itself and keeps continuity when the scale changes', async () => {
    const clock = VirtualClock.scaled(1_000);
    const before = clock.now();
    await clock.sleep(20_000); // 20 virtual seconds ≈ 20 ms
    expect(clock.now() - before).toBeGreaterThanOrEqual(20_000);
    const at = clock.now();
    clock.setScale(1);
    expect(clock.now()).toBeGreaterThanOrEqual(at);
    expect(clock.now() - at).toBeLessThan(1_000);
    expect(() => clock.setScale(0)).toThrow(RangeError);
    clock.dispose();
  });
});
