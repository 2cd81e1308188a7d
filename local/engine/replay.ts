/**
 * Resuming an interrupted execution where it stopped: the restart (`restartInterrupted`, `<name>-r<N>`) runs the
 * definition from the beginning, but every Task and Wait the interrupted execution had already finished answers
 * from its journaled history instead of running again, and the state it was in when the engine stopped runs for
 * real with its original deadline:
 * - a Wait sleeps until the instant it would have ended (`Seconds` counted from when it was first entered, a
 *   timestamp as it was) — a 3-day pause does not start over, a message deferred to 07:00 is delivered at 07:00;
 * - a `.waitForTaskToken` task is invoked again (the outside world lost the old token: the waiting handler parks a
 *   new one) with what is left of its timeout, and times out at once when nothing is left;
 * - any other task is invoked again (handlers are idempotent on ids that survive the restart).
 *
 * The answers are positional: the execution is deterministic given its input and its task results, so the n-th
 * bound state reached is the n-th one journaled. Should a state come up that is not the next one journaled, the
 * replay stops and everything from there runs for real.
 *
 * Map and Parallel states run again for real, iterations and branches included (their history interleaves, so
 * it cannot be answered positionally; their handlers are idempotent, like any task run again after a restart):
 * the replay skips their inner history and goes on with the states after them. One the engine stopped in runs
 * again from its start, and everything after it for real: a crisis broadcast interrupted while a group waited
 * for quiet hours to end decides its held-back recipients again (their ledger entries say `deferred`, not
 * `sent`) and waits again, where restarting the whole execution from its beginning would have lost that round.
 */
import { ErrorNames, StatesError } from './errors';
import { statesTimeout } from './library-timeout';
import type { HistoryEvent, JsonValue } from './types';

export type ReplayedState =
  /** A task that returned: its result. */
  | { kind: 'returned'; output: JsonValue }
  /** A task whose last attempt failed and whose error a Catch took. */
  | { kind: 'threw'; error: string; cause: string }
  /** A Wait that had ended. */
  | { kind: 'waited' }
  /** The state the execution was in: run it, keeping its deadline. */
  | { kind: 'resume'; enteredAt: number; deadline?: number };

type Journaled = ReplayedState & { name: string };

export class Replay {
  readonly #states: Journaled[];
  #position = 0;
  #over = false;

  private constructor(states: Journaled[]) {
    this.#states = states;
  }

  /** The replay of an interrupted execution's history, or undefined when nothing bound was journaled. */
  static fromHistory(events: readonly HistoryEvent[]): Replay | undefined {
    const states: Journaled[] = [];
    /** Map/Parallel states entered and not yet succeeded or failed: their inner events are not the replay's. */
    let depth = 0;
    let current: { name: string; type: 'Task' | 'Wait'; enteredAt: number; exited: boolean; output?: JsonValue; failure?: { error: string; cause: string }; deadline?: number } | undefined;
    const settle = (): boolean => {
      if (!current) return true;
      const { name } = current;
      if (current.type === 'Wait') states.push(current.exited ? { name, kind: 'waited' } : { name, kind: 'resume', enteredAt: current.enteredAt });
      // A caught error ends the state too (the interpreter may still record it as exited): the last attempt decides.
      else if (current.failure) states.push({ name, kind: 'threw', ...current.failure });
      else if (current.exited && current.output !== undefined) states.push({ name, kind: 'returned', output: current.output });
      else return false;
      current = undefined;
      return true;
    };
    for (const event of events) {
      const type = event.type ?? '';
      const at = event.timestamp?.getTime() ?? 0;
      if (type === 'MapStateEntered' || type === 'ParallelStateEntered') {
        if (depth === 0 && !settle()) break;
        depth++;
        continue;
      }
      if (depth > 0) {
        if (type === 'MapStateSucceeded' || type === 'MapStateFailed' || type === 'ParallelStateSucceeded' || type === 'ParallelStateFailed') depth--;
        continue;
      }
      if (type.endsWith('StateEntered')) {
        if (!settle()) break;
        const name = event.stateEnteredEventDetails?.name;
        if ((type === 'TaskStateEntered' || type === 'WaitStateEntered') && name !== undefined) current = { name, type: type === 'TaskStateEntered' ? 'Task' : 'Wait', enteredAt: at, exited: false };
        continue;
      }
      if (!current) continue;
      if (type === 'TaskStateExited' || type === 'WaitStateExited') current.exited = true;
      const scheduled = event.lambdaFunctionScheduledEventDetails ?? event.taskScheduledEventDetails;
      if (scheduled) {
        // A new attempt: an earlier attempt's failure was retried, and the timeout counts from this one.
        current.failure = undefined;
        current.deadline = scheduled.timeoutInSeconds === undefined ? undefined : at + scheduled.timeoutInSeconds * 1000;
      }
      const succeeded = event.lambdaFunctionSucceededEventDetails ?? event.taskSucceededEventDetails;
      if (succeeded) current.output = JSON.parse(succeeded.output ?? 'null') as JsonValue;
      const failed = event.lambdaFunctionFailedEventDetails ?? event.lambdaFunctionTimedOutEventDetails ?? event.taskFailedEventDetails ?? event.taskTimedOutEventDetails;
      if (failed) current.failure = { error: failed.error ?? '', cause: failed.cause ?? '' };
    }
    // The state the engine stopped in (entered, never finished): resumed, not answered. Stopped inside a Map or
    // Parallel state: the states journaled before it are answered, it and everything after it run for real.
    if (depth === 0 && current && !current.exited && !current.failure) {
      const { name, enteredAt, deadline } = current;
      states.push({ name, kind: 'resume', enteredAt, ...(deadline === undefined ? {} : { deadline }) });
    }
    return states.length > 0 ? new Replay(states) : undefined;
  }

  /** How many bound states answered from the journal or were resumed so far. */
  get replayed(): number {
    return this.#position;
  }

  /** What the bound state `name`, reached now, does: its journaled outcome, or undefined to run it for real. */
  next(name: string): ReplayedState | undefined {
    if (this.#over) return undefined;
    const state = this.#states[this.#position];
    if (!state || state.name !== name) {
      this.#over = true;
      return undefined;
    }
    this.#position++;
    if (state.kind === 'resume') this.#over = true;
    return state;
  }
}

/** The journaled failure, as the binding would have thrown it (a timeout as the library's own, for Catch). */
export function replayedError(state: { error: string; cause: string }): Error {
  return state.error === ErrorNames.timeout ? statesTimeout(state.cause) : new StatesError(state.error, state.cause);
}
