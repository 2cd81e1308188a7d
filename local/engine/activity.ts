/**
 * Knows whether any bound state is doing work right now (running a handler) as opposed to parked (sleeping on
 * the virtual clock or waiting for a task token). `VirtualClock.advance()` waits for `idle()` after each step,
 * so the work a timer wakes reaches its next sleep before time moves on. Between states the interpreter only
 * uses microtasks, which always finish before the next macrotask, so bound states are the only gaps to track.
 */
const nextMacrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

export class ActivityTracker {
  #active = 0;
  #whenIdle: Array<() => void> = [];

  enter(): void {
    this.#active++;
  }

  leave(): void {
    this.#active = Math.max(0, this.#active - 1);
    if (this.#active === 0) for (const resolve of this.#whenIdle.splice(0)) resolve();
  }

  /** Marks the caller as parked while `waiting` is pending. */
  async park<T>(waiting: Promise<T>): Promise<T> {
    this.leave();
    try {
      return await waiting;
    } finally {
      this.enter();
    }
  }

  /** Resolves once nothing has been active for two consecutive macrotask turns. */
  async idle(): Promise<void> {
    for (let quiet = 0; quiet < 2; ) {
      if (this.#active > 0) {
        await new Promise<void>((resolve) => this.#whenIdle.push(resolve));
        quiet = 0;
      }
      await nextMacrotask();
      quiet = this.#active === 0 ? quiet + 1 : 0;
    }
  }
}
