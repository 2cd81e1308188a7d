/**
 * An append-only JSON-lines file: the outbox, the dead letters, the persisted inbox and the bus's pending
 * deliveries. Appends are synchronous, so what the runtime reported is on disk before the call that produced it
 * returns. Without a path it is memory only (tests).
 *
 * With a path, `inMemory: false` keeps no copy in memory: `all()` reads the file each time. The outbox and the
 * inbox are that kind — they grow with every message sent, and a long-running runtime (the soak: 15,000 messages)
 * would otherwise hold every one of them for its life although they are on disk. The dead letters and the bus's
 * pending deliveries stay in memory: they are read on every delivery and stay small (replayed, compacted).
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from './paths';

export class JsonlLog<T> {
  readonly path: string | undefined;
  /** Undefined when the file is the only copy (`inMemory: false` with a path). */
  #items: T[] | undefined;

  constructor(path?: string, options: { inMemory?: boolean } = {}) {
    this.path = path;
    const inMemory = path === undefined || options.inMemory !== false;
    this.#items = !inMemory ? undefined : path ? readJsonl<T>(path) : [];
    if (path) mkdirSync(dirname(path), { recursive: true, mode: PRIVATE_DIR_MODE });
  }

  append(item: T): void {
    this.#items?.push(item);
    if (this.path) appendFileSync(this.path, `${JSON.stringify(item)}\n`, { mode: PRIVATE_FILE_MODE });
  }

  /** Every item, oldest first (read from the file when no copy is kept in memory). */
  all(): readonly T[] {
    return this.#items ?? readJsonl<T>(this.path!);
  }

  /** True when nothing was ever appended (or everything was rewritten away), without reading the items. */
  get empty(): boolean {
    if (this.#items) return this.#items.length === 0;
    return !existsSync(this.path!) || statSync(this.path!).size === 0;
  }

  /** Replaces the whole content (compaction); written to a side file and renamed, so a crash keeps one or the other. */
  rewrite(items: readonly T[]): void {
    if (this.#items) this.#items = [...items];
    if (!this.path) return;
    const temporary = `${this.path}.tmp`;
    writeFileSync(temporary, items.map((item) => `${JSON.stringify(item)}\n`).join(''), { mode: PRIVATE_FILE_MODE });
    renameSync(temporary, this.path);
  }
}

function readJsonl<T>(path: string): T[] {
  if (!existsSync(path)) return [];
  const items: T[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      items.push(JSON.parse(line) as T);
    } catch {
      // A line torn by a crash mid-write: everything before it is intact.
    }
  }
  return items;
}
