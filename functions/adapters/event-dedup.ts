/**
 * Event de-duplication: an event id starts at most one execution. `pk = EVENT#<eventId>`, kept for a few days
 * (event sources retry within minutes; EventBridge's own retries within 24 hours).
 */
import { DeleteCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchPutAll, isConditionalCheckFailed } from './dynamo-helpers';
import { keys, ttlAfterDays } from './keys';

export interface EventDedup {
  /**
   * True the first time an id is seen (within its ttl), false for a duplicate. With the event's customer, a
   * pointer in their collection lets erasure find the claim (event ids may carry personal data).
   */
  claimEventId(eventId: string, ttlDays?: number, owner?: EventOwner): Promise<boolean>;
  /**
   * Points each owner's collection at an event put on the bus without a claim (the crisis all-clear's survey
   * events), so that erasure finds route-event's records of it.
   */
  recordOwners(events: readonly (EventOwner & { eventId: string })[], ttlDays?: number): Promise<void>;
  /** Forget a claim whose processing failed before anything started, so the event's retry is not a "duplicate". */
  releaseEventId(eventId: string, owner?: EventOwner): Promise<void>;
}

/** Whose event it is: the pointer in their collection keeps the type, to find route-event's records too. */
export interface EventOwner {
  customerId: string;
  eventType: string;
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

  async claimEventId(eventId: string, ttlDays: number = DEFAULT_EVENT_TTL_DAYS, owner?: EventOwner): Promise<boolean> {
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
    } catch (err) {
      if (isConditionalCheckFailed(err)) return false;
      throw err;
    }
    if (owner === undefined) return true;
    // Only a new claim gets its pointer (a duplicate writes nothing). Without the pointer erasure could not find
    // the claim, so a claim whose pointer cannot be written is given back and the error reported (a retry is new).
    try {
      await this.doc.send(
        new PutCommand({ TableName: this.options.tableName, Item: { ...keys.eventRef(owner.customerId, eventId), eventType: owner.eventType, ttl: ttlAfterDays(now, ttlDays) } }),
      );
    } catch (err) {
      await this.releaseEventId(eventId);
      throw err;
    }
    return true;
  }

  async recordOwners(events: readonly (EventOwner & { eventId: string })[], ttlDays: number = DEFAULT_EVENT_TTL_DAYS): Promise<void> {
    const ttl = ttlAfterDays(this.clock(), ttlDays);
    await batchPutAll(
      this.doc,
      this.options.tableName,
      events.map(({ eventId, customerId, eventType }) => ({ ...keys.eventRef(customerId, eventId), eventType, ttl })),
    );
  }

  async releaseEventId(eventId: string, owner?: EventOwner): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.options.tableName, Key: keys.event(eventId) }));
    if (owner !== undefined) await this.doc.send(new DeleteCommand({ TableName: this.options.tableName, Key: keys.eventRef(owner.customerId, eventId) }));
  }
}
