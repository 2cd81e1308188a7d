/**
 * An append-only JSON-lines file with an in-memory copy: the outbox, the dead letters, the persisted inbox and
 * the bus's pending deliveries. Appends are synchronous, so what the runtime reported is on disk before the call
 * that produced it returns. Without a path it is memory only (tests).
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from './paths';

export class JsonlLog<T> {
  readonly path: string | undefined;
  #items: T[];

  constructor(path?: string) {
    this.path = path;
    this.#items = path ? readJsonl<T>(path) : [];
    if (path) mkdirSync(dirname(path), { recursive: true, mode: PRIVATE_DIR_MODE });
  }

  append(item: T): void {
    this.#items.push(item);
    if (this.path) appendFileSync(this.path, `${JSON.stringify(item)}\n`, { mode: PRIVATE_FILE_MODE });
  }

  all(): readonly T[] {
    return this.#items;
  }

  /** Replaces the whole content (compaction); written to a side file and renamed, so a crash keeps one or the other. */
  rewrite(items: T[]): void {
    this.#items = [...items];
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
