/**
 * The engine's notion of time. Journeys wait for days; a demo or a test cannot. Every Wait state, task
 * timeout, heartbeat and retry interval of the local engine sleeps on this clock instead of `setTimeout`.
 *
 * - `scaled` mode: virtual time runs `scale` times faster than real time (1 = real time, 86400 = a day per
 *   second); timers fire by themselves.
 * - `manual` mode: virtual time stands still until `advance()` moves it, so a test can jump three days
 *   instantly and deterministically.
 *
 * `advance()` works in both modes. It steps from timer to timer and lets the code woken by each timer run
 * (see `onSettle`) before moving on, so a 1-day Wait followed by a 2-day Wait both finish within `advance(3 days)`,
 * exactly as they would in real time.
 */

export type ClockMode = 'scaled' | 'manual';

export interface VirtualClockOptions {
  mode?: ClockMode;
  /** Virtual milliseconds per real millisecond in scaled mode (default 1). */
  scale?: number;
  /** Virtual time at creation (default: now). */
  start?: Date | number | string;
}

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
  detach: () => void;
}

/** setTimeout's longest delay; longer real delays are re-armed in steps. */
const MAX_REAL_DELAY_MS = 2_147_483_647;

const nextMacrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

export class VirtualClock {
  readonly mode: ClockMode;
  #scale: number;
  #anchorReal: number;
  #anchorVirtual: number;
  #timers: Timer[] = [];
  #seq = 0;
  #realTimer: NodeJS.Timeout | undefined;
  #settlers = new Set<() => Promise<void>>();
  #advancing: Promise<void> = Promise.resolve();

  constructor(options: VirtualClockOptions = {}) {
    this.mode = options.mode ?? 'scaled';
    this.#scale = validScale(options.scale ?? 1);
    this.#anchorReal = Date.now();
    this.#anchorVirtual = options.start === undefined ? this.#anchorReal : new Date(options.start).getTime();
    if (Number.isNaN(this.#anchorVirtual)) throw new RangeError(`invalid clock start: ${String(options.start)}`);
  }

  static manual(start?: Date | number | string): VirtualClock {
    return new VirtualClock({ mode: 'manual', ...(start === undefined ? {} : { start }) });
  }

  static scaled(scale: number, start?: Date | number | string): VirtualClock {
    return new VirtualClock({ mode: 'scaled', scale, ...(start === undefined ? {} : { start }) });
  }

  get scale(): number {
    return this.#scale;
  }

  /** Changes the speed from now on; virtual time does not jump. */
  setScale(scale: number): void {
    this.#reanchor(this.now());
    this.#scale = validScale(scale);
    this.#arm();
  }

  /** Virtual epoch milliseconds. */
  now(): number {
    if (this.mode === 'manual') return this.#anchorVirtual;
    return this.#anchorVirtual + (Date.now() - this.#anchorReal) * this.#scale;
  }

  date(): Date {
    return new Date(this.now());
  }

  /** Sleeps `ms` of virtual time. Rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return this.sleepUntil(this.now() + Math.max(0, ms), signal);
  }

  /** Sleeps until a virtual instant; an instant in the past resolves at once (a Wait on a past timestamp). */
  sleepUntil(at: number | Date, signal?: AbortSignal): Promise<void> {
    const target = typeof at === 'number' ? at : at.getTime();
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (target <= this.now()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        this.#remove(timer);
        reject(signal?.reason);
      };
      const timer: Timer = {
        at: target,
        seq: this.#seq++,
        resolve,
        detach: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#insert(timer);
      this.#arm();
    });
  }

  /**
   * Moves virtual time forward by `ms`, firing due timers in order and letting woken work settle after each.
   * Concurrent calls run one after the other.
   */
  advance(ms: number): Promise<void> {
    if (!(ms >= 0)) return Promise.reject(new RangeError(`cannot advance by ${ms} ms`));
    const run = this.#advancing.then(async () => {
      await this.#settle();
      const target = this.now() + ms;
      for (let next = this.#timers[0]; next !== undefined && next.at <= target; next = this.#timers[0]) {
        this.#jumpTo(next.at);
        this.#fireDue();
        await this.#settle();
      }
      this.#jumpTo(target);
      this.#fireDue();
      await this.#settle();
    });
    // A failed settle must not wedge later advances.
    this.#advancing = run.catch(() => undefined);
    return run;
  }

  advanceTo(instant: Date | number): Promise<void> {
    const target = typeof instant === 'number' ? instant : instant.getTime();
    return this.advance(Math.max(0, target - this.now()));
  }

  /** Number of sleeps waiting on this clock. */
  pendingTimers(): number {
    return this.#timers.length;
  }

  /** Virtual instant of the earliest pending sleep. */
  nextWakeUp(): number | undefined {
    return this.#timers[0]?.at;
  }

  /**
   * Registers a hook `advance()` awaits after each step, until the work woken by a timer has reached its next
   * sleep (the engine resolves it when no handler is running). Returns the unregister function.
   */
  onSettle(settle: () => Promise<void>): () => void {
    this.#settlers.add(settle);
    return () => this.#settlers.delete(settle);
  }

  /** Stops the real timer; pending sleeps stay pending (their owners abort them). */
  dispose(): void {
    if (this.#realTimer) clearTimeout(this.#realTimer);
    this.#realTimer = undefined;
  }

  async #settle(): Promise<void> {
    // Microtask-only work (the interpreter moving between states) is done after a macrotask turn.
    await nextMacrotask();
    for (const settle of [...this.#settlers]) await settle();
    await nextMacrotask();
  }

  #jumpTo(virtual: number): void {
    // Never backwards: in scaled mode time may have passed the timer already.
    this.#reanchor(Math.max(virtual, this.now()));
  }

  #reanchor(virtual: number): void {
    this.#anchorReal = Date.now();
    this.#anchorVirtual = virtual;
  }

  #insert(timer: Timer): void {
    // Sorted by (at, seq): equal instants fire in the order they were scheduled.
    let index = this.#timers.length;
    while (index > 0) {
      const before = this.#timers[index - 1];
      if (before === undefined || before.at <= timer.at) break;
      index--;
    }
    this.#timers.splice(index, 0, timer);
  }

  #remove(timer: Timer): void {
    const index = this.#timers.indexOf(timer);
    if (index >= 0) this.#timers.splice(index, 1);
    this.#arm();
  }

  #fireDue(): void {
    const now = this.now();
    while (this.#timers[0] !== undefined && this.#timers[0].at <= now) {
      const timer = this.#timers.shift() as Timer;
      timer.detach();
      timer.resolve();
    }
    this.#arm();
  }

  #arm(): void {
    if (this.#realTimer) clearTimeout(this.#realTimer);
    this.#realTimer = undefined;
    const next = this.#timers[0];
    if (this.mode === 'manual' || next === undefined) return;
    const delay = Math.min(MAX_REAL_DELAY_MS, Math.max(0, Math.ceil((next.at - this.now()) / this.#scale)));
    this.#realTimer = setTimeout(() => {
      this.#realTimer = undefined;
      this.#fireDue();
    }, delay);
  }
}

function validScale(scale: number): number {
  if (!Number.isFinite(scale) || scale <= 0) throw new RangeError(`clock scale must be a positive number, got ${scale}`);
  return scale;
}
