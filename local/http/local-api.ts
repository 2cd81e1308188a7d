/**
 * The runtime's own routes, not part of the deployed API:
 * - `GET /health` → `{"status":"ok","timeScale":n,"now":"ISO"}` on the virtual clock (timeScale 0: a manual
 *   clock, time moves only when a test advances it);
 * - `GET /outbox[?customerId=|?to=][&channel=sms|push][&limit=]` → `{"messages":[…]}`, SMS and push, newest first;
 * - `GET /dlq` → `{"deadLetters":[…]}`, route deliveries that failed every attempt, oldest first;
 * - `POST /dlq/replay` → `{"replayed": n, "delivered": d, "returned": r}`: delivers them again and answers once
 *   every replayed delivery has ended (those failing again come back to the queue: `returned`). Replaying is safe
 *   to repeat: route-event applies an event id once, so a letter whose route had in fact run starts nothing twice.
 */
import type { ServerResponse } from 'node:http';
import { CustomerId } from '../../functions/domain/model/primitives';
import type { DeadLetters } from '../dead-letters';
import type { VirtualClock } from '../engine';
import type { DeliveryOutcome } from '../event-bus';
import type { Outbox } from '../outbox';
import { sendError, sendJson } from './responses';

export interface LocalApiServices {
  clock: VirtualClock;
  outbox: Outbox;
  deadLetters: DeadLetters;
  /** The phone number and push endpoint of a customer (empty when unknown). */
  contactsOf(customerId: string): Promise<string[]>;
  /** Hands a dead letter back to the bus; resolves with how its delivery ended. */
  redeliver(routeId: string, event: unknown): Promise<DeliveryOutcome>;
}

export const LOCAL_PATHS = ['/health', '/outbox', '/dlq', '/dlq/replay'] as const;

export function isLocalPath(path: string): boolean {
  return (LOCAL_PATHS as readonly string[]).includes(path.replace(/\/$/, '') || '/');
}

export async function handleLocal(method: string, url: URL, response: ServerResponse, services: LocalApiServices): Promise<void> {
  const path = url.pathname.replace(/\/$/, '');
  const allowed = path === '/dlq/replay' ? 'POST' : 'GET';
  if (method !== allowed) {
    sendError(response, 405, 'method_not_allowed', `${method} is not supported here; use ${allowed}`, { headers: { allow: allowed } });
    return;
  }
  switch (path) {
    case '/health':
      sendJson(response, 200, {
        status: 'ok',
        timeScale: services.clock.mode === 'manual' ? 0 : services.clock.scale,
        now: services.clock.date().toISOString(),
      });
      return;
    case '/outbox':
      await outbox(url.searchParams, response, services);
      return;
    case '/dlq':
      sendJson(response, 200, { deadLetters: services.deadLetters.list() });
      return;
    case '/dlq/replay': {
      const letters = services.deadLetters.drain();
      const outcomes = await Promise.all(letters.map((letter) => services.redeliver(letter.routeId, letter.event)));
      const delivered = outcomes.filter((outcome) => outcome === 'delivered').length;
      sendJson(response, 200, { replayed: letters.length, delivered, returned: outcomes.filter((outcome) => outcome === 'dead-lettered').length });
      return;
    }
  }
}

async function outbox(query: URLSearchParams, response: ServerResponse, services: LocalApiServices): Promise<void> {
  const channel = query.get('channel') ?? undefined;
  if (channel !== undefined && channel !== 'sms' && channel !== 'push') {
    sendError(response, 400, 'validation_failed', 'invalid query: channel: must be sms or push', { issues: [{ path: 'channel', message: 'must be sms or push' }] });
    return;
  }
  const limitText = query.get('limit') ?? undefined;
  const limit = limitText === undefined ? undefined : Number(limitText);
  if (limit !== undefined && (!/^\d{1,4}$/.test(limitText as string) || limit < 1 || limit > 1000)) {
    sendError(response, 400, 'validation_failed', 'invalid query: limit: must be an integer from 1 to 1000', { issues: [{ path: 'limit', message: 'must be an integer from 1 to 1000' }] });
    return;
  }
  const to = [...query.getAll('to')];
  const customerId = query.get('customerId');
  // Validated like GET /messages does: an id that cannot be a customer's is a mistake to name, not an empty list.
  if (customerId !== null && !CustomerId.safeParse(customerId).success) {
    sendError(response, 400, 'validation_failed', 'invalid query: customerId: not a customer id', { issues: [{ path: 'customerId', message: 'may contain only letters, digits and . _ : @ - (at most 128)' }] });
    return;
  }
  if (customerId !== null) to.push(...(await services.contactsOf(customerId)));
  const filtered = customerId !== null || to.length > 0;
  const messages = filtered && to.length === 0 ? [] : services.outbox.list({ ...(filtered ? { to } : {}), ...(channel ? { channel } : {}), ...(limit ? { limit } : {}) });
  sendJson(response, 200, { messages });
}
