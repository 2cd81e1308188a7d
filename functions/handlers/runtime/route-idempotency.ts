/**
 * route-event's idempotency records (Powertools, in the idempotency table): one per (route, event id), holding the
 * route's outcome — the execution name, which carries the event id. Erasure must find them, so the key is pinned
 * here rather than left to Powertools' default (the Lambda's generated function name): `route-event#` + the
 * base64 MD5 of `JSON.stringify([routeId, eventId])`, Powertools' own scheme for the `[routeId, event.id]` key.
 */
import { createHash } from 'node:crypto';
import { routeId, ROUTES } from '../../../contracts/routes';

export const ROUTE_EVENT_KEY_PREFIX = 'route-event';
export const ROUTE_EVENT_KEY_PATH = '[routeId, event.id]';

/** The record ids route-event may have written for an event of this type (one per route, and the raw form). */
export function routeEventIdempotencyKeys(eventType: string, eventId: string): string[] {
  const routeIds: (string | null)[] = ROUTES.filter((route) => route.eventType === eventType).map(routeId);
  // A raw EventBridge event (no routeId) is keyed on [null, id].
  routeIds.push(null);
  return routeIds.map((id) => `${ROUTE_EVENT_KEY_PREFIX}#${createHash('md5').update(JSON.stringify([id, eventId])).digest('base64')}`);
}
