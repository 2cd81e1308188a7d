/**
 * The state machines the runtime runs are the ones `cdk deploy` would create: the CDK app is synthesized in
 * process (bundling and cdk-nag off: neither changes a state machine, both cost seconds) and the template is
 * cached. The cache is reused while it is newer than every file the definitions come from (infra/, workflows/,
 * contracts/), so a restart takes a second, not a synth.
 *
 * Synthesis writes into a fresh directory and only the finished templates are renamed into the cache, so a
 * crash, or two test processes synthesizing at once, never leave a half-written template behind. When synthesis
 * fails (the stack is mid-edit) and a previous template exists, that one is used, with a warning.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cdkJsonContext } from '../infra/context';
import type { RuntimeLog } from './log';

export interface TemplateSource {
  /** Directory holding `<Stack>.template.json`, ready for `loadCdkOut`. */
  directory: string;
  /** True when this start synthesized; false when the cache was fresh (or synthesis failed and it was stale). */
  synthesized: boolean;
  /** Milliseconds spent synthesizing. */
  synthMs: number;
}

const SOURCES = ['infra', 'workflows', 'contracts'];

export async function ensureTemplate(options: { root: string; outDir: string; log: RuntimeLog }): Promise<TemplateSource> {
  const { root, outDir, log } = options;
  const cached = templatesIn(outDir);
  const newestSource = newestMtime(SOURCES.map((source) => join(root, source)));
  const cacheTime = Math.min(...cached.map((file) => statSync(join(outDir, file)).mtimeMs));
  if (cached.length > 0 && cacheTime >= newestSource) return { directory: outDir, synthesized: false, synthMs: 0 };

  const started = Date.now();
  try {
    await synthesize(root, outDir);
    return { directory: outDir, synthesized: true, synthMs: Date.now() - started };
  } catch (error) {
    if (cached.length === 0) throw new Error(`Could not synthesize the CDK app (infra/journeys-app.ts): ${(error as Error).message}`, { cause: error });
    log.warn(`CDK synth failed (${(error as Error).message.split('\n')[0]}); running the previously synthesized state machines from ${outDir}`);
    return { directory: outDir, synthesized: false, synthMs: Date.now() - started };
  }
}

async function synthesize(root: string, outDir: string): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const staging = mkdtempSync(join(outDir, '.synth-'));
  try {
    // Imported only when needed: aws-cdk-lib alone takes longer to load than the rest of the runtime.
    const { createJourneysApp } = (await import(pathToFileURL(join(root, 'infra', 'journeys-app.ts')).href)) as typeof import('../infra/journeys-app');
    const context = { ...cdkJsonContext(root), 'journeys:bundling': false };
    createJourneysApp({ context, nag: false, outdir: staging }).app.synth();
    const templates = templatesIn(staging);
    if (templates.length === 0) throw new Error('the CDK app produced no template');
    for (const file of templates) renameSync(join(staging, file), join(outDir, file));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function templatesIn(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory).filter((name) => name.endsWith('.template.json'));
}

function newestMtime(paths: string[]): number {
  let newest = 0;
  const visit = (path: string) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) if (entry !== 'node_modules' && !entry.startsWith('.')) visit(join(path, entry));
    } else {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  paths.forEach(visit);
  return newest;
}
