/**
 * Every item key of the journeys table, in one place.
 *
 * Customer item collection, `pk = CUSTOMER#<customerId>` — everything one message decision needs is in it, so
 * loading the decision context is ONE Query:
 *
 * | sk                              | item                                                                    | ttl                  |
 * |---------------------------------|-------------------------------------------------------------------------|----------------------|
 * | `MESSAGE#<messageId>`           | ledger: the decision (outcome, reasons, channel, providerMessageId)     | `at` + 90 days       |
 * | `PROFILE`                       | the profile, plus `rev` (revision, bumped on every write)               | —                    |
 * | `SEGMENT#<key>=<value>`         | segment membership: `segmentKey = <key>=<value>#<shard>`, `customerId`   | —                    |
 * | `SEGMENT#*`                     | the "everyone" membership: `segmentKey = *#<shard>`                      | —                    |
 * | `SEND#<messageId>`              | send claim: status claimed/sent, channel, providerMessageId             | claim + 90 days      |
 * | `SUPPRESSION#<kind>#<ref>`      | suppression with reason, source, expiry                                 | `expiresAt`, if any  |
 * | `SURVEY#<token>`                | pointer to the customer's survey item, so erasure finds it              | survey's ttl         |
 * | `WAIT#<waitKey>#<waiter>`       | a journey waiting for an event: the Step Functions task token           | `expiresAt`          |
 * | `SIGNAL#<waitKey>#<signal>`     | an event that arrived before its journey parked: taken when it parks    | `expiresAt`          |
 * | `EXECUTION#<startedAt>#<name>`  | a journey execution started for the customer (journey, executionArn)    | `startedAt` + 400 d  |
 * | `PHONEREF#<sha256(phone)>`      | pointer to the phone lookup item, so erasure and phone changes find it  | —                    |
 * | `DEADLETTER#<messageId>`        | pointer to the message's dead letter (`letterSk`), so erasure finds it   | the letter's ttl     |
 * | `EVENTREF#<eventId>`            | pointer to the event's de-duplication item, so erasure finds it         | the claim's ttl      |
 * | `BROADCASTFAILED#<broadcast pk>`| pointer to a crisis broadcast's `FAILED#<customerId>` item, for erasure | the failure's ttl    |
 * | `EXPOSURE#<experimentId>`       | first exposure to an experiment: variant, exposedAt, sentAt, goalAt       | exposedAt + 400 d    |
 *
 * Other collections:
 * - `pk = CRISIS`: `sk = CURRENT` (the crisis record with `version`) and `sk = AUDIT#<version, 10 digits>`
 *   (append-only audit trail; zero-padded so the sort key orders numerically and a descending Query is
 *   newest-first).
 * - `pk = EXPERIMENT#<experimentId>`, `sk = COUNT#<variant>#<YYYY-MM-DD>`: an experiment's counters per variant
 *   (or `control`) and day of first exposure: `assigned`, `sent`, `events` (goal events counted), added atomically.
 * - `pk = EVENT#<eventId>`, `sk = EVENT`: event de-duplication, ttl 7 days.
 * - `pk = SURVEY#<token>`, `sk = SURVEY`: a survey invitation (customer, execution, task token, expiry, answer).
 * - `pk = PHONE#<sha256(e164) hex>`, `sk = PHONE`: phone number → customerId (inbound SMS STOP/START), written
 *   and removed with the profile; the customer's `PHONEREF#` item points at it.
 * - `pk = DEADLETTER#message`, `sk = <at>#<messageId>`: a message whose send failed past the step's Retry, parked
 *   with the error and the deliver-message payload to replay it (ids and the journey's template variables, no
 *   address); ttl 14 days (SQS's longest retention). One partition: a dead-letter queue is read whole, oldest
 *   first, and is empty when all is well. The customer's `DEADLETTER#` item points at it.
 *
 * Segment memberships are sharded: `shard = fnv1a(customerId) mod 16`, so a huge segment (`*`, a big region)
 * is spread over 16 GSI partitions instead of one hot one, and a broadcast can read the 16 shards in parallel.
 *
 * Separators: customer ids, segment keys and segment values cannot contain `#` or `=` (see the zod
 * primitives), so the composed keys are unambiguous. Free-form parts (message ids, suppression refs, wait keys,
 * survey tokens) always come last.
 */

import { createHash } from 'node:crypto';
import { SHARD_COUNT } from '../domain/rules/broadcast-shards';

export interface ItemKey {
  pk: string;
  sk: string;
}

/** The segment index's shards: a broadcast rule (domain/rules/broadcast-shards.ts), re-exported with the layout. */
export { SHARD_COUNT };
/** The segment value that stands for "every customer" (`{"all": true}` audiences). */
export const ALL_SEGMENT = '*';

export const SK = {
  profile: 'PROFILE',
  message: 'MESSAGE#',
  segment: 'SEGMENT#',
  send: 'SEND#',
  suppression: 'SUPPRESSION#',
  survey: 'SURVEY#',
  wait: 'WAIT#',
  signal: 'SIGNAL#',
  execution: 'EXECUTION#',
  phoneRef: 'PHONEREF#',
  deadLetter: 'DEADLETTER#',
  eventRef: 'EVENTREF#',
  broadcastFailure: 'BROADCASTFAILED#',
  exposure: 'EXPOSURE#',
} as const;

export const MESSAGE_DEAD_LETTERS_PK = 'DEADLETTER#message';

export const customerPk = (customerId: string): string => `CUSTOMER#${customerId}`;

export const keys = {
  profile: (customerId: string): ItemKey => ({ pk: customerPk(customerId), sk: SK.profile }),
  suppression: (customerId: string, kind: string, ref: string): ItemKey => ({
    pk: customerPk(customerId),
    sk: `${SK.suppression}${kind}#${ref}`,
  }),
  message: (customerId: string, messageId: string): ItemKey => ({ pk: customerPk(customerId), sk: `${SK.message}${messageId}` }),
  /** `key` = ALL_SEGMENT gives the everyone-membership (`SEGMENT#*`). */
  segment: (customerId: string, key: string, value: string): ItemKey => ({
    pk: customerPk(customerId),
    sk: key === ALL_SEGMENT ? `${SK.segment}${ALL_SEGMENT}` : `${SK.segment}${key}=${value}`,
  }),
  send: (customerId: string, messageId: string): ItemKey => ({ pk: customerPk(customerId), sk: `${SK.send}${messageId}` }),
  /** Several executions may wait on the same key (two onboardings of one customer): one item per waiter. */
  wait: (customerId: string, waitKey: string, waiterId: string): ItemKey => ({ pk: customerPk(customerId), sk: `${SK.wait}${waitKey}#${waiterId}` }),
  signal: (customerId: string, waitKey: string, signalId: string): ItemKey => ({ pk: customerPk(customerId), sk: `${SK.signal}${waitKey}#${signalId}` }),
  surveyRef: (customerId: string, token: string): ItemKey => ({ pk: customerPk(customerId), sk: `${SK.survey}${token}` }),
  execution: (customerId: string, startedAt: string, name: string): ItemKey => ({ pk: customerPk(customerId), sk: `${SK.execution}${startedAt}#${name}` }),
  phoneRef: (customerId: string, phoneHash: string): ItemKey => ({ pk: customerPk(customerId), sk: `${SK.phoneRef}${phoneHash}` }),
  phone: (phoneHash: string): ItemKey => ({ pk: `PHONE#${phoneHash}`, sk: 'PHONE' }),
  /** The customer's pointer to a parked message; its `letterSk` names the letter. */
  deadLetterRef: (customerId: string, messageId: string): ItemKey => ({ pk: customerPk(customerId), sk: `${SK.deadLetter}${messageId}` }),
  /** `at` first, so the partition reads oldest first. */
  messageDeadLetter: (at: string, messageId: string): ItemKey => ({ pk: MESSAGE_DEAD_LETTERS_PK, sk: `${at}#${messageId}` }),
  crisisCurrent: (): ItemKey => ({ pk: CRISIS_PK, sk: 'CURRENT' }),
  crisisAudit: (version: number): ItemKey => ({ pk: CRISIS_PK, sk: `${CRISIS_AUDIT_PREFIX}${String(version).padStart(10, '0')}` }),
  event: (eventId: string): ItemKey => ({ pk: `EVENT#${eventId}`, sk: 'EVENT' }),
  /** The customer's pointer to the de-duplication item of an event about them. */
  eventRef: (customerId: string, eventId: string): ItemKey => ({ pk: customerPk(customerId), sk: `${SK.eventRef}${eventId}` }),
  /** The customer's pointer to a broadcast's failure item (`broadcastPk` = the broadcast's collection). */
  broadcastFailureRef: (customerId: string, broadcastPk: string): ItemKey => ({ pk: customerPk(customerId), sk: `${SK.broadcastFailure}${broadcastPk}` }),
  broadcastFailure: (broadcastPk: string, customerId: string): ItemKey => ({ pk: broadcastPk, sk: `FAILED#${customerId}` }),
  survey: (token: string): ItemKey => ({ pk: `SURVEY#${token}`, sk: 'SURVEY' }),
  /** The customer's last survey invitation (one item, claimed atomically): in the collection, so erased with it. */
  surveyInvitation: (customerId: string): ItemKey => ({ pk: customerPk(customerId), sk: 'INVITATION#survey' }),
  exposure: (customerId: string, experimentId: string): ItemKey => ({ pk: customerPk(customerId), sk: `${SK.exposure}${experimentId}` }),
  experimentCounter: (experimentId: string, variant: string, day: string): ItemKey => ({ pk: experimentPk(experimentId), sk: `COUNT#${variant}#${day}` }),
};

export const experimentPk = (experimentId: string): string => `EXPERIMENT#${experimentId}`;

export const CRISIS_PK = 'CRISIS';
export const CRISIS_AUDIT_PREFIX = 'AUDIT#';

/**
 * The lookup key of a phone number: a SHA-256 of the E.164 string, so the key itself does not spell the number.
 * (Phone numbers are few enough to brute-force a hash: this is pseudonymisation, not anonymisation — the item is
 * erased with the customer.)
 */
export function phoneHash(e164: string): string {
  return createHash('sha256').update(e164).digest('hex');
}

/** Stable across processes and deployments (unlike a random or runtime-seeded hash): FNV-1a, 32 bit. */
export function shardOf(customerId: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(customerId)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % SHARD_COUNT;
}

/** The GSI partition key of a membership: `<key>=<value>#<shard>`, or `*#<shard>` for everyone. */
export function segmentIndexKey(key: string, value: string, shard: number): string {
  return key === ALL_SEGMENT ? `${ALL_SEGMENT}#${shard}` : `${key}=${value}#${shard}`;
}

export interface SegmentMembership extends ItemKey {
  segmentKey: string;
  customerId: string;
}

/** The membership items a profile with this segment map must have: one per key, plus the everyone-membership. */
export function segmentMemberships(customerId: string, segment: Record<string, string>): SegmentMembership[] {
  const shard = shardOf(customerId);
  const pairs: [string, string][] = [[ALL_SEGMENT, ALL_SEGMENT], ...Object.entries(segment)];
  return pairs.map(([key, value]) => ({
    ...keys.segment(customerId, key, value),
    segmentKey: segmentIndexKey(key, value, shard),
    customerId,
  }));
}

/** DynamoDB TTL is epoch seconds; round up so an item never disappears before its stated expiry. */
export function ttlAt(instant: Date | string): number {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return Math.ceil(ms / 1000);
}

export function ttlAfterDays(now: Date, days: number): number {
  return ttlAt(new Date(now.getTime() + days * 86_400_000));
}

/** True when an item's `ttl` has passed: DynamoDB deletes expired items lazily, readers must ignore them. */
export function isExpired(item: { ttl?: unknown }, now: Date): boolean {
  return typeof item.ttl === 'number' && item.ttl * 1000 <= now.getTime();
}
