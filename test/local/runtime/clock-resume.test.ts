/**
 * Virtual time never runs backwards across restarts of one data directory (local/clock-mark.ts): a runtime stopped
 * after running at ×3600 is hours ahead of the wall clock; the next one — here at real time — resumes from there.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readClockMark } from '../../../local/clock-mark';
import { DATA_LAYOUT } from '../../../local/paths';
import { startRuntime, type RuntimeOptions } from '../../../local/runtime';
import { tempDataDir, testTemplateDir } from '../../support/runtime';

const options = async (dataDir: string, timeScale: number): Promise<RuntimeOptions> => ({
  port: 0,
  sesPort: 0,
  quiet: true,
  oncallToken: 'test-oncall-token',
  templateDir: await testTemplateDir(),
  dataDir,
  timeScale,
});

describe('the virtual clock across restarts of one data directory', () => {
  it('resumes where the last run left it when that is ahead of the wall clock, and records where it got to', async () => {
    const dataDir = tempDataDir();
    const fast = await startRuntime(await options(dataDir, 3600));
    await new Promise((resolve) => setTimeout(resolve, 300)); // ≥ 18 virtual minutes
    const atStop = fast.clock.now();
    await fast.stop();
    // The mark holds the virtual time the run had reached when it stopped.
    const reached = readClockMark(join(dataDir, DATA_LAYOUT.clock))!;
    expect(reached).toBeGreaterThanOrEqual(atStop);
    expect(reached).toBeLessThanOrEqual(fast.clock.now());
    expect(reached - Date.now()).toBeGreaterThanOrEqual(17 * 60_000);

    const slow = await startRuntime(await options(dataDir, 1));
    try {
      // Real time from here on, starting at the virtual time the fast run reached: not back at the wall clock.
      expect(slow.clock.now()).toBeGreaterThanOrEqual(reached);
      expect(slow.clock.now() - reached).toBeLessThan(60_000);
    } finally {
      await slow.stop();
    }
  }, 60_000);

  it('starts at the wall clock without a mark, with a mark behind it, or with a mark it cannot read', async () => {
    const dataDir = tempDataDir();
    const mark = join(dataDir, DATA_LAYOUT.clock);
    expect(existsSync(mark)).toBe(false);
    for (const content of [undefined, JSON.stringify({ virtualTime: '2020-01-01T00:00:00.000Z' }), '{"virtualTime": "2030-01-0', JSON.stringify({ virtualTime: 'soon' })]) {
      if (content !== undefined) writeFileSync(mark, content);
      const before = Date.now();
      const runtime = await startRuntime(await options(dataDir, 1));
      const now = runtime.clock.now();
      await runtime.stop();
      expect(now, String(content)).toBeGreaterThanOrEqual(before);
      expect(now - Date.now(), String(content)).toBeLessThanOrEqual(0);
      // Each run leaves its own mark.
      expect(Date.parse((JSON.parse(readFileSync(mark, 'utf8')) as { virtualTime: string }).virtualTime)).toBeGreaterThanOrEqual(before);
    }
  }, 60_000);
});
