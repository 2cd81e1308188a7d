/**
 * The README and the docs tell the truth about the repository (issue 18: a newcomer was sent to two specification
 * documents that live outside it). Every relative link and every file the prose names in backticks must exist —
 * as written from the repository root or the doc's folder, or, for a path written from inside its folder
 * (`http/request-guard.ts`, `decide.ts`), as the end of some file's path. Files the tools generate are named as such.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../infra/constructs/journey-functions';

/** Folders that are not the repository's source (installed, generated, runtime data). */
const NOT_SOURCE = new Set(['node_modules', '.git', '.journeys', 'cdk.out', 'reports', '.stryker-tmp', 'coverage']);
/** Written by a tool run, not kept in git: named in the docs as where to look after running it. */
const GENERATED = [/^cdk\.out\//, /^reports\//, /^\.journeys\//];

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    if (NOT_SOURCE.has(entry.name)) return [];
    const path = join(folder, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [relative(REPO_ROOT, path)];
  });
}

const FILES = filesUnder(REPO_ROOT);
const DOCS = FILES.filter((file) => file.endsWith('.md') && (file === 'README.md' || file.startsWith('docs/') || file === 'local/README.md'));

/** `[text](target)` links that point into the repository (not http, mailto or an anchor of the same page). */
function relativeLinks(text: string): string[] {
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!.split('#')[0]!).filter((target) => target !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

/** File names in backticks: a path or name ending in a source or doc extension (not a URL path like `/console/x.js`). */
function namedFiles(text: string): string[] {
  return [...text.matchAll(/`([A-Za-z0-9_.@/-]+\.(?:md|ts|mjs|js|json|yml|yaml))`/g)].map((m) => m[1]!).filter((name) => !name.startsWith('@') && !name.startsWith('/'));
}

function exists(name: string, doc: string): boolean {
  if (GENERATED.some((pattern) => pattern.test(name))) return true;
  if (existsSync(join(REPO_ROOT, name)) || existsSync(join(REPO_ROOT, dirname(doc), name))) return true;
  return FILES.some((file) => file === name || file.endsWith(`/${name}`));
}

describe('README and docs name only what the repository holds', () => {
  it('finds the docs to check', () => {
    expect(DOCS).toContain('README.md');
    expect(DOCS).toContain('docs/architecture.md');
    expect(DOCS).toContain('local/README.md');
  });

  it.each(DOCS)('%s: every relative link resolves', (doc) => {
    const text = readFileSync(join(REPO_ROOT, doc), 'utf8');
    expect(relativeLinks(text).filter((target) => !existsSync(join(REPO_ROOT, dirname(doc), decodeURIComponent(target))))).toEqual([]);
  });

  it.each(DOCS)('%s: every file named in backticks exists', (doc) => {
    const text = readFileSync(join(REPO_ROOT, doc), 'utf8');
    expect(namedFiles(text).filter((name) => !exists(name, doc))).toEqual([]);
  });

  it('sends no reader to a document that is not in the repository, named with or without backticks', () => {
    const missing = DOCS.flatMap((doc) => [...readFileSync(join(REPO_ROOT, doc), 'utf8').matchAll(/[\w./-]+\.md\b/g)].map(([name]) => name).filter((name) => !exists(name, doc)).map((name) => `${doc}: ${name}`));
    expect(missing).toEqual([]);
  });

  it('would notice a missing file (the checks themselves)', () => {
    expect(exists('NOT-IN-THE-REPO.md', 'README.md')).toBe(false);
    expect(exists('functions/handlers/no-such-handler.ts', 'docs/architecture.md')).toBe(false);
    expect(exists('http/request-guard.ts', 'local/README.md')).toBe(true);
    expect(namedFiles('see `NOT-IN-THE-REPO.md` and `functions/domain/decide.ts`')).toEqual(['NOT-IN-THE-REPO.md', 'functions/domain/decide.ts']);
    expect(relativeLinks('[api](docs/api.md#routes) [aws](https://aws.amazon.com) [here](#top)')).toEqual(['docs/api.md']);
  });
});
