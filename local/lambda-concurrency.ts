/**
 * How many journey task invocations run at once. Each deployed Lambda instance has its own process, sockets and
 * clock; locally every handler shares one process and one SDK connection pool (50 sockets). Without a limit, a
 * burst — a restart resuming hundreds of journeys that each park on a wait again, a crisis wave — starts hundreds
 * of handlers whose SDK calls then queue for a socket while their Lambda deadline (real time) runs out: they fail
 * with middy's `TimeoutError`, which no Retry takes, and the journey FAILS. Here an invocation waits for a slot
 * before it starts, so its deadline counts from when it really runs, as Lambda's does (a throttled invoke is
 * retried by the service before the function starts).
 */
export class LambdaConcurrency {
  readonly #limit: number;
  #running = 0;
  readonly #waiting: Array<{ start: () => void; cancel: (error: Error) => void }> = [];
  #closed = false;

  constructor(limit: number) {
    this.#limit = Math.max(1, limit);
  }

  /** Runs `invoke` once a slot is free. After close(), calls not started yet fail without running. */
  async run<T>(invoke: () => Promise<T>): Promise<T> {
    if (this.#running >= this.#limit) {
      await new Promise<void>((start, cancel) => this.#waiting.push({ start, cancel }));
    } else {
      this.#running++;
    }
    try {
      return await invoke();
    } finally {
      this.#release();
    }
  }

  /** The runtime is stopping: nothing queued starts any more (its execution was journaled as running, it resumes). */
  close(): void {
    this.#closed = true;
    for (const waiter of this.#waiting.splice(0)) waiter.cancel(new Error('the local runtime stopped before this invocation started'));
  }

  #release(): void {
    const next = this.#closed ? undefined : this.#waiting.shift();
    // The slot passes straight to the next caller: `running` stays the same.
    if (next) next.start();
    else this.#running--;
  }
}
