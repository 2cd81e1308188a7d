/**
 * Event de-duplication: an event id starts at most one execution. `pk = EVENT#<eventId>`, kept for a few days
 * (event sources retry within minutes; EventBridge's own retries within 24 hours).
 */
import { DeleteCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed } from './dynamo-helpers';
import { keys, ttlAfterDays } from './keys';

export interface EventDedup {
  /** True the first time an id is seen (within its ttl), false for a duplicate. */
  claimEventId(eventId: string, ttlDays?: number): Promise<boolean>;
  /** Forget a claim whose processing failed before anything started, so the event's retry is not a "duplicate". */
  releaseEventId(eventId: string): Promise<void>;
}

export const DEFAULT_EVENT_TTL_DAYS = 7;

export class DynamoEventDedup implements EventDedup {
  private readonly clock: () => Date;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly options: { tableName: string; clock?: () => Date },
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  async claimEventId(eventId: string, ttlDays: number = DEFAULT_EVENT_TTL_DAYS): Promise<boolean> {
    const now = this.clock();
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.options.tableName,
          Item: { ...keys.event(eventId), seenAt: now.toISOString(), ttl: ttlAfterDays(now, ttlDays) },
          // An expired claim that the TTL sweep has not deleted yet no longer counts.
          ConditionExpression: 'attribute_not_exists(pk) OR #ttl <= :now',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':now': Math.floor(now.getTime() / 1000) },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionalCheckFailed(err)) return false;
      throw err;
    }
  }

  async releaseEventId(eventId: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.options.tableName, Key: keys.event(eventId) }));
  }
}
