/**
 * The engine's journal: one JSON object per line in `<dataDir>/stepfunctions.jsonl`, appended synchronously
 * so a record is on disk before the call that produced it returns (nothing RUNNING is silently lost when the
 * process dies). Reading tolerates a torn last line.
 *
 * Records: state machine created/updated, version published/deleted, alias written/deleted, execution started, each history event (task scheduled/succeeded,
 * states entered/exited…), task token issued, execution finished.
 *
 * A finished execution's history moves out of memory into `<dataDir>/histories/<hash of its ARN>.json` when it
 * closes (read back on demand), and at the next start the journal is compacted: the history events of finished
 * executions leave it. So neither the process's memory nor the journal grows with every execution ever run, only
 * with the ones running (and one small record per execution, for ListExecutions and DescribeExecution).
 */
import { createHash } from 'node:crypto';
import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { RoutingConfig, ExecutionStatus, ExecutionUsage, HistoryEvent } from './types';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../paths';

export type JournalRecord =
  | { r: 'stateMachine'; arn: string; name: string; definition: string; roleArn: string; at: number }
  | { r: 'started'; arn: string; stateMachineArn: string; name: string; input: string; at: number; versionArn?: string; aliasArn?: string }
  | { r: 'version'; arn: string; stateMachineArn: string; version: number; definition: string; roleArn: string; revisionId: string; description?: string; at: number }
  | { r: 'versionDeleted'; arn: string }
  | { r: 'alias'; arn: string; stateMachineArn: string; name: string; description?: string; routing: RoutingConfig[]; created: number; at: number }
  | { r: 'aliasDeleted'; arn: string }
  | { r: 'event'; arn: string; event: Omit<HistoryEvent, 'timestamp'> & { timestamp: number } }
  | { r: 'token'; arn: string; token: string; state: string }
  | {
      r: 'finished';
      arn: string;
      status: Exclude<ExecutionStatus, 'RUNNING'>;
      at: number;
      output?: string;
      error?: string;
      cause?: string;
      usage: ExecutionUsage;
    };

export interface Journal {
  append(record: JournalRecord): void;
  readAll(): JournalRecord[];
  /** Keeps a closed execution's history outside memory; false when there is nowhere to keep it (memory only). */
  storeHistory(executionArn: string, events: readonly HistoryEvent[]): boolean;
  /** A history kept by storeHistory. */
  readHistory(executionArn: string): HistoryEvent[];
  /** Drops every history event record (once every history is in its file; atomically: a crash leaves the old or the new journal). */
  compactEvents(): void;
}

export class FileJournal implements Journal {
  readonly path: string;
  readonly #histories: string;

  constructor(directory: string) {
    mkdirSync(directory, { recursive: true, mode: PRIVATE_DIR_MODE });
    this.path = join(directory, 'stepfunctions.jsonl');
    this.#histories = join(directory, 'histories');
  }

  storeHistory(executionArn: string, events: readonly HistoryEvent[]): boolean {
    mkdirSync(this.#histories, { recursive: true, mode: PRIVATE_DIR_MODE });
    const path = this.#historyPath(executionArn);
    writeFileSync(`${path}.tmp`, JSON.stringify(events.map(serializeEvent)), { mode: PRIVATE_FILE_MODE });
    renameSync(`${path}.tmp`, path);
    return true;
  }

  readHistory(executionArn: string): HistoryEvent[] {
    const path = this.#historyPath(executionArn);
    if (!existsSync(path)) return [];
    return (JSON.parse(readFileSync(path, 'utf8')) as Array<Omit<HistoryEvent, 'timestamp'> & { timestamp: number }>).map(deserializeEvent);
  }

  compactEvents(): void {
    if (!existsSync(this.path)) return;
    // Line by line, into a side file renamed over the journal; records are written with `r` first.
    const fd = openSync(`${this.path}.tmp`, 'w', PRIVATE_FILE_MODE);
    try {
      for (const line of readFileSync(this.path, 'utf8').split('\n')) {
        if (line.trim() !== '' && !line.startsWith('{"r":"event"')) writeSync(fd, `${line}\n`);
      }
    } finally {
      closeSync(fd);
    }
    renameSync(`${this.path}.tmp`, this.path);
  }

  #historyPath(executionArn: string): string {
    return join(this.#histories, `${createHash('sha256').update(executionArn).digest('hex').slice(0, 40)}.json`);
  }

  append(record: JournalRecord): void {
    appendFileSync(this.path, `${JSON.stringify(record)}\n`, { mode: PRIVATE_FILE_MODE });
  }

  readAll(): JournalRecord[] {
    if (!existsSync(this.path)) return [];
    const records: JournalRecord[] = [];
    for (const line of readFileSync(this.path, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      try {
        records.push(JSON.parse(line) as JournalRecord);
      } catch {
        // A line torn by a crash mid-write: everything before it is intact, skip it.
      }
    }
    return records;
  }
}

/** No `dataDir`: nothing is kept across restarts. */
export class MemoryJournal implements Journal {
  append(): void {}

  readAll(): JournalRecord[] {
    return [];
  }

  /** Histories stay in memory: there is no disk to keep them on. */
  storeHistory(): boolean {
    return false;
  }

  readHistory(): HistoryEvent[] {
    return [];
  }

  compactEvents(): void {}
}

export function serializeEvent(event: HistoryEvent): Omit<HistoryEvent, 'timestamp'> & { timestamp: number } {
  return { ...event, timestamp: event.timestamp?.getTime() ?? 0 };
}

export function deserializeEvent(event: Omit<HistoryEvent, 'timestamp'> & { timestamp: number }): HistoryEvent {
  return { ...event, timestamp: new Date(event.timestamp) };
}
