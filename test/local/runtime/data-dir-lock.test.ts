import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirInUseError, LOCK_FILE, lockDataDir } from '../../../local/data-dir-lock';
import { REPO_ROOT } from '../../../local/paths';
import { startTestRuntime, tempDataDir } from '../../support/runtime';

/** Another process that stays alive until killed: the holder of a lock. */
function otherProcess(): ChildProcess {
  return spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
}

/** A pid that no process has: a child that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

describe('the data directory lock', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) child.kill();
  });

  it('refuses a directory another live process holds, naming its pid, its API and JOURNEYS_DATA_DIR', () => {
    const dir = tempDataDir();
    const holder = otherProcess();
    children.push(holder);
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: holder.pid, startedAt: '2026-11-23T10:00:00.000Z', url: 'http://127.0.0.1:3000' }));

    expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
    expect(() => lockDataDir(dir)).toThrow(
      `the data directory ${dir} is in use by another Journeys runtime (pid ${holder.pid}, started 2026-11-23T10:00:00.000Z, API at http://127.0.0.1:3000).\n` +
        `  Stop that one (Ctrl-C in its terminal, or kill ${holder.pid}), or give this one a directory of its own:\n` +
        '    JOURNEYS_DATA_DIR=.journeys-2 npm start -- --port 3001',
    );
    // The holder's lock is left as it was.
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: holder.pid });
  });

  it('takes over a lock whose process is gone, and gives it back on release', async () => {
    const dir = tempDataDir();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: await deadPid(), startedAt: '2026-11-23T10:00:00.000Z' }));

    const lock = lockDataDir(dir, new Date('2026-11-24T08:00:00.000Z'));
    lock.listening('http://127.0.0.1:4000');
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toEqual({ pid: process.pid, startedAt: '2026-11-24T08:00:00.000Z', url: 'http://127.0.0.1:4000' });
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('a runtime holds its directory while it runs and frees it when it stops', async () => {
    const dir = tempDataDir();
    const runtime = await startTestRuntime({ dataDir: dir });
    try {
      expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid, url: runtime.url });
    } finally {
      await runtime.stop();
    }
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('a second `npm start` on a directory in use exits 1 with the explanation, not `Database is closed`', async () => {
    const dir = tempDataDir();
    const holder = otherProcess();
    children.push(holder);
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: holder.pid, startedAt: '2026-11-23T10:00:00.000Z', url: 'http://127.0.0.1:3000' }));

    const start = spawn(process.execPath, ['--import', 'tsx', 'local/main.ts', '--no-demo', '--port', '0'], {
      cwd: REPO_ROOT,
      env: { ...process.env, JOURNEYS_DATA_DIR: dir, SES_PORT: '0', JOURNEYS_ONCALL_TOKEN: 'x' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    start.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    start.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => start.once('exit', resolve));

    expect(code).toBe(1);
    expect(output).toContain(`Journeys could not start: the data directory ${dir} is in use by another Journeys runtime (pid ${holder.pid}`);
    expect(output).toContain('JOURNEYS_DATA_DIR=');
    expect(output).not.toContain('Database is closed');
    expect(output).not.toMatch(/^\s+at /m);
  }, 60_000);
});
