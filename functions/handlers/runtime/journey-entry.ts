/**
 * A new entry into a journey: started on the journey's alias `live` (its routing picks the version), unless the
 * journey is paused or stopped — then queued or dropped with the reason in the journey's audit. One event starts
 * at most one execution (the name comes from the event id), so a queued entry started on resume after a redelivery
 * is still started once.
 */
import { ExecutionAlreadyExists, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { entryDecision } from '../../domain/journey-control';
import type { JourneyEvent } from '../../domain/model/event';
import type { JourneyName } from '../../domain/model/primitives';
import { executionName } from '../../../workflows/routes';
import { clock } from './clock';
import { dependencies } from './dependencies';
import { logger } from './logger';
import { count } from './metrics';

export interface EntryOutcome {
  execution: string;
  duplicate: boolean;
  /** Set when the entry did not start: `queued` or `dropped`, with why. */
  held?: { action: 'queue' | 'drop'; reason: string };
}

/** The alias ARN per journey, from STATE_MACHINE_ARN_<JOURNEY> (post-resolution → POST_RESOLUTION). */
export function stateMachineArn(journey: JourneyName): string {
  const variable = `STATE_MACHINE_ARN_${journey.toUpperCase().replace(/-/g, '_')}`;
  const arn = process.env[variable];
  if (!arn) throw new Error(`${variable} is not set: the ${journey} journey cannot be started`);
  return arn;
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
  const { sfn, customers } = dependencies();
  const name = executionName(journey, event.id);
  try {
    const started = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: stateMachineArn(journey), name, input: JSON.stringify({ journey, customerId: event.customerId, event }) }),
    );
    await customers.recordExecution(event.customerId, { journey, id: started.executionArn!, name, startedAt: (started.startDate ?? clock.now()).toISOString() });
    count('JourneysStarted', { journey });
    return { execution: name, duplicate: false };
  } catch (error) {
    if (error instanceof ExecutionAlreadyExists || (error as Error).name === 'ExecutionAlreadyExists') {
      logger.info('journey already started for this event', { journey, eventId: event.id });
      return { execution: name, duplicate: true };
    }
    throw error;
  }
}
