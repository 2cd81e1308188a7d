/** Journeys parked on an event (`WAIT#`, with their task tokens) and events that arrived first (`SIGNAL#`). */
import { createHash } from 'node:crypto';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { CustomerCollectionStore } from './customer-items';
import { queryAll, type Item } from './dynamo-helpers';
import { customerPk, isExpired, keys, SK, ttlAt } from './keys';

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

/** A short, stable id for a waiter, from its task token (tokens are long and opaque). */
function waiterId(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 16);
}

export class DynamoWaitStore extends CustomerCollectionStore {
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

  /** Removes one waiter's wait; false when someone already took it. */
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

  /** Takes every pending signal for exactly this key, oldest first. */
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
}
