/**
 * One runtime per data directory. dynalite's LevelDB and the journals are single-writer: a second `npm start` on
 * the same directory (on other ports) used to get past the port check and die deep inside LevelDB with
 * `Error: Database is closed`. A lock file holding the owner's pid is taken before anything opens the directory;
 * a lock whose process is gone (a crash, a kill -9) is taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_FILE = 'runtime.lock';

interface LockOwner {
  pid: number;
  startedAt: string;
  /** The owner's API, once it listens. */
  url?: string;
}

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner,
  ) {
    super(
      [
        `the data directory ${dataDir} is in use by another Journeys runtime (pid ${owner.pid}, started ${owner.startedAt}${owner.url ? `, API at ${owner.url}` : ''}).`,
        `  Stop that one (Ctrl-C in its terminal, or kill ${owner.pid}), or give this one a directory of its own:`,
        `    JOURNEYS_DATA_DIR=.journeys-2 npm start -- --port 3001`,
      ].join('\n'),
    );
    this.name = 'DataDirInUseError';
  }
}

export interface DataDirLock {
  /** Notes the owner's API in the lock, for the message a second runtime gets. */
  listening(url: string): void;
  release(): void;
}

/** Takes `<dataDir>/runtime.lock` for this process; throws DataDirInUseError while a live process holds it. */
export function lockDataDir(dataDir: string, now: Date = new Date()): DataDirLock {
  const path = join(dataDir, LOCK_FILE);
  const owner: LockOwner = { pid: process.pid, startedAt: now.toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      // `wx`: created only if absent, atomically — two runtimes starting at once cannot both get it.
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify(owner));
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readOwner(path);
      // Our own pid: a runtime of this process that was never stopped (one runs per process at a time, see
      // claimProcess), so the lock is stale.
      if (holder && holder.pid !== process.pid && isAlive(holder.pid)) throw new DataDirInUseError(dataDir, holder);
      // The holder is gone (or the file is unreadable, left half-written by a crash): take it over, once.
      if (attempt > 0) throw error;
      rmSync(path, { force: true });
    }
  }
  let released = false;
  return {
    listening: (url) => {
      if (!released) writeFileSync(path, JSON.stringify({ ...owner, url }));
    },
    release: () => {
      if (released) return;
      released = true;
      // Only our own lock: a directory taken over after a crash belongs to its new owner.
      if (readOwner(path)?.pid === process.pid) rmSync(path, { force: true });
    },
  };
}

function readOwner(path: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    return typeof owner.pid === 'number' ? { pid: owner.pid, startedAt: String(owner.startedAt ?? 'at an unknown time'), ...(owner.url ? { url: owner.url } : {}) } : undefined;
  } catch {
    return undefined;
  }
}

/** Signal 0 checks existence only: ESRCH means gone; EPERM means alive but someone else's. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
