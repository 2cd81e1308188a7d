/**
 * The engine's journal: one JSON object per line in `<dataDir>/stepfunctions.jsonl`, appended synchronously
 * so a record is on disk before the call that produced it returns (nothing RUNNING is silently lost when the
 * process dies). Reading tolerates a torn last line.
 *
 * Records: state machine created/updated, version published/deleted, alias written/deleted, execution started, each history event (task scheduled/succeeded,
 * states entered/exited…), task token issued, execution finished.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
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
}

export class FileJournal implements Journal {
  readonly path: string;

  constructor(directory: string) {
    mkdirSync(directory, { recursive: true, mode: PRIVATE_DIR_MODE });
    this.path = join(directory, 'stepfunctions.jsonl');
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
}

export function serializeEvent(event: HistoryEvent): Omit<HistoryEvent, 'timestamp'> & { timestamp: number } {
  return { ...event, timestamp: event.timestamp?.getTime() ?? 0 };
}

export function deserializeEvent(event: Omit<HistoryEvent, 'timestamp'> & { timestamp: number }): HistoryEvent {
  return { ...event, timestamp: new Date(event.timestamp) };
}
