/** The customer's suppressions (`SUPPRESSION#<kind>#<ref>`): incidents, bounces, complaints, SMS STOP, cool-downs. */
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Suppression, SuppressionKind } from '../domain/model/suppression';
import { CustomerCollectionStore } from './customer-items';
import { keys, ttlAt } from './keys';

export class DynamoSuppressionStore extends CustomerCollectionStore {
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
}
