/**
 * Where an execution is now, from its Step Functions history (GetExecutionHistory): the states entered and not yet
 * exited. Usually one; inside a Map or Parallel state the enclosing state and the inner ones are all "current".
 */

/** The parts of a history event this needs (the SDK's `HistoryEvent`, as the JSON protocol carries it). */
export interface HistoryEventLike {
  type?: string;
  id?: number;
  timestamp?: number | string;
  stateEnteredEventDetails?: { name?: string };
  stateExitedEventDetails?: { name?: string };
}

/** Names of the states the execution is in, innermost last; empty once it has finished. */
export function currentStates(events: readonly HistoryEventLike[]): string[] {
  const open: string[] = [];
  for (const event of events) {
    const type = event.type ?? '';
    if (type.endsWith('StateEntered') && event.stateEnteredEventDetails?.name !== undefined) {
      open.push(event.stateEnteredEventDetails.name);
    } else if (type.endsWith('StateExited') && event.stateExitedEventDetails?.name !== undefined) {
      const index = open.lastIndexOf(event.stateExitedEventDetails.name);
      if (index >= 0) open.splice(index, 1);
    } else if (/^Execution(Succeeded|Failed|Aborted|TimedOut)$/.test(type)) {
      open.length = 0;
    }
  }
  return open;
}

/** State name → how many of these executions are in it now (for the diagram's badges). */
export function countByState(executions: readonly { states: readonly string[] }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { states } of executions) for (const state of new Set(states)) counts[state] = (counts[state] ?? 0) + 1;
  return counts;
}
