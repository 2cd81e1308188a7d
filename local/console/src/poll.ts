/** Runs `task` now and every `intervalMs` until stopped; never two at once; paused while the page is hidden. */
export function poll(task: () => Promise<void>, intervalMs: number): { stop(): void; now(): Promise<void> } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  const run = async () => {
    if (stopped) return;
    if (running) return running;
    running = (async () => {
      try {
        if (!document.hidden) await task();
      } finally {
        running = undefined;
      }
    })();
    await running.catch(() => undefined);
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(async () => {
      await run();
      schedule();
    }, intervalMs);
  };
  void run().then(schedule);
  return {
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
    now: run,
  };
}
