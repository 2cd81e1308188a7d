/**
 * The all-clear starts the post-resolution journey (survey) for every recipient it reached: one
 * `incident.resolved` event per customer, with an id derived from (crisis, customer), so a pass that reaches them
 * again starts nothing new.
 */
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { putEventsReliably } from '../../adapters/event-publisher';
import { messageIdFor } from '../../domain/message-id';
import type { JourneyEvent } from '../../domain/model/event';
import { clock } from '../../handlers/runtime/clock';
import { config } from '../../handlers/runtime/config';
import type { Dependencies } from '../../handlers/runtime/dependencies';
import { count } from '../../handlers/runtime/metrics';
import type { Broadcast } from './broadcast';
import '../../handlers/runtime/wiring/event-bus'; // builds the eventBridge this module uses (runtime/dependencies.ts)
import '../../handlers/runtime/wiring/events'; // builds the event deduplication this module uses (runtime/dependencies.ts)

export async function inviteToSurvey(deps: Dependencies, broadcast: Broadcast, customerIds: string[]): Promise<void> {
  const busName = config().EVENT_BUS_NAME;
  const occurredAt = broadcast.resolvedAt ?? clock.now().toISOString();
  const entries: PutEventsRequestEntry[] = customerIds.map((customerId) => {
    const event: JourneyEvent = {
      id: surveyEventId(broadcast.key.crisisId, customerId),
      type: 'incident.resolved',
      occurredAt,
      source: 'journeys.crisis',
      customerId,
      data: { incidentId: broadcast.key.crisisId.slice(0, 64) },
    };
    return { EventBusName: busName, Source: event.source, DetailType: event.type, Detail: JSON.stringify(event), Time: new Date(occurredAt) };
  });
  await deps.events.recordOwners(customerIds.map((customerId) => ({ eventId: surveyEventId(broadcast.key.crisisId, customerId), customerId, eventType: 'incident.resolved' })));
  // Refused entries are put again with backoff and jitter (event-publisher); still refused, this throws into the
  // journey's Retry: the next attempt reaches these customers again and puts the same ids.
  const refused = (await putEventsReliably(deps.eventBridge, entries)).filter((result) => !result.ok).length;
  if (refused > 0) throw new Error(`the survey events for ${refused} customers were not accepted by the bus`);
  for (const _ of customerIds) count('SurveysRequested', { journey: 'crisis' });
}

/** Readable when it fits, a hash otherwise; only characters event ids allow. */
export function surveyEventId(crisisId: string, customerId: string): string {
  const id = `${crisisId}.survey.${customerId}`.replace(/[^A-Za-z0-9._:-]/g, '_');
  return id.length <= 128 ? id : `${crisisId.slice(0, 60)}.survey.${messageIdFor(crisisId, customerId).slice(0, 24)}`;
}
