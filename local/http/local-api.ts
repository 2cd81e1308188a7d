/**
 * The runtime's own routes, not part of the deployed API:
 * - `GET /health` → `{"status":"ok","timeScale":n,"now":"ISO"}` on the virtual clock (timeScale 0: a manual
 *   clock, time moves only when a test advances it);
 * - `GET /outbox[?customerId=|?to=][&channel=sms|push][&limit=]` → `{"messages":[…]}`, SMS and push, newest first;
 * - `GET /dlq` → `{"deadLetters":[…]}`, oldest first, each with its `kind`: `route` (a route delivery that failed
 *   every attempt: routeId, event, error, attempts, at) or `message` (a message whose send failed past its step's
 *   Retry, parked by deliver-message: messageId, customerId, executionId, journey, step, template, channel, error,
 *   the deliver payload, at);
 * - `POST /dlq/replay` → `{"replayed": n, "delivered": d, "returned": r}`: delivers them again and answers once
 *   every replay has ended — `delivered`: the route ran, or the message is settled (sent, or suppressed/failed with
 *   the reason in the ledger); `returned`: failed again, still in the queue. Replaying is safe to repeat: route-event
 *   applies an event id once, so a letter whose route had in fact run starts nothing twice, and a message keeps its
 *   messageId, so its send claim lets it out once.
 */
import type { ServerResponse } from 'node:http';
import { CustomerId } from '../../functions/domain/model/primitives';
import type { MessageDeadLetter } from '../../functions/adapters/message-dead-letters';
import type { DeadLetter, DeadLetters } from '../dead-letters';
import type { VirtualClock } from '../engine';
import type { DeliveryOutcome } from '../event-bus';
import type { Outbox } from '../outbox';
import type { ReplayOutcome } from '../../functions/services/parked-messages';
import { sendError, sendJson } from './responses';

export interface LocalApiServices {
  clock: VirtualClock;
  outbox: Outbox;
  deadLetters: DeadLetters;
  /** Messages parked by deliver-message (in the table), and their replay. */
  parkedMessages: {
    list(): Promise<MessageDeadLetter[]>;
    replay(letter: MessageDeadLetter): Promise<ReplayOutcome>;
  };
  /** The phone number and push endpoint of a customer (empty when unknown). */
  contactsOf(customerId: string): Promise<string[]>;
  /** Hands a dead letter back to the bus; resolves with how its delivery ended. */
  redeliver(routeId: string, event: unknown): Promise<DeliveryOutcome>;
}

/** A letter of `GET /dlq`: the route letters keep their fields, the parked messages theirs. */
export type ListedDeadLetter = ({ kind: 'route' } & DeadLetter) | ({ kind: 'message' } & MessageDeadLetter);

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
    case '/dlq': {
      const letters: ListedDeadLetter[] = [
        ...services.deadLetters.list().map((letter) => ({ kind: 'route' as const, ...letter })),
        ...(await services.parkedMessages.list()).map((letter) => ({ kind: 'message' as const, ...letter })),
      ];
      // Both are oldest first already; merged by instant (a stable sort keeps each one's order on ties).
      sendJson(response, 200, { deadLetters: letters.sort((a, b) => Date.parse(a.at) - Date.parse(b.at)) });
      return;
    }
    case '/dlq/replay': {
      const letters = services.deadLetters.drain();
      const messages = await services.parkedMessages.list();
      const [routes, replayed] = await Promise.all([
        Promise.all(letters.map((letter) => services.redeliver(letter.routeId, letter.event))),
        Promise.all(messages.map((letter) => services.parkedMessages.replay(letter))),
      ]);
      const delivered = routes.filter((outcome) => outcome === 'delivered').length + replayed.filter((outcome) => outcome === 'settled').length;
      const returned = routes.filter((outcome) => outcome === 'dead-lettered').length + replayed.filter((outcome) => outcome === 'returned').length;
      sendJson(response, 200, { replayed: letters.length + messages.length, delivered, returned });
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
