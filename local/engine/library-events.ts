/**
 * Turns aws-local-stepfunctions' `eventLogs` (StateEntered/StateExited/MapIteration…, with the library's
 * state names and types) into the service's history events (`TaskStateEntered`, `WaitStateExited`,
 * `MapIterationStarted`…), under the original names and types of the definition, and counts state transitions.
 *
 * Task events (`TaskScheduled`, `LambdaFunctionSucceeded`…) are not derived here: the task binding records them
 * as they happen. Execution-level events are the engine's, since only it knows about stops and timeouts.
 */
import type { StateMachine } from 'aws-local-stepfunctions';
import type { PreparedDefinition, StateInfo } from './definition-transform';
import { dataDetails, type HistoryLog } from './history-log';
import type { HistoryEvent } from './types';

export type LibraryEvent = ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer E> ? E : never;

type EventType = NonNullable<HistoryEvent['type']>;

export class LibraryEventTranslator {
  readonly #prepared: PreparedDefinition;
  readonly #history: HistoryLog;
  readonly #now: () => Date;
  readonly #countTransition: () => void;
  /** Unique state name → how many instances are entered and not yet exited (Map iterations run in parallel). */
  readonly #open = new Map<string, number>();
  #lastFailed: string | undefined;

  constructor(prepared: PreparedDefinition, history: HistoryLog, now: () => Date, countTransition: () => void) {
    this.#prepared = prepared;
    this.#history = history;
    this.#now = now;
    this.#countTransition = countTransition;
  }

  /** The state that failed last (to tell a Fail state's own error from the library's defaults). */
  get lastFailedState(): StateInfo | undefined {
    return this.#lastFailed === undefined ? undefined : this.#prepared.states.get(this.#lastFailed);
  }

  /** States entered and not exited: what a stop aborts. */
  openStates(): StateInfo[] {
    return [...this.#open]
      .filter(([, count]) => count > 0)
      .map(([unique]) => this.#info(unique));
  }

  translate(event: LibraryEvent): void {
    switch (event.type) {
      case 'StateEntered': {
        const info = this.#info(event.state.name);
        this.#countTransition();
        this.#open.set(event.state.name, (this.#open.get(event.state.name) ?? 0) + 1);
        const input = dataDetails(event.state.input);
        this.#append(`${info.type}StateEntered`, { stateEnteredEventDetails: { name: info.name, input: input.text, inputDetails: input.details } });
        if (info.type === 'Map') this.#append('MapStateStarted', { mapStateStartedEventDetails: {} });
        if (info.type === 'Parallel') this.#append('ParallelStateStarted');
        return;
      }
      case 'StateExited': {
        const info = this.#info(event.state.name);
        this.#open.set(event.state.name, Math.max(0, (this.#open.get(event.state.name) ?? 1) - 1));
        if (info.type === 'Map') this.#append('MapStateSucceeded');
        if (info.type === 'Parallel') this.#append('ParallelStateSucceeded');
        const output = dataDetails(event.state.output);
        this.#append(`${info.type}StateExited`, { stateExitedEventDetails: { name: info.name, output: output.text, outputDetails: output.details } });
        return;
      }
      case 'StateFailed': {
        this.#lastFailed = event.state.name;
        const info = this.#info(event.state.name);
        if (info.type === 'Map') this.#append('MapStateFailed');
        if (info.type === 'Parallel') this.#append('ParallelStateFailed');
        return;
      }
      case 'StateRetried':
        // Only Map/Parallel get here (Task retries run in the binding); the service bills each retry.
        this.#countTransition();
        return;
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed': {
        const details = { name: this.#info(event.parentState.name).name, index: event.index };
        const key = `mapIteration${event.type.slice('MapIteration'.length)}EventDetails` as const;
        this.#append(event.type, { [key]: details });
        return;
      }
      default:
        // Execution events are recorded by the engine; Parallel branch and catch events have no service counterpart.
        return;
    }
  }

  #info(unique: string): StateInfo {
    return this.#prepared.states.get(unique) ?? { name: unique, type: 'Task' };
  }

  #append(type: string, details: Omit<HistoryEvent, 'id' | 'type' | 'timestamp' | 'previousEventId'> = {}): void {
    this.#history.append(type as EventType, this.#now(), details);
  }
}
