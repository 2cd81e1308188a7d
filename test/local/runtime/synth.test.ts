/**
 * The template cache behind fast restarts: synthesized when missing, reused while newer than every source,
 * synthesized again when a source changes, and — when synthesis fails half-way through an edit — the previous
 * template is used rather than refusing to start. A stand-in CDK app keeps this test fast.
 */
import { mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RuntimeLog } from '../../../local/log';
import { ensureTemplate } from '../../../local/synth';

/**
 * A repository whose `infra/journeys-app.ts` synthesizes a template from `infra/state.json` (read at synth
 * time: a module, once imported, stays imported, so the changes a test makes live in the data file).
 */
function fakeRepository(version: string): { root: string; setVersion(next: string): void; breakIt(): void } {
  const root = mkdtempSync(join(tmpdir(), 'journeys-synth-'));
  mkdirSync(join(root, 'infra'));
  mkdirSync(join(root, 'workflows'));
  const state = join(root, 'infra', 'state.json');
  writeFileSync(
    join(root, 'infra', 'journeys-app.ts'),
    `import { readFileSync, writeFileSync } from 'node:fs';
    import { join } from 'node:path';
    export function createJourneysApp(options: { outdir: string; context: Record<string, unknown> }) {
      const state = JSON.parse(readFileSync(${JSON.stringify(state)}, 'utf8'));
      if (state.broken) throw new Error('mid-edit');
      return { app: { synth: () => writeFileSync(join(options.outdir, 'Journeys.template.json'), JSON.stringify({ version: state.version, bundling: options.context['journeys:bundling'] })) } };
    }`,
  );
  const write = (content: object) => {
    writeFileSync(state, JSON.stringify(content));
    // A source newer than any cache written so far.
    const later = new Date(Date.now() + 5_000);
    utimesSync(state, later, later);
  };
  write({ version });
  return { root, setVersion: (next) => write({ version: next }), breakIt: () => write({ broken: true }) };
}

function recordingLog(): RuntimeLog & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, info: () => undefined, warn: (message) => warnings.push(message) };
}

const templateIn = (dir: string) => JSON.parse(readFileSync(join(dir, 'Journeys.template.json'), 'utf8')) as { version: string; bundling: boolean };

describe('ensureTemplate', () => {
  it('synthesizes once with bundling off, reuses the cache, and synthesizes again after a source change', async () => {
    const repo = fakeRepository('v1');
    const outDir = join(repo.root, 'cache');
    const log = recordingLog();

    const first = await ensureTemplate({ root: repo.root, outDir, log });
    expect(first.synthesized).toBe(true);
    expect(templateIn(outDir)).toEqual({ version: 'v1', bundling: false });
    // The fake source is dated in the future; age the cache past it to model "nothing changed since".
    const future = new Date(Date.now() + 10_000);
    utimesSync(join(outDir, 'Journeys.template.json'), future, future);

    const second = await ensureTemplate({ root: repo.root, outDir, log });
    expect(second.synthesized).toBe(false);

    repo.setVersion('v2');
    const past = new Date(Date.now() - 10_000);
    utimesSync(join(outDir, 'Journeys.template.json'), past, past);
    const third = await ensureTemplate({ root: repo.root, outDir, log });
    expect(third.synthesized).toBe(true);
    expect(templateIn(outDir).version).toBe('v2');
    expect(log.warnings).toEqual([]);
  });

  it('falls back to the previous template, with a warning, when synthesis fails', async () => {
    const repo = fakeRepository('good');
    const outDir = join(repo.root, 'cache');
    const log = recordingLog();
    await ensureTemplate({ root: repo.root, outDir, log });
    repo.breakIt();
    const past = new Date(Date.now() - 10_000);
    utimesSync(join(outDir, 'Journeys.template.json'), past, past);

    const source = await ensureTemplate({ root: repo.root, outDir, log });
    expect(source.synthesized).toBe(false);
    expect(templateIn(outDir).version).toBe('good');
    expect(log.warnings).toEqual([expect.stringContaining('mid-edit')]);
  });

  it('fails clearly when synthesis fails and there is nothing to fall back to', async () => {
    const repo = fakeRepository('never');
    repo.breakIt();
    await expect(ensureTemplate({ root: repo.root, outDir: join(repo.root, 'cache'), log: recordingLog() })).rejects.toThrow(/Could not synthesize the CDK app.*mid-edit/);
  });
});
