/**
 * A new entry into a journey: started on the journey's alias `live` (its routing picks the version), unless the
 * journey is paused or stopped — then queued or dropped with the reason in the journey's audit. One event starts
 * at most one execution (the name comes from the event id), so a queued entry started on resume after a redelivery
 * is still started once.
 */
import { entryDecision } from '../domain/journey-control';
import { executionView, type JourneyEvent } from '../domain/model/event';
import type { JourneyName } from '../domain/model/primitives';
import type { CustomerJourneyInput } from '../../contracts/payloads';
import { executionName } from '../../contracts/routes';
import { clock } from '../handlers/runtime/clock';
import { dependencies } from '../handlers/runtime/dependencies';
import { logger } from '../handlers/runtime/logger';
import { count } from '../handlers/runtime/metrics';
import { stateMachineArn } from '../handlers/runtime/wiring/step-functions'; // also builds the executions this module uses (runtime/dependencies.ts)
import '../handlers/runtime/wiring/execution-log'; // builds the execution log this module uses (runtime/dependencies.ts)
import '../handlers/runtime/wiring/journey-control'; // builds the pause, stop and freeze stores this module uses (runtime/dependencies.ts)

export interface EntryOutcome {
  execution: string;
  duplicate: boolean;
  /** Set when the entry did not start: `queued` or `dropped`, with why. */
  held?: { action: 'queue' | 'drop'; reason: string };
}

export async function enterJourney(journey: JourneyName, event: JourneyEvent): Promise<EntryOutcome> {
  const { journeyControl } = dependencies();
  const now = clock.now();
  const decision = entryDecision(journey, await journeyControl.get(journey), now);
  const name = executionName(journey, event.id);
  if (decision.action === 'start') return startJourney(journey, event);
  const detail = { eventId: event.id, customerId: event.customerId, type: event.type, reason: decision.reason };
  if (decision.action === 'queue') {
    await journeyControl.queue(journey, event, now.toISOString());
    await journeyControl.audit(journey, { action: 'entry-queued', actor: 'route-event', at: now.toISOString(), detail });
  } else {
    await journeyControl.audit(journey, { action: 'entry-dropped', actor: 'route-event', at: now.toISOString(), detail });
  }
  count('JourneyEntriesHeld', { journey, action: decision.action });
  logger.info('journey entry held', { journey, eventId: event.id, action: decision.action });
  return { execution: name, duplicate: false, held: { action: decision.action, reason: decision.reason } };
}

/** Starts the journey for the event now, whatever its control state (resume uses this for queued entries). */
export async function startJourney(journey: JourneyName, event: JourneyEvent): Promise<EntryOutcome> {
  const { executions, executionLog } = dependencies();
  const name = executionName(journey, event.id);
  // Ids and the fields journeys branch on, nothing a customer typed: histories keep the input for 90 days.
  const input: CustomerJourneyInput = { journey: journey as CustomerJourneyInput['journey'], customerId: event.customerId, event: executionView(event) };
  const outcome = await executions.start(stateMachineArn(journey), name, input);
  if (!outcome.started) {
    logger.info('journey already started for this event', { journey, eventId: event.id });
    return { execution: name, duplicate: true };
  }
  await executionLog.recordExecution(event.customerId, { journey, id: outcome.executionArn, name, startedAt: (outcome.startDate ?? clock.now()).toISOString() });
  count('JourneysStarted', { journey });
  return { execution: name, duplicate: false };
}
