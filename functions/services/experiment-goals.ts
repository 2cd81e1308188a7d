/**
 * Conversions: a goal event (an event type some experiment's goal names) counts once per customer, for the
 * variant or control group of each experiment they were exposed to, within the goal's window after the first
 * exposure. Runs in route-event, on the events' usual routes — never in a decision. An event type with several
 * routes is counted on its first route only (the conditional write would make the others no-ops anyway).
 */
import { goalCounts } from '../domain/experiments/goal-window';
import type { JourneyEvent } from '../domain/model/event';
import { EXPERIMENTS, experimentById } from '../../contracts/experiments';
import { routeId, routesFor } from '../../contracts/routes';
import { dependencies } from '../handlers/runtime/dependencies';
import '../handlers/runtime/wiring/experiments'; // builds the experiments this module uses (runtime/dependencies.ts)

const GOAL_EVENTS = new Set<string>(EXPERIMENTS.map((experiment) => experiment.goal.event));

/** The number of exposures the event converted (0 when it is no goal, or counted already). */
export async function countGoalEvent(event: JourneyEvent, viaRoute: string | undefined): Promise<number> {
  if (!GOAL_EVENTS.has(event.type)) return 0;
  const first = routesFor(event.type)[0];
  if (viaRoute !== undefined && first !== undefined && viaRoute !== routeId(first)) return 0;
  const { experiments } = dependencies();
  let counted = 0;
  for (const exposure of await experiments.exposures(event.customerId)) {
    const experiment = experimentById(exposure.experimentId);
    if (!experiment || !goalCounts(experiment, exposure, event.type, event.occurredAt)) continue;
    if (await experiments.recordGoal(event.customerId, exposure, event.occurredAt)) counted++;
  }
  return counted;
}
