/**
 * Progress and failures of a crisis broadcast, one item collection per broadcast
 * (`BROADCAST#<crisisId>#v<version>#<kind>#<round>`): one progress item whose counters every shard loop adds to
 * atomically (ADD: loops running in parallel never overwrite each other), with the set of shards walked to the
 * end, and one item per recipient whose send failed, kept with the reason so the broadcast can be replayed for
 * them alone.
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryAll, queryCount } from './dynamo-helpers';
import { keys, SHARD_COUNT, ttlAfterDays } from './keys';

export interface BroadcastKey {
  crisisId: string;
  version: number;
  kind: 'alert' | 'update' | 'all-clear';
  /** Cadence round of the crisis journey (0 for the alert and on-call's updates). */
  round?: number;
}

export interface BroadcastCounts {
  total: number;
  sent: number;
  failed: number;
  /** Not sent by decision: opted out, no reachable channel, not in the audience any more. */
  skipped: number;
  /** Held for quiet hours; sent by a later pass of the same broadcast. */
  deferred: number;
}

export interface BroadcastProgress extends BroadcastCounts {
  startedAt?: string;
  finishedAt?: string;
}

export interface BroadcastFailure {
  customerId: string;
  reason: string;
  at: string;
}

const RETENTION_DAYS = 30;
const pkOf = (key: BroadcastKey) => `BROADCAST#${key.crisisId}#v${key.version}#${key.kind}#${key.round ?? 0}`;

export class BroadcastStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly options: { tableName: string },
  ) {}

  /** Sets the audience size once (the first shard to start wins); counters start at zero. */
  async start(key: BroadcastKey, total: number, now: Date): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.options.tableName,
        Key: { pk: pkOf(key), sk: 'PROGRESS' },
        UpdateExpression: 'SET #total = if_not_exists(#total, :total), #startedAt = if_not_exists(#startedAt, :now), #ttl = :ttl',
        ExpressionAttributeNames: { '#total': 'total', '#startedAt': 'startedAt', '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':total': total, ':now': now.toISOString(), ':ttl': ttlAfterDays(now, RETENTION_DAYS) },
      }),
    );
  }

  /** Adds to the counters atomically: shards running in parallel never overwrite each other. */
  async add(key: BroadcastKey, delta: Partial<Omit<BroadcastCounts, 'total'>>): Promise<void> {
    const entries = Object.entries(delta).filter(([, value]) => value !== undefined && value !== 0);
    if (entries.length === 0) return;
    await this.doc.send(
      new UpdateCommand({
        TableName: this.options.tableName,
        Key: { pk: pkOf(key), sk: 'PROGRESS' },
        UpdateExpression: `ADD ${entries.map(([name]) => `#${name} :${name}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(entries.map(([name]) => [`#${name}`, name])),
        ExpressionAttributeValues: Object.fromEntries(entries.map(([name, value]) => [`:${name}`, value])),
      }),
    );
  }

  /**
   * Records that a loop has walked its shards to the end (a pass), and stamps the broadcast finished once every
   * shard has been: shard groups run in parallel and end in any order, so the set of finished shards — added to
   * atomically — is what tells the last one. Returns true when the whole broadcast has finished a pass.
   */
  async finishShards(key: BroadcastKey, shards: readonly number[], now: Date): Promise<boolean> {
    const { Attributes } = await this.doc.send(
      new UpdateCommand({
        TableName: this.options.tableName,
        Key: { pk: pkOf(key), sk: 'PROGRESS' },
        UpdateExpression: 'ADD #finishedShards :shards',
        ExpressionAttributeNames: { '#finishedShards': 'finishedShards' },
        ExpressionAttributeValues: { ':shards': new Set(shards) },
        ReturnValues: 'ALL_NEW',
      }),
    );
    const finished = Attributes?.finishedShards as Set<number> | undefined;
    if ((finished?.size ?? 0) < SHARD_COUNT) return false;
    await this.doc.send(
      new UpdateCommand({
        TableName: this.options.tableName,
        Key: { pk: pkOf(key), sk: 'PROGRESS' },
        UpdateExpression: 'SET #finishedAt = :now',
        ExpressionAttributeNames: { '#finishedAt': 'finishedAt' },
        ExpressionAttributeValues: { ':now': now.toISOString() },
      }),
    );
    return true;
  }

  async progress(key: BroadcastKey): Promise<BroadcastProgress | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.options.tableName, Key: { pk: pkOf(key), sk: 'PROGRESS' }, ConsistentRead: true }));
    if (!Item) return undefined;
    const n = (name: string) => Number(Item[name] ?? 0);
    return {
      total: n('total'),
      sent: n('sent'),
      failed: n('failed'),
      skipped: n('skipped'),
      deferred: n('deferred'),
      ...(Item.startedAt ? { startedAt: String(Item.startedAt) } : {}),
      ...(Item.finishedAt ? { finishedAt: String(Item.finishedAt) } : {}),
    };
  }

  /**
   * The failure item names the customer: a pointer in their collection lets erasure find it. The pointer first:
   * a failure whose put failed leaves a harmless dangling pointer; the reverse would hide it from erasure.
   */
  async recordFailure(key: BroadcastKey, failure: BroadcastFailure): Promise<void> {
    const ttl = ttlAfterDays(new Date(failure.at), RETENTION_DAYS);
    await this.doc.send(new PutCommand({ TableName: this.options.tableName, Item: { ...keys.broadcastFailureRef(failure.customerId, pkOf(key)), ttl } }));
    await this.doc.send(
      new PutCommand({
        TableName: this.options.tableName,
        Item: { ...keys.broadcastFailure(pkOf(key), failure.customerId), ...failure, ttl },
      }),
    );
  }

  async clearFailure(key: BroadcastKey, customerId: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.options.tableName, Key: keys.broadcastFailure(pkOf(key), customerId) }));
  }

  /**
   * One page of the failures, in customer id order, after `after` (exclusive): what a replay walks instead of the
   * audience. A failure cleared meanwhile does not disturb the order (the start key need not exist).
   */
  async failuresPage(key: BroadcastKey, page: { after?: string; limit: number }): Promise<{ failures: BroadcastFailure[]; last?: string }> {
    const result = await this.doc.send(
      new QueryCommand({
        TableName: this.options.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :failed)',
        ExpressionAttributeValues: { ':pk': pkOf(key), ':failed': 'FAILED#' },
        ConsistentRead: true,
        Limit: page.limit,
        ...(page.after !== undefined ? { ExclusiveStartKey: { pk: pkOf(key), sk: `FAILED#${page.after}` } } : {}),
      }),
    );
    const failures = (result.Items ?? []).map((item) => ({ customerId: String(item.customerId), reason: String(item.reason), at: String(item.at) }));
    const last = result.LastEvaluatedKey ? failures.at(-1)?.customerId : undefined;
    return last !== undefined ? { failures, last } : { failures };
  }

  /** How many recipients are recorded as failed (a COUNT query: no items are returned). */
  async countFailures(key: BroadcastKey): Promise<number> {
    return queryCount(this.doc, {
      TableName: this.options.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :failed)',
      ExpressionAttributeValues: { ':pk': pkOf(key), ':failed': 'FAILED#' },
      ConsistentRead: true,
    });
  }

  async failures(key: BroadcastKey): Promise<BroadcastFailure[]> {
    const items = await queryAll(this.doc, {
      TableName: this.options.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :failed)',
      ExpressionAttributeValues: { ':pk': pkOf(key), ':failed': 'FAILED#' },
      ConsistentRead: true,
    });
    return items.map((item) => ({ customerId: String(item.customerId), reason: String(item.reason), at: String(item.at) }));
  }
}
