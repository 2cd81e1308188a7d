/**
 * The stack's every-minute schedule of journey-lifecycle (pauses and the marketing freeze ending by themselves at
 * their `until`), on the virtual clock. Running it every virtual minute would cost a day of sweeps per real second
 * at `JOURNEYS_TIME_SCALE=86400`, and 43,200 of them in a test that jumps a month; instead the sweep runs at the
 * instant it names as the next end (`nextEndAt`), and again after every lifecycle change (a new pause or freeze
 * moves that instant). What it does at that instant is what the minute schedule does within a minute of it.
 */
import type { VirtualClock } from './engine';
import type { RuntimeLog } from './log';

export interface LifecycleScheduleOptions {
  clock: VirtualClock;
  /** Invokes journey-lifecycle; resolves with its answer. */
  sweep(): Promise<unknown>;
  log: RuntimeLog;
}

export class LifecycleSchedule {
  readonly #options: LifecycleScheduleOptions;
  #sleeping: AbortController | undefined;
  #running: Promise<void> = Promise.resolve();
  #stopped = false;
  readonly #unregister: () => void;

  constructor(options: LifecycleScheduleOptions) {
    this.#options = options;
    // A clock step that woke the sweep is settled once the sweep (and the entries it started) is done.
    this.#unregister = options.clock.onSettle(() => this.#running);
  }

  /** Runs the sweep now and sleeps until the next end it names. */
  poke(): void {
    if (this.#stopped) return;
    this.#sleeping?.abort();
    this.#running = this.#running.then(() => this.#runOnce());
  }

  stop(): Promise<void> {
    this.#stopped = true;
    this.#sleeping?.abort();
    this.#unregister();
    return this.#running;
  }

  async #runOnce(): Promise<void> {
    if (this.#stopped) return;
    let next: string | undefined;
    try {
      next = ((await this.#options.sweep()) as { nextEndAt?: string } | undefined)?.nextEndAt;
    } catch (error) {
      this.#options.log.warn(`ending expired pauses and freezes failed: ${(error as Error).message}; trying again at the next change`);
      return;
    }
    if (next === undefined || this.#stopped) return;
    const sleeping = new AbortController();
    this.#sleeping = sleeping;
    // Not awaited: the sleep must not hold up settling; when it fires, the sweep runs again.
    this.#options.clock.sleepUntil(Date.parse(next), sleeping.signal).then(
      () => this.poke(),
      () => undefined,
    );
  }
}
