/**
 * The message ledger (`MESSAGE#`: each decision with its outcome and reasons) and the send claims (`SEND#`)
 * that make a message go out at most once. Both are kept `ledgerTtlDays` (frequency caps and `why` look back
 * this far).
 */
import { BatchWriteCommand, DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../domain/errors';
import type { Decision } from '../domain/model/message';
import type { Channel } from '../domain/model/primitives';
import { CustomerCollectionStore, ITEM_BOOKKEEPING } from './customer-items';
import { BATCH_WRITE_LIMIT, chunks, isConditionalCheckFailed, jitter, MAX_OPTIMISTIC_ATTEMPTS, queryAll, withoutAttributes } from './dynamo-helpers';
import { customerPk, isExpired, keys, SK, ttlAfterDays } from './keys';

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

export class DynamoLedgerStore extends CustomerCollectionStore {
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

  /**
   * Many sends at once (a broadcast page): each one's completed claim and ledger entry, as Puts of BatchWriteItem
   * calls (25 items each) instead of two calls per send. Only for claims the caller holds. Answers the customers
   * whose records could not be written (their claims stay `claimed`: never sent again, counted as unconfirmed).
   */
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

  /** The message's send claim as it stands (an expired one counts as none), or null. */
  async getSendClaim(customerId: string, messageId: string): Promise<SendClaim | null> {
    const result = await this.doc.send(new GetCommand({ TableName: this.table, Key: keys.send(customerId, messageId), ConsistentRead: true }));
    if (!result.Item || isExpired(result.Item, this.clock())) return null;
    return withoutAttributes(result.Item, ITEM_BOOKKEEPING) as unknown as SendClaim;
  }
}
