/**
 * The customer item collection (keys.ts): profile, suppressions, message ledger, segment memberships, send
 * claims, waits, started executions, and the phone-number lookup. Loading a decision context is one Query;
 * everything else is a single-item write, except profile writes (profile + memberships + phone lookup) and
 * erasure.
 *
 * No transactions: the local runtime runs these adapters against dynalite, which does not implement
 * TransactWriteItems, and the same code must behave the same on both. Profile writes are instead ordered so a
 * crash or a race never loses a member (see putProfile), and the segment index is treated as a candidate list:
 * whoever sends to an audience re-checks the profile with `audienceIncludes` (it loads the decision
 * context anyway).
 */
import { createHash } from 'node:crypto';
import { BatchWriteCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors';
import type { Audience } from '../domain/model/crisis';
import type { Decision, LedgerEntry, MessageSpecInput } from '../domain/model/message';
import { type Channel, type JourneyName, type Topic } from '../domain/model/primitives';
import type { Profile, TopicConsent } from '../domain/model/profile';
import type { Suppression, SuppressionKind } from '../domain/model/suppression';
import { defaultConsent } from '../domain/rules/consent';
import { backOff } from './backoff';
import { BATCH_WRITE_LIMIT, batchDeleteAll, batchGetAll, chunks, isConditionalCheckFailed, queryAll, withoutAttributes, type Item } from './dynamo-helpers';
import {
  ALL_SEGMENT,
  customerPk,
  isExpired,
  keys,
  MESSAGE_DEAD_LETTERS_PK,
  phoneHash,
  segmentIndexKey,
  segmentMemberships,
  SHARD_COUNT,
  SK,
  ttlAfterDays,
  ttlAt,
  type ItemKey,
  type SegmentMembership,
} from './keys';
import { eventRefs, pointedAt, type EventRef } from './erasure-pointers';
import { SEGMENT_INDEX_NAME } from './table-definition';

export interface DecisionContext {
  profile: Profile | null;
  /** Unexpired suppressions (expired ones may linger until DynamoDB's TTL sweep deletes them). */
  suppressions: Suppression[];
  /** Unexpired ledger entries, in no particular order. */
  ledger: LedgerEntry[];
}

export interface SendClaim {
  messageId: string;
  status: 'claimed' | 'sent';
  channel: Channel;
  claimedAt: string;
  providerMessageId?: string;
  sentAt?: string;
}

export type ClaimResult = { claimed: true } | { claimed: false; existing: SendClaim };

/** A send the provider accepted, with its decision: what `recordSends` writes. */
export interface SentRecord {
  /** When the caller took the claim (`claimSend`) this write completes. */
  claimedAt: string;
  providerMessageId: string;
  decision: Decision & { channel: Channel };
}

export interface ConsentChange {
  topic: Topic;
  /** Only this channel of the topic; without it, the whole topic. */
  channel?: Channel;
  granted: boolean;
}

export interface ErasureCounts {
  profile: number;
  suppressions: number;
  ledger: number;
  memberships: number;
  sends: number;
  waits: number;
  surveys: number;
  executions: number;
  /** Phone lookup pointers (`PHONEREF#` in the collection, each with its `PHONE#` item). */
  phones: number;
  other: number;
  total: number;
}

/**
 * A message whose send failed past its step's Retry, parked to be replayed (`DEADLETTER#message`, keys.ts).
 * Everything needed to deliver it again is here; nothing personal beyond the customer id and the journey's
 * template variables (no address, no rendered text), and it is erased with the customer.
 */
export interface MessageDeadLetter {
  messageId: string;
  customerId: string;
  executionId: string;
  journey: string;
  step: string;
  template: string;
  /** The channel the last decision chose (the one that failed); null when no decision was recorded. */
  channel: Channel | null;
  /** The deliver-message payload to replay, without `park`: the same executionId, so the same messageId. */
  deliver: { executionId: string; message: Omit<MessageSpecInput, 'messageId' | 'failedChannels'>; maxAttempts: number };
  /** The last failure: its error name (what Step Functions caught) and message. */
  error: { name: string; message: string };
  /** Virtual-clock instant it was first parked (later failures of a replay keep it and replace `error`). */
  at: string;
}

/** A journey execution started for a customer (Step Functions does not index executions by customer). */
export interface ExecutionRecord {
  journey: JourneyName;
  /** The executionArn. */
  id: string;
  /** The execution name (`executionName(journey, eventId)`). */
  name: string;
  /** ISO 8601; stored normalised to UTC (`toISOString`) so the sort key orders by time. */
  startedAt: string;
}

export interface TakenWait {
  waitKey: string;
  token: string;
}

/** An event that arrived for a wait key nobody was parked on yet. */
export interface PendingSignal {
  waitKey: string;
  signalId: string;
  /** The task output the waiting journey receives, e.g. `{ event }`. */
  output: unknown;
}

export interface AudienceQuery {
  /** 0 … SHARD_COUNT-1: a broadcast reads the shards in parallel. */
  shard: number;
  /** Opaque: the `cursor` of the previous page. */
  cursor?: string;
  /** At most this many ids per page (default 500). */
  limit?: number;
}

export interface AudiencePage {
  customerIds: string[];
  /** Present while the shard has more; pass it back to continue. */
  cursor?: string;
}

export interface CustomerStore {
  loadDecisionContext(customerId: string): Promise<DecisionContext>;
  getProfile(customerId: string): Promise<Profile | null>;
  putProfile(profile: Profile): Promise<{ created: boolean }>;
  updateConsent(customerId: string, change: ConsentChange): Promise<Profile>;
  eraseCustomer(customerId: string): Promise<ErasureCounts>;
  /** The events about the customer whose ids were claimed (erasure also forgets route-event's records of them). */
  eventRefs(customerId: string): Promise<EventRef[]>;
  putSuppression(customerId: string, suppression: Suppression): Promise<void>;
  removeSuppression(customerId: string, kind: SuppressionKind, ref: string): Promise<boolean>;
  recordDecision(customerId: string, decision: Decision): Promise<void>;
  recentDecisions(customerId: string, limit: number): Promise<Decision[]>;
  claimSend(customerId: string, messageId: string, channel: Channel): Promise<ClaimResult>;
  completeSend(customerId: string, messageId: string, sent: { providerMessageId: string; channel: Channel }): Promise<void>;
  releaseSend(customerId: string, messageId: string): Promise<boolean>;
  /**
   * Many sends at once (a broadcast page): each one's completed claim and ledger entry, as Puts of BatchWriteItem
   * calls (25 items each) instead of two calls per send. Only for claims the caller holds. Answers the customers
   * whose records could not be written (their claims stay `claimed`: never sent again, counted as unconfirmed).
   */
  recordSends(records: readonly SentRecord[]): Promise<Set<string>>;
  putWait(customerId: string, waitKey: string, token: string, expiresAt: string): Promise<void>;
  /** Takes every wait parked on exactly this key. */
  takeWaits(customerId: string, waitKey: string): Promise<TakenWait[]>;
  /** Removes one waiter's wait; false when someone already took it. */
  removeWait(customerId: string, waitKey: string, token: string): Promise<boolean>;
  putPendingSignal(customerId: string, signal: PendingSignal, expiresAt: string): Promise<void>;
  /** Takes every pending signal for exactly this key, oldest first. */
  takePendingSignals(customerId: string, waitKey: string): Promise<PendingSignal[]>;
  audienceMembers(audience: Audience, query: AudienceQuery): Promise<AudiencePage>;
  countAudience(audience: Audience): Promise<number>;
  /** Remembers an execution started for the customer (idempotent per startedAt + name); kept 400 days. */
  recordExecution(customerId: string, execution: ExecutionRecord): Promise<void>;
  /** The customer's executions, newest first, at most `limit` (default 20). */
  listExecutions(customerId: string, limit?: number): Promise<ExecutionRecord[]>;
  /** The customer whose profile has this phone number now (E.164), or null. */
  findCustomerByPhone(e164: string): Promise<string | null>;
  /** The message's send claim as it stands (an expired one counts as none), or null. */
  getSendClaim(customerId: string, messageId: string): Promise<SendClaim | null>;
  /**
   * Parks a message in the dead-letter partition, once per messageId: parking it again (a retried park, a
   * replay that failed again) replaces the letter's error and keeps its place.
   */
  parkMessage(letter: MessageDeadLetter): Promise<void>;
  /** Every parked message, oldest first. */
  parkedMessages(): Promise<MessageDeadLetter[]>;
  /** Takes a message out of the dead-letter partition (replayed); false when it was not parked. */
  unparkMessage(customerId: string, messageId: string): Promise<boolean>;
}

export interface DynamoCustomerStoreOptions {
  tableName: string;
  /** How long ledger entries and send claims are kept (frequency caps and `why` look back this far). */
  ledgerTtlDays?: number;
  /** The local runtime passes its virtual clock. */
  clock?: () => Date;
}

const PROFILE_BOOKKEEPING = ['pk', 'sk', 'rev', 'createdAt', 'updatedAt'] as const;
const ITEM_BOOKKEEPING = ['pk', 'sk', 'ttl'] as const;
const MAX_OPTIMISTIC_ATTEMPTS = 8;
const DEFAULT_PAGE = 500;
// PHONEREF#, PROFILE and the SEGMENT# items are adjacent in sort-key order ('$' sorts right after '#', and
// nothing else starts between "PHONEREF#" and "SEGMENT$"), so one range Query reads a profile with its
// memberships and phone pointers.
const PROFILE_AND_SEGMENTS = { from: SK.phoneRef, to: 'SEGMENT$' } as const;
const EXECUTION_TTL_DAYS = 400;
const DEFAULT_EXECUTIONS = 20;
const EXECUTION_BOOKKEEPING = ['pk', 'sk', 'ttl', 'customerId'] as const;
/** SQS's longest retention: a dead letter nobody replayed in two weeks is not going to be. */
const DEAD_LETTER_TTL_DAYS = 14;

/** A short, stable id for a waiter, from its task token (tokens are long and opaque). */
function waiterId(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 16);
}

export class DynamoCustomerStore implements CustomerStore {
  private readonly table: string;
  private readonly ledgerTtlDays: number;
  private readonly clock: () => Date;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    options: DynamoCustomerStoreOptions,
  ) {
    this.table = options.tableName;
    this.ledgerTtlDays = options.ledgerTtlDays ?? 90;
    this.clock = options.clock ?? (() => new Date());
  }

  /** One Query over the collection (more only if it exceeds 1 MB); strongly consistent, so a suppression
   * written a moment ago (an incident just opened) is seen by the very next decision. */
  async loadDecisionContext(customerId: string): Promise<DecisionContext> {
    const now = this.clock();
    const items = await queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': customerPk(customerId) },
      ConsistentRead: true,
    });
    const context: DecisionContext = { profile: null, suppressions: [], ledger: [] };
    for (const item of items) {
      const sk = String(item.sk);
      if (sk === SK.profile) context.profile = toProfile(item);
      else if (isExpired(item, now)) continue;
      else if (sk.startsWith(SK.suppression)) context.suppressions.push(withoutAttributes(item, ITEM_BOOKKEEPING) as unknown as Suppression);
      else if (sk.startsWith(SK.message)) context.ledger.push(withoutAttributes(item, ITEM_BOOKKEEPING) as unknown as LedgerEntry);
    }
    return context;
  }

  async getProfile(customerId: string): Promise<Profile | null> {
    const result = await this.doc.send(new GetCommand({ TableName: this.table, Key: keys.profile(customerId), ConsistentRead: true }));
    return result.Item ? toProfile(result.Item) : null;
  }

  /**
   * Writes the profile and brings its segment memberships in line, without a transaction:
   * 1. read the profile's revision and its current memberships (one range Query);
   * 2. put the desired memberships, stamped with the new revision — before the profile, so a customer is never
   *    missing from an audience they belong to, even if this call dies half-way;
   * 3. put the profile, conditional on the revision read in 1 (optimistic locking; retried on a race);
   * 4. delete memberships the new profile no longer has, conditional on their revision being older — so a
   *    slower concurrent writer can never delete memberships a newer revision wrote.
   * A writer that loses every attempt reconciles the memberships with the winning profile before it gives up.
   * What only a crash between 2 and 4 can leave is a stale membership (a superset), cleaned by the next write
   * and filtered out by `audienceIncludes` (domain/rules/audience.ts).
   */
  async putProfile(profile: Profile): Promise<{ created: boolean }> {
    for (let attempt = 0; attempt < MAX_OPTIMISTIC_ATTEMPTS; attempt++) {
      if (attempt > 0) await jitter(attempt);
      const now = this.clock().toISOString();
      const { old, memberships, phoneRefs } = await this.readProfileWithMemberships(profile.customerId);
      const oldRev = revisionOf(old);
      const rev = oldRev + 1;
      const desired = segmentMemberships(profile.customerId, profile.segment);
      const desiredPhone = profile.phone ? phoneHash(profile.phone) : undefined;
      // Like the memberships, the phone pointer is written before the profile, so a number a profile has is
      // never missing from the lookup (an inbound STOP always finds its customer).
      await Promise.all([
        ...desired.map((membership) => this.putMembership(membership, rev)),
        ...(desiredPhone ? [this.putPhonePointer(profile.customerId, desiredPhone, rev)] : []),
      ]);

      try {
        await this.doc.send(
          new PutCommand({
            TableName: this.table,
            Item: {
              ...profile,
              ...keys.profile(profile.customerId),
              rev,
              createdAt: typeof old?.createdAt === 'string' ? old.createdAt : now,
              updatedAt: now,
            },
            ConditionExpression: old ? '#rev = :oldRev' : 'attribute_not_exists(pk)',
            ExpressionAttributeNames: old ? { '#rev': 'rev' } : undefined,
            ExpressionAttributeValues: old ? { ':oldRev': oldRev } : undefined,
          }),
        );
      } catch (err) {
        // Another writer won this revision. The memberships just written are re-read (and, if unwanted,
        // deleted) by the next attempt, whose revision is higher.
        if (isConditionalCheckFailed(err)) continue;
        throw err;
      }

      const wanted = new Set(desired.map((membership) => membership.sk));
      const stale = memberships.filter((item) => !wanted.has(item.sk));
      const stalePhones = phoneRefs.filter((hash) => hash !== desiredPhone);
      await Promise.all([
        ...stale.map((item) => this.deleteMembership(item, '<', rev)),
        ...stalePhones.map((hash) => this.deletePhonePointer(profile.customerId, hash, '<', rev)),
      ]);
      return { created: !old };
    }
    // Giving up: our last attempt's memberships may not match the profile that won; nobody else would
    // delete them, so bring the index in line with the stored profile before reporting the conflict.
    await this.reconcileMemberships(profile.customerId);
    throw new ConflictError('the profile is being changed concurrently; retry the request', 'profile_conflict');
  }

  /** Opt in or out of one topic (or one channel of it): the one-click unsubscribe path. */
  async updateConsent(customerId: string, change: ConsentChange): Promise<Profile> {
    for (let attempt = 0; attempt < MAX_OPTIMISTIC_ATTEMPTS; attempt++) {
      const result = await this.doc.send(new GetCommand({ TableName: this.table, Key: keys.profile(customerId), ConsistentRead: true }));
      if (!result.Item) throw new NotFoundError(`no profile for customer ${customerId}`);
      const profile = toProfile(result.Item);
      const rev = typeof result.Item.rev === 'number' ? result.Item.rev : 0;
      const consent = nextConsent(profile.consents[change.topic], change);
      // Already so (a replayed unsubscribe link, a repeated STOP): nothing to write, not even a revision.
      if (JSON.stringify(consent) === JSON.stringify(profile.consents[change.topic])) return profile;
      try {
        const updated = await this.doc.send(
          new UpdateCommand({
            TableName: this.table,
            Key: keys.profile(customerId),
            // Read-modify-write guarded by the revision: a per-channel change must turn a boolean consent into
            // an object, which an UpdateExpression alone cannot decide.
            UpdateExpression: 'SET #consents.#topic = :consent, #rev = :next, #updatedAt = :now',
            ConditionExpression: 'attribute_exists(pk) AND #rev = :rev',
            ExpressionAttributeNames: { '#consents': 'consents', '#topic': change.topic, '#rev': 'rev', '#updatedAt': 'updatedAt' },
            ExpressionAttributeValues: {
              ':consent': consent,
              ':rev': rev,
              ':next': rev + 1,
              ':now': this.clock().toISOString(),
            },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return toProfile(updated.Attributes ?? {});
      } catch (err) {
        if (isConditionalCheckFailed(err)) continue;
        throw err;
      }
    }
    throw new ConflictError('the profile is being changed concurrently; retry the request', 'profile_conflict');
  }

  /**
   * Deletes every item of the customer's collection and the items outside it that it points to (pointers.ts). Repeats until the
   * collection reads empty, so an item written while erasing (a send finishing) does not survive.
   */
  async eraseCustomer(customerId: string): Promise<ErasureCounts> {
    const counts: ErasureCounts = {
      profile: 0,
      suppressions: 0,
      ledger: 0,
      memberships: 0,
      sends: 0,
      waits: 0,
      surveys: 0,
      executions: 0,
      phones: 0,
      other: 0,
      total: 0,
    };
    for (let round = 0; round < 3; round++) {
      const items = await queryAll(this.doc, {
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': customerPk(customerId) },
        ProjectionExpression: 'pk, sk, letterSk',
        ConsistentRead: true,
      });
      if (items.length === 0) break;
      const toDelete: ItemKey[] = [];
      const phonePointers: string[] = [];
      for (const item of items) {
        const sk = String(item.sk);
        toDelete.push({ pk: String(item.pk), sk });
        counts[categoryOf(sk)] += 1;
        toDelete.push(...pointedAt(customerId, item));
        if (sk.startsWith(SK.phoneRef)) phonePointers.push(sk.slice(SK.phoneRef.length));
      }
      // The lookup items first (only if still ours: another customer may have the number now), so a crash
      // leaves the PHONEREF# item for the next erasure to find.
      await Promise.all(phonePointers.map((hash) => this.deletePhoneLookup(customerId, hash)));
      await batchDeleteAll(this.doc, this.table, toDelete);
      counts.total += items.length;
    }
    return counts;
  }

  eventRefs(customerId: string): Promise<EventRef[]> {
    return eventRefs(this.doc, this.table, customerId);
  }

  /** Upsert: the same kind+ref again replaces the previous suppression (e.g. a later expiry). */
  async putSuppression(customerId: string, suppression: Suppression): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...suppression,
          ...keys.suppression(customerId, suppression.kind, suppression.ref),
          ...(suppression.expiresAt ? { ttl: ttlAt(suppression.expiresAt) } : {}),
        },
      }),
    );
  }

  async removeSuppression(customerId: string, kind: SuppressionKind, ref: string): Promise<boolean> {
    const result = await this.doc.send(
      new DeleteCommand({ TableName: this.table, Key: keys.suppression(customerId, kind, ref), ReturnValues: 'ALL_OLD' }),
    );
    return result.Attributes !== undefined;
  }

  /** Upsert by messageId: a deferred message re-evaluated later overwrites its earlier decision. */
  async recordDecision(customerId: string, decision: Decision): Promise<void> {
    if (decision.customerId !== customerId) throw new Error('recordDecision: the decision belongs to another customer');
    // Keep the entry for the retention period after the later of decision and planned send.
    const anchor = Math.max(Date.parse(decision.at), decision.sendAt ? Date.parse(decision.sendAt) : 0);
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...decision, ...keys.message(customerId, decision.messageId), ttl: ttlAfterDays(new Date(anchor), this.ledgerTtlDays) },
      }),
    );
  }

  /** Newest first by `at`. Message ids are not time-ordered, so the ledger is read whole and sorted. */
  async recentDecisions(customerId: string, limit: number): Promise<Decision[]> {
    const now = this.clock();
    const items = await queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': customerPk(customerId), ':prefix': SK.message },
    });
    return items
      .filter((item) => !isExpired(item, now))
      .map((item) => withoutAttributes(item, ITEM_BOOKKEEPING) as unknown as Decision)
      .sort((a, b) => Date.parse(b.at) - Date.parse(a.at))
      .slice(0, Math.max(0, limit));
  }

  /**
   * Exactly-once sends: the first caller for a messageId claims it; everyone after sees the claim (and, once
   * sent, the provider's message id). An expired claim no longer blocks.
   */
  async claimSend(customerId: string, messageId: string, channel: Channel): Promise<ClaimResult> {
    for (let attempt = 0; attempt < MAX_OPTIMISTIC_ATTEMPTS; attempt++) {
      const now = this.clock();
      const key = keys.send(customerId, messageId);
      try {
        await this.doc.send(
          new PutCommand({
            TableName: this.table,
            Item: { ...key, messageId, status: 'claimed', channel, claimedAt: now.toISOString(), ttl: ttlAfterDays(now, this.ledgerTtlDays) },
            ConditionExpression: 'attribute_not_exists(pk) OR #ttl <= :now',
            ExpressionAttributeNames: { '#ttl': 'ttl' },
            ExpressionAttributeValues: { ':now': Math.floor(now.getTime() / 1000) },
          }),
        );
        return { claimed: true };
      } catch (err) {
        if (!isConditionalCheckFailed(err)) throw err;
      }
      const existing = await this.doc.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }));
      // Released between our put and this read: try to claim again.
      if (existing.Item) return { claimed: false, existing: withoutAttributes(existing.Item, ITEM_BOOKKEEPING) as unknown as SendClaim };
    }
    throw new ConflictError('the send claim is changing concurrently; retry', 'send_claim_conflict');
  }

  async completeSend(customerId: string, messageId: string, sent: { providerMessageId: string; channel: Channel }): Promise<void> {
    const now = this.clock();
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.send(customerId, messageId),
        UpdateExpression:
          'SET #messageId = :messageId, #status = :sent, #channel = :channel, #providerMessageId = :providerMessageId, #sentAt = :now, ' +
          '#claimedAt = if_not_exists(#claimedAt, :now), #ttl = :ttl',
        ExpressionAttributeNames: {
          '#messageId': 'messageId',
          '#status': 'status',
          '#channel': 'channel',
          '#providerMessageId': 'providerMessageId',
          '#sentAt': 'sentAt',
          '#claimedAt': 'claimedAt',
          '#ttl': 'ttl',
        },
        ExpressionAttributeValues: {
          ':messageId': messageId,
          ':sent': 'sent',
          ':channel': sent.channel,
          ':providerMessageId': sent.providerMessageId,
          ':now': now.toISOString(),
          ':ttl': ttlAfterDays(now, this.ledgerTtlDays),
        },
      }),
    );
  }

  /**
   * Gives a claim back when the provider did not accept the message (it failed before or with a definite
   * error), so a retry or a fallback channel may claim it again. A sent claim is never released.
   */
  async releaseSend(customerId: string, messageId: string): Promise<boolean> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.table,
          Key: keys.send(customerId, messageId),
          ConditionExpression: '#status = :claimed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':claimed': 'claimed' },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionalCheckFailed(err)) return false;
      throw err;
    }
  }

  async recordSends(records: readonly SentRecord[]): Promise<Set<string>> {
    const now = this.clock();
    const failed = new Set<string>();
    const items = records.flatMap(({ decision, claimedAt, providerMessageId }) => {
      const { customerId, messageId, channel } = decision;
      const anchor = Math.max(Date.parse(decision.at), decision.sendAt ? Date.parse(decision.sendAt) : 0);
      return [
        {
          customerId,
          item: {
            ...keys.send(customerId, messageId),
            messageId,
            status: 'sent',
            channel,
            claimedAt,
            providerMessageId,
            sentAt: now.toISOString(),
            ttl: ttlAfterDays(now, this.ledgerTtlDays),
          },
        },
        { customerId, item: { ...decision, providerMessageId, ...keys.message(customerId, messageId), ttl: ttlAfterDays(new Date(anchor), this.ledgerTtlDays) } },
      ];
    });
    await Promise.all(
      chunks(items, BATCH_WRITE_LIMIT).map(async (chunk) => {
        let pending = chunk;
        for (let attempt = 0; pending.length > 0; attempt++) {
          if (attempt >= MAX_OPTIMISTIC_ATTEMPTS) {
            for (const { customerId } of pending) failed.add(customerId);
            return;
          }
          if (attempt > 0) await jitter(attempt);
          try {
            const result = await this.doc.send(new BatchWriteCommand({ RequestItems: { [this.table]: pending.map(({ item }) => ({ PutRequest: { Item: item } })) } }));
            const unprocessed = new Set((result.UnprocessedItems?.[this.table] ?? []).map((request) => `${String(request.PutRequest?.Item?.pk)}|${String(request.PutRequest?.Item?.sk)}`));
            pending = pending.filter(({ item }) => unprocessed.has(`${item.pk}|${item.sk}`));
          } catch {
            // The whole call failed (throttled, the table unavailable): try it again, then give up on these.
          }
        }
      }),
    );
    return failed;
  }

  async putWait(customerId: string, waitKey: string, token: string, expiresAt: string): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...keys.wait(customerId, waitKey, waiterId(token)), waitKey, token, expiresAt, createdAt: this.clock().toISOString(), ttl: ttlAt(expiresAt) },
      }),
    );
  }

  /**
   * Takes (reads and deletes) the waits parked on the key. Each delete returns the old item, so two concurrent
   * takers never both get the same token.
   */
  async takeWaits(customerId: string, waitKey: string): Promise<TakenWait[]> {
    const taken = await this.takeAll(customerId, `${SK.wait}${waitKey}#`);
    return taken.map((old) => ({ waitKey: String(old.waitKey), token: String(old.token) }));
  }

  async removeWait(customerId: string, waitKey: string, token: string): Promise<boolean> {
    const deleted = await this.doc.send(
      new DeleteCommand({ TableName: this.table, Key: keys.wait(customerId, waitKey, waiterId(token)), ReturnValues: 'ALL_OLD' }),
    );
    return deleted.Attributes !== undefined;
  }

  async putPendingSignal(customerId: string, signal: PendingSignal, expiresAt: string): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...keys.signal(customerId, signal.waitKey, signal.signalId), ...signal, expiresAt, createdAt: this.clock().toISOString(), ttl: ttlAt(expiresAt) },
      }),
    );
  }

  async takePendingSignals(customerId: string, waitKey: string): Promise<PendingSignal[]> {
    const taken = await this.takeAll(customerId, `${SK.signal}${waitKey}#`);
    return taken
      .sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt)))
      .map((old) => ({ waitKey: String(old.waitKey), signalId: String(old.signalId), output: old.output }));
  }

  /** Reads and deletes every unexpired item under a sort-key prefix; each item goes to exactly one taker. */
  private async takeAll(customerId: string, prefix: string): Promise<Item[]> {
    const now = this.clock();
    const items = await queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': customerPk(customerId), ':prefix': prefix },
      ConsistentRead: true,
    });
    const taken = await Promise.all(
      items.map(async (item) => {
        const deleted = await this.doc.send(
          new DeleteCommand({ TableName: this.table, Key: { pk: String(item.pk), sk: String(item.sk) }, ReturnValues: 'ALL_OLD' }),
        );
        const old = deleted.Attributes;
        return !old || isExpired(old, now) ? undefined : old;
      }),
    );
    return taken.filter((item): item is Item => item !== undefined);
  }

  async recordExecution(customerId: string, execution: ExecutionRecord): Promise<void> {
    const started = new Date(execution.startedAt);
    if (Number.isNaN(started.getTime())) throw new Error('recordExecution: startedAt is not a date');
    const startedAt = started.toISOString();
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...keys.execution(customerId, startedAt, execution.name),
          customerId,
          journey: execution.journey,
          id: execution.id,
          name: execution.name,
          startedAt,
          ttl: ttlAfterDays(started, EXECUTION_TTL_DAYS),
        },
      }),
    );
  }

  /** Newest first: the sort key starts with the UTC start time, so a descending Query is the order wanted. */
  async listExecutions(customerId: string, limit: number = DEFAULT_EXECUTIONS): Promise<ExecutionRecord[]> {
    const now = this.clock();
    const wanted = Math.max(1, Math.floor(limit));
    const found: ExecutionRecord[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': customerPk(customerId), ':prefix': SK.execution },
          ScanIndexForward: false,
          Limit: wanted,
          ConsistentRead: true,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const item of (page.Items ?? []) as Item[]) {
        if (!isExpired(item, now) && found.length < wanted) found.push(withoutAttributes(item, EXECUTION_BOOKKEEPING) as unknown as ExecutionRecord);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey && found.length < wanted);
    return found;
  }

  /**
   * The pointer says who had the number last; the profile is checked too, so a pointer left by a crash or a
   * race (a superset, like the memberships) never names a customer whose profile no longer has the number.
   */
  async findCustomerByPhone(e164: string): Promise<string | null> {
    const pointer = await this.doc.send(new GetCommand({ TableName: this.table, Key: keys.phone(phoneHash(e164)), ConsistentRead: true }));
    const customerId = pointer.Item?.customerId;
    if (typeof customerId !== 'string') return null;
    const profile = await this.getProfile(customerId);
    return profile?.phone === e164 ? customerId : null;
  }

  async getSendClaim(customerId: string, messageId: string): Promise<SendClaim | null> {
    const result = await this.doc.send(new GetCommand({ TableName: this.table, Key: keys.send(customerId, messageId), ConsistentRead: true }));
    if (!result.Item || isExpired(result.Item, this.clock())) return null;
    return withoutAttributes(result.Item, ITEM_BOOKKEEPING) as unknown as SendClaim;
  }

  /**
   * The pointer first, conditionally: whoever creates it fixes the letter's sort key, so a second park (even a
   * concurrent one) writes the same letter instead of a second one. A crash between the two writes leaves a
   * pointer without a letter; the park's retry finds the pointer and writes the letter.
   */
  async parkMessage(letter: MessageDeadLetter): Promise<void> {
    const now = this.clock();
    const ttl = ttlAfterDays(now, DEAD_LETTER_TTL_DAYS);
    const pointer = keys.deadLetterRef(letter.customerId, letter.messageId);
    let letterKey = keys.messageDeadLetter(letter.at, letter.messageId);
    let at = letter.at;
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...pointer, messageId: letter.messageId, letterSk: letterKey.sk, at, ttl },
          ConditionExpression: 'attribute_not_exists(pk) OR #ttl <= :now',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':now': Math.floor(now.getTime() / 1000) },
        }),
      );
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err;
      const existing = await this.doc.send(new GetCommand({ TableName: this.table, Key: pointer, ConsistentRead: true }));
      if (typeof existing.Item?.letterSk !== 'string' || typeof existing.Item.at !== 'string') throw err;
      letterKey = { pk: MESSAGE_DEAD_LETTERS_PK, sk: existing.Item.letterSk };
      at = existing.Item.at;
    }
    await this.doc.send(new PutCommand({ TableName: this.table, Item: { ...letter, at, ...letterKey, ttl } }));
  }

  async parkedMessages(): Promise<MessageDeadLetter[]> {
    const now = this.clock();
    const items = await queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': MESSAGE_DEAD_LETTERS_PK },
      ConsistentRead: true,
    });
    return items.filter((item) => !isExpired(item, now)).map((item) => withoutAttributes(item, ITEM_BOOKKEEPING) as unknown as MessageDeadLetter);
  }

  /** The letter first, then the pointer: a crash in between leaves a pointer to nothing, which erasure tolerates. */
  async unparkMessage(customerId: string, messageId: string): Promise<boolean> {
    const pointer = keys.deadLetterRef(customerId, messageId);
    const existing = await this.doc.send(new GetCommand({ TableName: this.table, Key: pointer, ConsistentRead: true }));
    if (typeof existing.Item?.letterSk !== 'string') return false;
    await this.doc.send(new DeleteCommand({ TableName: this.table, Key: { pk: MESSAGE_DEAD_LETTERS_PK, sk: existing.Item.letterSk } }));
    await this.doc.send(new DeleteCommand({ TableName: this.table, Key: pointer }));
    return true;
  }

  /**
   * One page of an audience within one shard, from the `bySegment` index. `{all: true}` reads the everyone
   * memberships; a one-key match reads each listed value; a multi-key match reads the key with the fewest listed
   * values and verifies the other keys by fetching the candidates' membership items (BatchGet). Each customer
   * appears at most once per shard and in exactly one shard. Results are candidates: check the profile with
   * `audienceIncludes` (domain/rules/audience.ts) before sending.
   */
  async audienceMembers(audience: Audience, query: AudienceQuery): Promise<AudiencePage> {
    if (!Number.isInteger(query.shard) || query.shard < 0 || query.shard >= SHARD_COUNT) {
      throw new ValidationError(`shard must be an integer from 0 to ${SHARD_COUNT - 1}`, [{ path: 'shard', message: 'out of range' }]);
    }
    const limit = Math.max(1, query.limit ?? DEFAULT_PAGE);
    const plan = planAudience(audience);
    let position = decodeCursor(query.cursor);
    const customerIds: string[] = [];
    while (customerIds.length < limit && position.valueIndex < plan.lead.values.length) {
      const value = plan.lead.values[position.valueIndex] as string;
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: SEGMENT_INDEX_NAME,
          KeyConditionExpression: 'segmentKey = :segmentKey',
          ExpressionAttributeValues: { ':segmentKey': segmentIndexKey(plan.lead.key, value, query.shard) },
          Limit: limit - customerIds.length,
          ...(position.startKey ? { ExclusiveStartKey: position.startKey } : {}),
        }),
      );
      const candidates = (page.Items ?? []).map((item) => String(item.customerId));
      customerIds.push(...(plan.others.length > 0 ? await this.withAllKeys(candidates, plan.others) : candidates));
      position = page.LastEvaluatedKey ? { valueIndex: position.valueIndex, startKey: page.LastEvaluatedKey } : { valueIndex: position.valueIndex + 1 };
    }
    const more = position.valueIndex < plan.lead.values.length;
    return more ? { customerIds, cursor: encodeCursor(position) } : { customerIds };
  }

  /** The audience size over all shards (COUNT queries; a multi-key match is counted by paging through it). */
  async countAudience(audience: Audience): Promise<number> {
    const plan = planAudience(audience);
    const shards = Array.from({ length: SHARD_COUNT }, (_, shard) => shard);
    const perShard = await Promise.all(
      shards.map(async (shard) => {
        if (plan.others.length > 0) {
          let count = 0;
          let cursor: string | undefined;
          do {
            const page = await this.audienceMembers(audience, { shard, limit: 1000, ...(cursor ? { cursor } : {}) });
            count += page.customerIds.length;
            cursor = page.cursor;
          } while (cursor);
          return count;
        }
        let count = 0;
        for (const value of plan.lead.values) {
          let startKey: Record<string, unknown> | undefined;
          do {
            const page = await this.doc.send(
              new QueryCommand({
                TableName: this.table,
                IndexName: SEGMENT_INDEX_NAME,
                KeyConditionExpression: 'segmentKey = :segmentKey',
                ExpressionAttributeValues: { ':segmentKey': segmentIndexKey(plan.lead.key, value, shard) },
                Select: 'COUNT',
                ...(startKey ? { ExclusiveStartKey: startKey } : {}),
              }),
            );
            count += page.Count ?? 0;
            startKey = page.LastEvaluatedKey;
          } while (startKey);
        }
        return count;
      }),
    );
    return perShard.reduce((sum, n) => sum + n, 0);
  }

  private async withAllKeys(candidates: string[], others: AudienceKey[]): Promise<string[]> {
    if (candidates.length === 0) return [];
    const wanted = candidates.flatMap((customerId) => others.flatMap(({ key, values }) => values.map((value) => keys.segment(customerId, key, value))));
    const found = new Set((await batchGetAll(this.doc, this.table, wanted, 'pk, sk')).map((item) => `${String(item.pk)}|${String(item.sk)}`));
    return candidates.filter((customerId) =>
      others.every(({ key, values }) =>
        values.some((value) => {
          const k = keys.segment(customerId, key, value);
          return found.has(`${k.pk}|${k.sk}`);
        }),
      ),
    );
  }

  private async putMembership(membership: SegmentMembership, rev: number): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...membership, rev },
          // Never downgrade a membership a newer revision already wrote.
          ConditionExpression: 'attribute_not_exists(pk) OR #rev < :rev',
          ExpressionAttributeNames: { '#rev': 'rev' },
          ExpressionAttributeValues: { ':rev': rev },
        }),
      );
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err;
    }
  }

  /**
   * `PHONEREF#` in the collection first (erasure finds the lookup through it), then the lookup item. The lookup
   * of another customer is taken over (the number moved); our own is never downgraded by an older revision.
   */
  private async putPhonePointer(customerId: string, hash: string, rev: number): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...keys.phoneRef(customerId, hash), rev },
          ConditionExpression: 'attribute_not_exists(pk) OR #rev < :rev',
          ExpressionAttributeNames: { '#rev': 'rev' },
          ExpressionAttributeValues: { ':rev': rev },
        }),
      );
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err;
    }
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...keys.phone(hash), customerId, rev },
          ConditionExpression: 'attribute_not_exists(pk) OR #customerId <> :customerId OR #rev < :rev',
          ExpressionAttributeNames: { '#customerId': 'customerId', '#rev': 'rev' },
          ExpressionAttributeValues: { ':customerId': customerId, ':rev': rev },
        }),
      );
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err;
    }
  }

  /** Removes a number the profile no longer has: the lookup (if still ours and older), then our pointer to it. */
  private async deletePhonePointer(customerId: string, hash: string, comparison: '<' | '<=', rev: number): Promise<void> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.table,
          Key: keys.phone(hash),
          ConditionExpression: `#customerId = :customerId AND #rev ${comparison} :rev`,
          ExpressionAttributeNames: { '#customerId': 'customerId', '#rev': 'rev' },
          ExpressionAttributeValues: { ':customerId': customerId, ':rev': rev },
        }),
      );
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err;
    }
    await this.deleteMembership(keys.phoneRef(customerId, hash), comparison, rev);
  }

  /** Erasure: the lookup item goes whatever its revision, but only if it still names this customer. */
  private async deletePhoneLookup(customerId: string, hash: string): Promise<void> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.table,
          Key: keys.phone(hash),
          ConditionExpression: '#customerId = :customerId',
          ExpressionAttributeNames: { '#customerId': 'customerId' },
          ExpressionAttributeValues: { ':customerId': customerId },
        }),
      );
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err;
    }
  }

  /** Deletes a membership only if its revision is older than (or, when reconciling, at most) `rev`: a newer
   * writer's memberships are never touched. */
  private async deleteMembership(key: ItemKey, comparison: '<' | '<=', rev: number): Promise<void> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.table,
          Key: key,
          ConditionExpression: `#rev ${comparison} :rev`,
          ExpressionAttributeNames: { '#rev': 'rev' },
          ExpressionAttributeValues: { ':rev': rev },
        }),
      );
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err;
    }
  }

  /** The profile item, its memberships and its phone pointers (hashes) in one range Query. */
  private async readProfileWithMemberships(customerId: string): Promise<{ old: Item | undefined; memberships: ItemKey[]; phoneRefs: string[] }> {
    const items = await queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': customerPk(customerId), ':from': PROFILE_AND_SEGMENTS.from, ':to': PROFILE_AND_SEGMENTS.to },
      ConsistentRead: true,
    });
    return {
      old: items.find((item) => item.sk === SK.profile),
      memberships: items.filter((item) => String(item.sk).startsWith(SK.segment)).map((item) => ({ pk: String(item.pk), sk: String(item.sk) })),
      phoneRefs: items.filter((item) => String(item.sk).startsWith(SK.phoneRef)).map((item) => String(item.sk).slice(SK.phoneRef.length)),
    };
  }

  /** Deletes memberships the stored profile does not have, written at its revision or before. */
  private async reconcileMemberships(customerId: string): Promise<void> {
    const { old, memberships, phoneRefs } = await this.readProfileWithMemberships(customerId);
    const rev = revisionOf(old);
    const wanted = new Set(old ? segmentMemberships(customerId, toProfile(old).segment).map((membership) => membership.sk) : []);
    const phone = old ? toProfile(old).phone : undefined;
    const wantedPhone = phone ? phoneHash(phone) : undefined;
    await Promise.all([
      ...memberships.filter((item) => !wanted.has(item.sk)).map((item) => this.deleteMembership(item, '<=', rev)),
      ...phoneRefs.filter((hash) => hash !== wantedPhone).map((hash) => this.deletePhonePointer(customerId, hash, '<=', rev)),
    ]);
  }
}

function revisionOf(item: Item | undefined): number {
  return typeof item?.rev === 'number' ? item.rev : 0;
}

/** Spreads competing writers apart so one of them gets through on the next round. */
function jitter(attempt: number): Promise<void> {
  return backOff({ baseMs: 20, maxMs: 200 }, attempt);
}

/** Whether a profile belongs to an audience: every listed key must have one of its listed values. */
interface AudienceKey {
  key: string;
  values: string[];
}

function isEveryone(audience: Audience): audience is { all: true } {
  return (audience as { all?: unknown }).all === true;
}

/** Deterministic (sorted) so a cursor from one call stays valid for the next, whatever the key order. */
function planAudience(audience: Audience): { lead: AudienceKey; others: AudienceKey[] } {
  if (isEveryone(audience)) return { lead: { key: ALL_SEGMENT, values: [ALL_SEGMENT] }, others: [] };
  const entries = Object.entries(audience as Record<string, string[]>)
    .map(([key, values]) => ({ key, values: [...new Set(values)].sort() }))
    .sort((a, b) => a.values.length - b.values.length || a.key.localeCompare(b.key));
  const [lead, ...others] = entries;
  if (!lead) throw new ValidationError('the audience names no segment key', [{ path: 'affected', message: 'name at least one segment key' }]);
  return { lead, others };
}

interface CursorPosition {
  valueIndex: number;
  startKey?: Record<string, unknown>;
}

function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify({ v: position.valueIndex, k: position.startKey })).toString('base64url');
}

function decodeCursor(cursor: string | undefined): CursorPosition {
  if (cursor === undefined) return { valueIndex: 0 };
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { v?: unknown; k?: unknown };
    if (typeof parsed.v !== 'number' || !Number.isInteger(parsed.v) || parsed.v < 0) throw new Error('bad position');
    return typeof parsed.k === 'object' && parsed.k !== null
      ? { valueIndex: parsed.v, startKey: parsed.k as Record<string, unknown> }
      : { valueIndex: parsed.v };
  } catch {
    throw new ValidationError('invalid audience cursor', [{ path: 'cursor', message: 'not a cursor returned by audienceMembers' }]);
  }
}

function toProfile(item: Item): Profile {
  // Profiles are validated by the handler before they are written; reading them back needs no second parse.
  return withoutAttributes(item, PROFILE_BOOKKEEPING) as unknown as Profile;
}

/**
 * The consent value after a change. A per-channel change on a boolean (or missing) consent spells out all
 * three channels, because in the object form a missing channel means "yes" while a missing marketing topic
 * means "no".
 */
function nextConsent(current: TopicConsent | undefined, change: ConsentChange): TopicConsent {
  if (!change.channel) return change.granted;
  const base = typeof current === 'boolean' || current === undefined ? current ?? defaultConsent(change.topic) : undefined;
  const expanded =
    base !== undefined ? { email: base, sms: base, push: base } : { email: true, sms: true, push: true, ...(current as Exclude<TopicConsent, boolean>) };
  return { ...expanded, [change.channel]: change.granted };
}

function categoryOf(sk: string): Exclude<keyof ErasureCounts, 'total'> {
  if (sk === SK.profile) return 'profile';
  if (sk.startsWith(SK.suppression)) return 'suppressions';
  if (sk.startsWith(SK.message)) return 'ledger';
  if (sk.startsWith(SK.segment)) return 'memberships';
  if (sk.startsWith(SK.send)) return 'sends';
  if (sk.startsWith(SK.wait) || sk.startsWith(SK.signal)) return 'waits';
  if (sk.startsWith(SK.survey)) return 'surveys';
  if (sk.startsWith(SK.execution)) return 'executions';
  if (sk.startsWith(SK.phoneRef)) return 'phones';
  return 'other';
}
