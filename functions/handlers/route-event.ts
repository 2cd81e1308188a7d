/**
 * EventBridge target: one rule per route (contracts/routes.ts) hands this function `{routeId, event}`.
 * It applies the event's effect on the profile (activated, churned, unsubscribed), counts it as an experiment's
 * goal event when it is one (runtime/experiment-goals.ts), then the route's action:
 * start a journey on its alias `live` (execution name derived from the event id, so an event starts at most one
 * execution; a paused journey queues or drops the entry, a stopped one drops it: services/journey-entry.ts) or
 * wake the journeys parked on the event's wait key. EventBridge delivers at least once; Powertools
 * idempotency on (route, event id) makes a redelivery a no-op.
 */
import { makeIdempotent, IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context } from 'aws-lambda';
import * as z from '../domain/zod';
import { createDynamoClient } from '../adapters/dynamodb-client';
import { DEFAULT_IDEMPOTENCY_TABLE_NAME } from '../adapters/table-definition';
import { EventSchema, executionView, type JourneyEvent } from '../domain/model/event';
import type { JourneyName } from '../domain/model/primitives';
import { routeById, routeId, routesFor, type Route } from '../../contracts/routes';
import { taskHandler } from './middleware/task-handler';
import { enterJourney } from '../services/journey-entry';
import { applyProfileEffect } from '../services/profile-effects';
import { countGoalEvent } from '../services/experiment-goals';
import { ROUTE_EVENT_KEY_PATH, ROUTE_EVENT_KEY_PREFIX } from './runtime/route-idempotency';
import { signal } from '../services/signals';

export const RouteEventPayload = z.union([
  z.object({ routeId: z.string().check(z.minLength(1)), event: EventSchema }),
  // The raw EventBridge event (a rule without an input transformer): every route of its type applies.
  z.pipe(
    z.object({ 'detail-type': z.string(), detail: EventSchema }),
    z.transform((raw: { 'detail-type': string; detail: JourneyEvent }) => ({ routeId: undefined, event: raw.detail })),
  ),
]);

export interface RouteOutcome {
  routeId: string;
  action: Route['action'];
  journey?: JourneyName;
  execution?: string;
  duplicate?: boolean;
  delivered?: number;
  pending?: boolean;
}

async function route(payload: { routeId?: string | undefined; event: JourneyEvent }): Promise<RouteOutcome[]> {
  const { event } = payload;
  const routes = payload.routeId === undefined ? routesFor(event.type) : [routeById(payload.routeId)];
  if (routes.some((r) => r === undefined || r.eventType !== event.type)) {
    throw new Error(`route ${payload.routeId} does not exist for ${event.type}: the rule and contracts/routes.ts disagree`);
  }
  await applyProfileEffect(event);
  await countGoalEvent(event, payload.routeId);
  const outcomes: RouteOutcome[] = [];
  for (const r of routes as Route[]) outcomes.push(await act(r, event));
  return outcomes;
}

async function act(r: Route, event: JourneyEvent): Promise<RouteOutcome> {
  const id = routeId(r);
  switch (r.action) {
    case 'apply':
      return { routeId: id, action: 'apply' };
    case 'signal': {
      const result = await signal(event.customerId, r.waitKey(event), event.id, { event: executionView(event) });
      return { routeId: id, action: 'signal', ...result };
    }
    case 'start':
      return { routeId: id, action: 'start', journey: r.journey, ...(await enterJourney(r.journey, event)) };
  }
}

let idempotentRoute: ((payload: { routeId?: string | undefined; event: JourneyEvent }, context: Context) => Promise<RouteOutcome[]>) | undefined;

function idempotent() {
  idempotentRoute ??= makeIdempotent((payload: { routeId?: string | undefined; event: JourneyEvent }) => route(payload), {
    persistenceStore: new DynamoDBPersistenceLayer({
      tableName: process.env.IDEMPOTENCY_TABLE_NAME ?? DEFAULT_IDEMPOTENCY_TABLE_NAME,
      awsSdkV3Client: createDynamoClient(),
    }),
    config: new IdempotencyConfig({ eventKeyJmesPath: ROUTE_EVENT_KEY_PATH, expiresAfterSeconds: 7 * 86_400 }),
    keyPrefix: ROUTE_EVENT_KEY_PREFIX,
  });
  return idempotentRoute;
}

export const handler = taskHandler('route-event', RouteEventPayload, async (payload, context) => {
  const fn = idempotent();
  return fn(payload, context);
});
