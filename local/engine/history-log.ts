/**
 * One execution's history in the service's shape (`GetExecutionHistory`): events numbered from 1 in the order
 * they happen, each with `previousEventId` pointing at the event before it, timestamps on the virtual clock.
 * Once sealed (the execution closed), late events from states still unwinding are dropped, as the service
 * records nothing after `ExecutionAborted`/`…Failed`.
 */
import type { HistoryEvent } from './types';

type EventType = NonNullable<HistoryEvent['type']>;
type EventDetails = Omit<HistoryEvent, 'id' | 'type' | 'timestamp' | 'previousEventId'>;

export class HistoryLog {
  #events: HistoryEvent[];
  readonly #sink: (event: HistoryEvent) => void;
  #sealed = false;
  /** Set once the closed history was moved out of memory: reads it back. */
  #load: (() => HistoryEvent[]) | undefined;

  /** `sink` sees every new event (journal, live listeners); `restored` are events read back from the journal. */
  constructor(sink: (event: HistoryEvent) => void, restored: HistoryEvent[] = []) {
    this.#sink = sink;
    this.#events = [...restored];
  }

  /** A closed history kept elsewhere (the journal's history files), read back by `load` when asked for. */
  static stored(load: () => HistoryEvent[]): HistoryLog {
    const log = new HistoryLog(() => undefined);
    log.#sealed = true;
    log.#load = load;
    return log;
  }

  get events(): readonly HistoryEvent[] {
    return this.#load ? this.#load() : this.#events;
  }

  /**
   * Moves a sealed history out of memory: `store` keeps it (answers false when it cannot), `load` reads it back.
   * A long-running runtime then holds the histories of its running executions only.
   */
  release(store: (events: readonly HistoryEvent[]) => boolean, load: () => HistoryEvent[]): void {
    if (!this.#sealed || this.#load || !store(this.#events)) return;
    this.#load = load;
    this.#events = [];
  }

  get sealed(): boolean {
    return this.#sealed;
  }

  append(type: EventType, timestamp: Date, details: EventDetails = {}): HistoryEvent | undefined {
    if (this.#sealed) return undefined;
    const id = this.#events.length + 1;
    const event: HistoryEvent = { timestamp, type, id, previousEventId: id - 1, ...details };
    this.#events.push(event);
    this.#sink(event);
    return event;
  }

  /** Appends the closing event and accepts nothing after it. */
  close(type: EventType, timestamp: Date, details: EventDetails = {}): void {
    this.append(type, timestamp, details);
    this.#sealed = true;
  }

  /** Stops recording without a closing event (the engine is shutting down; the journal shows the execution open). */
  seal(): void {
    this.#sealed = true;
  }
}

/** Execution data as the service puts it in history: JSON text plus a `truncated` flag. */
export function dataDetails(value: unknown): { text: string; details: { truncated: boolean } } {
  return { text: JSON.stringify(value ?? null), details: { truncated: false } };
}
