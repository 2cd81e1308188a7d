/**
 * The journeys' state machine definitions, offline (no runtime, no AWS account): the same definitions
 * `cdk deploy` creates and the local runtime runs, read from a synthesized template by the local engine's
 * template loader (journeys are found by their `journeys:journey` tag).
 *
 * Which template: the one given; else cdk.out's when it is newer than every source it is built from (`npm start`
 * and `cdk synth` write it); else the CDK app is synthesized in-process (no bundling, no cdk-nag) into a
 * temporary directory — correct, but about 15 s, most of it loading and running aws-cdk-lib.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTemplate, loadTemplateFile, type LoadedTemplate } from '../../engine/template-loader';
import { InputError } from '../errors';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CDK_OUT_TEMPLATE = join(ROOT, 'cdk.out', 'Journeys.template.json');
/** What the definitions are built from: a template older than any of these may be stale. */
const SOURCES = ['workflows', 'infra', 'contracts', 'functions', 'cdk.json'];

export interface JourneyDefinitions {
  /** Journey name → ASL definition (JSON text). */
  definitions: Record<string, string>;
  /** Where they came from, for the user. */
  source: string;
}

export async function loadJourneyDefinitions(options: { template?: string | undefined; progress: (line: string) => void }): Promise<JourneyDefinitions> {
  if (options.template !== undefined) return { definitions: byJourney(readGivenTemplate(options.template)), source: options.template };
  if (isFresh(CDK_OUT_TEMPLATE)) return { definitions: byJourney(loadTemplateFile(CDK_OUT_TEMPLATE)), source: 'cdk.out/Journeys.template.json' };
  options.progress('synthesizing the CDK app in-process (about 15 s; cdk.out is missing or older than the sources)…');
  return { definitions: byJourney(loadTemplate(await synthesizeTemplate())), source: 'in-process synth' };
}

async function synthesizeTemplate(): Promise<unknown> {
  // Loaded on demand: aws-cdk-lib takes seconds to load, and a fresh cdk.out makes it unnecessary.
  const { synthesizeTemplate: synthesize } = await import('../../../infra/journeys-app');
  return synthesize();
}

/** A template the user named: any failure to read it is their input's problem, said plainly. */
function readGivenTemplate(path: string): LoadedTemplate {
  try {
    return loadTemplateFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`cannot read the template ${path}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}

function byJourney(template: LoadedTemplate): Record<string, string> {
  return Object.fromEntries(template.stateMachines.map((machine) => [machine.journey, machine.definition]));
}

function isFresh(template: string): boolean {
  if (!existsSync(template)) return false;
  const built = statSync(template).mtimeMs;
  return SOURCES.every((source) => newestChange(join(ROOT, source)) <= built);
}

/** The newest modification time under a file or directory (TypeScript and JSON sources only). */
function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /\.(ts|json)$/.test(entry.name)) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}
