/**
 * Where things are: the repository (handler modules, the CDK app) and the data directory's layout. One place, so
 * `--reset` knows exactly what it may delete.
 */
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository root (this file is `<root>/local/paths.ts`). */
export const REPO_ROOT = resolve(import.meta.dirname, '..');

/** What the runtime keeps under its data directory. `cdk.out` is a cache: `--reset` keeps it. */
export const DATA_LAYOUT = {
  dynamodb: 'dynamodb',
  stepFunctions: 'stepfunctions',
  outbox: 'outbox.jsonl',
  deadLetters: 'dlq.jsonl',
  emails: 'emails.jsonl',
  busPending: 'bus-pending.jsonl',
  clock: 'clock.json',
  cdkOut: 'cdk.out',
} as const;

/**
 * The data directory holds customers' profiles, messages and execution histories: only the developer's account
 * may read it. Directories 0700, files 0600 (whatever the umask).
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

export type DataEntry = keyof typeof DATA_LAYOUT;

export function dataPath(dataDir: string | null, entry: DataEntry): string | undefined {
  return dataDir === null ? undefined : join(dataDir, DATA_LAYOUT[entry]);
}

/** Without a data directory the synthesized template is cached per checkout in the OS temp directory. */
export function cdkOutDir(dataDir: string | null): string {
  if (dataDir !== null) return join(dataDir, DATA_LAYOUT.cdkOut);
  const checkout = createHash('sha256').update(REPO_ROOT).digest('hex').slice(0, 12);
  return join(tmpdir(), `journeys-cdk-out-${checkout}`);
}
