/**
 * The journeys event bus, locally: `PutEvents` with the service's per-entry results, and delivery the way the
 * stack's EventBridge rules deliver — one rule per route (contracts/routes.ts), each invoking route-event with
 * `{routeId, event}` asynchronously, retried with backoff and jitter, and parked in the dead-letter queue when every attempt
 * failed. An accepted event is never dropped: it is delivered or it is in `GET /dlq`.
 *
 * Accepted deliveries are journaled (`<dataDir>/bus-pending.jsonl`) until they succeed or are dead-lettered, so a
 * runtime stopped or killed between PutEvents and delivery delivers them at its next start.
 *
 * Entry faults (`runtime.faults.putEvents`, targeted by event id or DetailType) fail chosen entries of a call the
 * way the service does under load: `FailedEntryCount` > 0, the entry's `ErrorCode` (`InternalFailure`,
 * `ThrottlingException`) and no EventId — nothing of that entry is delivered; the caller must put it again.
 *
 * Entry validation, in the service's order and with its codes: missing Source/DetailType/Detail → `InvalidArgument`;
 * Detail not a JSON object → `MalformedDetail`. Two local deviations, on purpose, because a laptop should say what
 * the cloud silently swallows:
 * - an unknown bus fails the entry (`ResourceNotFoundException`); the service answers such entries with an
 *   EventId and drops them (aws/aws-sdk#186). The `default` bus exists and has no rules, as in an account.
 * - on the journeys bus, Detail must be a valid event envelope and DetailType its `type` (`InvalidArgument` naming
 *   the field); deployed, such an event would match no rule or fail in route-event. The journeys' own
 *   announcements (`support.follow_up_requested`, for the support desk) are the exception: accepted, routed nowhere.
 */
import { randomUUID } from 'node:crypto';
import { backoffDelay } from '../functions/adapters/backoff';
import { FOLLOW_UP_EVENT_TYPE } from '../functions/adapters/follow-ups';
import type { RouteEventInput } from '../contracts/routes';
import { routeId, routesFor } from '../contracts/routes';
import { EventSchema } from '../functions/domain/model/event';
import { jsonStructureIssues } from '../functions/domain/json-structure';
import { toFieldIssues } from '../functions/domain/validation';
import { AwsServiceError } from './aws-error';
import type { DeadLetters } from './dead-letters';
import type { FaultSwitch } from './faults';
import { JsonlLog } from './jsonl';
import type { RuntimeLog } from './log';

export const MAX_ENTRIES = 10;
export const MAX_REQUEST_ENTRY_BYTES = 256 * 1024;

export interface PutEventsRequestEntry {
  Source?: unknown;
  DetailType?: unknown;
  Detail?: unknown;
  EventBusName?: unknown;
  Time?: unknown;
  Resources?: unknown;
  TraceHeader?: unknown;
}

export type PutEventsResultEntry = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

export interface PutEventsResult {
  FailedEntryCount: number;
  Entries: PutEventsResultEntry[];
}

export interface DeliveryRetry {
  /** Attempts per route delivery, the first included (default 4). */
  attempts?: number;
  /** Delay before the second attempt, doubled for each further one, half of it jittered (default 200 ms, real time). */
  baseDelayMs?: number;
}

export interface LocalEventBusOptions {
  busName: string;
  /** Invokes route-event with `{routeId, event}`. */
  deliver(input: RouteEventInput): Promise<unknown>;
  deadLetters: DeadLetters;
  /** Faults of the route deliveries (route-event failing), by route id. */
  faults: FaultSwitch;
  /** Faults of PutEvents entries, by event id or DetailType. */
  entryFaults?: FaultSwitch;
  now(): Date;
  log: RuntimeLog;
  retry?: DeliveryRetry;
  /** Journal of deliveries not finished yet; memory only when absent. */
  pendingPath?: string;
}

/** How a delivery ended: run by route-event, parked in the dead-letter queue, or left journaled by a stop. */
export type DeliveryOutcome = 'delivered' | 'dead-lettered' | 'stopped';

type PendingRecord = { r: 'accepted'; id: string; routeId: string; event: unknown } | { r: 'done'; id: string };

/**
 * What the journeys themselves announce on their bus for other consumers (the support desk's rule picks up
 * follow-ups): not event envelopes, and no route matches them, so they are accepted and go nowhere locally.
 */
const ANNOUNCEMENTS: ReadonlySet<unknown> = new Set([FOLLOW_UP_EVENT_TYPE]);

/** Finished deliveries between two compactions of the delivery journal. */
const COMPACT_EVERY = 1000;
const ARN_BUS = /^arn:aws[a-z-]*:events:[a-z0-9-]+:\d{12}:event-bus\/(.+)$/;

export class LocalEventBus {
  readonly #options: LocalEventBusOptions;
  readonly #attempts: number;
  readonly #baseDelayMs: number;
  readonly #pending: JsonlLog<PendingRecord>;
  readonly #inFlight = new Set<Promise<DeliveryOutcome>>();
  /** Backoff sleeps in progress: timer → wake-up of the waiting delivery. */
  readonly #sleeps = new Map<NodeJS.Timeout, (continueDelivery: boolean) => void>();
  #closed = false;
  #doneSinceCompaction = 0;

  constructor(options: LocalEventBusOptions) {
    this.#options = options;
    this.#attempts = Math.max(1, options.retry?.attempts ?? 4);
    this.#baseDelayMs = Math.max(0, options.retry?.baseDelayMs ?? 200);
    this.#pending = new JsonlLog<PendingRecord>(options.pendingPath);
  }

  putEvents(request: { Entries?: unknown }): PutEventsResult {
    const entries = request.Entries;
    if (!Array.isArray(entries)) throw new AwsServiceError('ValidationException', "1 validation error detected: Value null at 'entries' failed to satisfy constraint: Member must not be null");
    if (entries.length < 1 || entries.length > MAX_ENTRIES) {
      const bound = entries.length < 1 ? 'greater than or equal to 1' : `less than or equal to ${MAX_ENTRIES}`;
      throw new AwsServiceError('ValidationException', `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length ${bound}`);
    }
    if (entries.reduce((total: number, entry) => total + entrySize(entry as PutEventsRequestEntry), 0) > MAX_REQUEST_ENTRY_BYTES) {
      throw new AwsServiceError('ValidationException', 'Total size of the entries in the request is over the limit.');
    }
    const results = entries.map((entry) => this.#accept(entry as PutEventsRequestEntry));
    return { FailedEntryCount: results.filter((result) => 'ErrorCode' in result).length, Entries: results };
  }

  /** True while a delivery is running or waiting for a retry. */
  get busy(): boolean {
    return this.#inFlight.size > 0;
  }

  /** Resolves once no delivery is running or waiting for a retry. */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  /** Delivers a dead letter again (a replay): journaled and retried like a fresh delivery; resolves with how it ended. */
  redeliver(route: string, event: unknown): Promise<DeliveryOutcome> {
    const id = randomUUID();
    this.#pending.append({ r: 'accepted', id, routeId: route, event });
    return this.#schedule(id, route, event);
  }

  /** Delivers what a previous runtime accepted but did not finish delivering; returns how many. */
  resumePending(): number {
    const open = this.compact();
    for (const record of open) this.#schedule(record.id, record.routeId, record.event);
    return open.length;
  }

  /**
   * Drops the finished deliveries from the journal (it only ever needs the open ones); answers those. Also run on
   * a customer's erasure: a finished delivery's record holds the event, and so the customer id.
   */
  compact(): Extract<PendingRecord, { r: 'accepted' }>[] {
    const open = new Map<string, Extract<PendingRecord, { r: 'accepted' }>>();
    for (const record of this.#pending.all()) {
      if (record.r === 'accepted') open.set(record.id, record);
      else open.delete(record.id);
    }
    this.#pending.rewrite([...open.values()]);
    this.#doneSinceCompaction = 0;
    return [...open.values()];
  }

  /**
   * A delivery ended (delivered or parked). Every so many, the finished ones leave the journal: a runtime that runs
   * for weeks keeps in memory (and on disk) the deliveries still open, not every event it ever routed.
   */
  #done(id: string): void {
    this.#pending.append({ r: 'done', id });
    if (++this.#doneSinceCompaction >= COMPACT_EVERY) this.compact();
  }

  /** Stops retrying (what is still pending stays journaled for the next start) and waits for running deliveries. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const [timer, wake] of this.#sleeps) {
      clearTimeout(timer);
      wake(false);
    }
    this.#sleeps.clear();
    await this.idle();
  }

  #accept(entry: PutEventsRequestEntry): PutEventsResultEntry {
    const failure = this.#validate(entry) ?? this.#injectedFailure(entry);
    if (failure) return failure;
    const eventId = randomUUID();
    if (this.#busName(entry.EventBusName) !== this.#options.busName || ANNOUNCEMENTS.has(entry.DetailType)) return { EventId: eventId };
    const event = JSON.parse(entry.Detail as string) as { type: Parameters<typeof routesFor>[0] };
    for (const route of routesFor(event.type)) {
      const id = randomUUID();
      this.#pending.append({ r: 'accepted', id, routeId: routeId(route), event });
      this.#schedule(id, routeId(route), event);
    }
    return { EventId: eventId };
  }

  #validate(entry: PutEventsRequestEntry): PutEventsResultEntry | undefined {
    const bus = this.#busName(entry.EventBusName);
    if (bus !== this.#options.busName && bus !== 'default') {
      return { ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Event bus ${bus} does not exist.` };
    }
    for (const field of ['Source', 'DetailType', 'Detail'] as const) {
      if (typeof entry[field] !== 'string' || entry[field] === '') {
        return { ErrorCode: 'InvalidArgument', ErrorMessage: `Parameter ${field} is not valid. Reason: ${field} is a required argument.` };
      }
    }
    let detail: unknown;
    try {
      detail = JSON.parse(entry.Detail as string);
    } catch {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    }
    if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    if (bus !== this.#options.busName || ANNOUNCEMENTS.has(entry.DetailType)) return undefined;

    // As POST /events: no repeated or `__proto__` keys, no absurd nesting (functions/domain/json-structure.ts).
    const structureIssues = jsonStructureIssues(entry.Detail as string, 5);
    const parsed = structureIssues.length > 0 ? undefined : EventSchema.safeParse(detail);
    if (!parsed?.success) {
      const issues = (parsed ? toFieldIssues(parsed.error) : structureIssues).map((issue) => `${issue.path}: ${issue.message}`);
      return { ErrorCode: 'InvalidArgument', ErrorMessage: `Parameter Detail is not valid. Reason: not a Journeys event envelope (${issues.slice(0, 5).join('; ')})` };
    }
    if (entry.DetailType !== parsed.data.type) {
      return {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: `Parameter DetailType is not valid. Reason: DetailType must be the event's type (${parsed.data.type}), not ${String(entry.DetailType).slice(0, 64)}`,
      };
    }
    return undefined;
  }

  #injectedFailure(entry: PutEventsRequestEntry): PutEventsResultEntry | undefined {
    if (!this.#options.entryFaults?.armed) return undefined;
    const id = (JSON.parse(entry.Detail as string) as { id?: unknown }).id;
    const fault = this.#options.entryFaults.take(typeof id === 'string' ? id : undefined, entry.DetailType as string);
    if (!fault) return undefined;
    return { ErrorCode: fault.name, ErrorMessage: fault.message ?? `${fault.name} (injected by the local runtime)` };
  }

  #busName(value: unknown): string {
    if (typeof value !== 'string' || value === '') return 'default';
    return ARN_BUS.exec(value)?.[1] ?? value;
  }

  #schedule(id: string, route: string, event: unknown): Promise<DeliveryOutcome> {
    const delivery = this.#deliver(id, route, event).finally(() => this.#inFlight.delete(delivery));
    this.#inFlight.add(delivery);
    return delivery;
  }

  async #deliver(id: string, route: string, event: unknown): Promise<DeliveryOutcome> {
    // Asynchronous, as EventBridge invokes its targets: PutEvents has answered before any route runs.
    await new Promise((resolve) => setImmediate(resolve));
    let lastError: Error = new Error('not attempted');
    for (let attempt = 1; attempt <= this.#attempts; attempt++) {
      if (this.#closed) return 'stopped';
      try {
        const fault = this.#options.faults.take(route);
        if (fault) throw Object.assign(new Error(fault.message ?? `${fault.name} (injected by the local runtime)`), { name: fault.name });
        await this.#options.deliver({ routeId: route, event } as RouteEventInput);
        this.#done(id);
        return 'delivered';
      } catch (error) {
        lastError = error instanceof Error ? error : new Error(String(error));
      }
      // Equal jitter, as EventBridge spaces its target retries: a burst that failed together does not return at once.
      if (attempt < this.#attempts && !(await this.#sleep(backoffDelay({ baseMs: this.#baseDelayMs, jitter: 'equal' }, attempt)))) return 'stopped';
    }
    this.#options.deadLetters.add({
      routeId: route,
      event,
      error: { name: lastError.name, message: lastError.message.slice(0, 1000) },
      attempts: this.#attempts,
      at: this.#options.now().toISOString(),
    });
    this.#done(id);
    // A replayed letter may hold anything, null included: the warning must not throw after the letter is parked.
    const eventId = (event as { id?: unknown } | null | undefined)?.id;
    this.#options.log.warn(`route ${route} failed for event ${String(eventId)} after ${this.#attempts} attempts (${lastError.name}); parked in the dead-letter queue (GET /dlq)`);
    return 'dead-lettered';
  }

  /**
   * Real-time backoff: retries model a failing target, not journey time, and must happen on a manual clock too.
   * Resolves false when the bus closed meanwhile (the delivery stays journaled for the next start).
   */
  #sleep(ms: number): Promise<boolean> {
    if (this.#closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#sleeps.delete(timer);
        resolve(!this.#closed);
      }, ms);
      this.#sleeps.set(timer, resolve);
    });
  }
}

/** The entry size as EventBridge computes it (Time 14 bytes, Source, DetailType, Detail, Resources). */
function entrySize(entry: PutEventsRequestEntry): number {
  const bytes = (value: unknown) => (typeof value === 'string' ? Buffer.byteLength(value) : 0);
  const resources = Array.isArray(entry.Resources) ? entry.Resources.reduce((total: number, resource) => total + bytes(resource), 0) : 0;
  return (entry.Time !== undefined ? 14 : 0) + bytes(entry.Source) + bytes(entry.DetailType) + bytes(entry.Detail) + resources;
}
