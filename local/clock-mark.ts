/**
 * Virtual time never runs backwards across restarts of one data directory. A run at `JOURNEYS_TIME_SCALE=3600` is
 * days ahead of the wall clock after a few minutes; its executions' waits and the messages' timestamps are in that
 * virtual time. A restart — at the same scale or at real time — used to start the clock at the wall clock again, so
 * virtual time went backwards: waits already due were due again hours or days later, and new decisions were stamped
 * before old ones. The runtime keeps the virtual time in the data directory (`clock.json`, written every second and
 * when it stops) and the next start resumes from it when it is ahead of the wall clock. `--reset` removes it with
 * the rest of the data.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { VirtualClock } from './engine';
import { PRIVATE_FILE_MODE } from './paths';

/** How often the mark is written (real time): a killed runtime resumes at most this much of real time behind. */
export const CLOCK_MARK_INTERVAL_MS = 1000;

/** The virtual time the last run of this directory reached (epoch ms), or undefined when there is none to read. */
export function readClockMark(path: string): number | undefined {
  let mark: { virtualTime?: unknown };
  try {
    mark = JSON.parse(readFileSync(path, 'utf8')) as { virtualTime?: unknown };
  } catch {
    return undefined; // a new directory, one from before the mark existed, or a mark cut short: the wall clock
  }
  const virtual = typeof mark.virtualTime === 'string' ? Date.parse(mark.virtualTime) : Number.NaN;
  return Number.isNaN(virtual) ? undefined : virtual;
}

/** Writes the clock's virtual time to `path` every CLOCK_MARK_INTERVAL_MS, and once more on `stop()`. */
export function keepClockMark(path: string, clock: VirtualClock): { stop(): void } {
  const write = () => writeFileSync(path, `${JSON.stringify({ virtualTime: clock.date().toISOString(), scale: clock.scale })}\n`, { mode: PRIVATE_FILE_MODE });
  write();
  const timer = setInterval(write, CLOCK_MARK_INTERVAL_MS);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      write();
    },
  };
}
