/**
 * Experiment exposures and counters (keys.ts):
 * - `CUSTOMER#<id>` / `EXPOSURE#<experimentId>`: the customer's first exposure (variant, exposedAt, the UTC day,
 *   sentAt, goalAt). In the customer's collection, so erasure removes it with the rest; the decision's one Query
 *   reads it along (and ignores it): recording exposures adds writes, never a read, to a decision.
 * - `EXPERIMENT#<id>` / `COUNT#<variant>#<day>`: `assigned`, `sent`, `events`, added with ADD.
 *
 * Each count follows a conditional write of the exposure item (first exposure, first send, first goal event), so
 * a retry, a replay or a second execution never counts a customer twice. Dynalite (the local runtime) has no
 * TransactWriteItems, so the two writes are not one transaction: a crash between them loses that one count (it
 * never doubles one). The counters are a report, not the ledger.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ExposureCounter } from '../domain/experiments/report';
import { queryAll } from './dynamo-helpers';
import { customerPk, experimentPk, keys, SK, ttlAfterDays } from './keys';

/** Long enough for any goal window and for stickiness of "first exposure" across a customer's re-entries. */
const EXPOSURE_TTL_DAYS = 400;

export interface Exposure {
  experimentId: string;
  variant: string;
  exposedAt: string;
  /** `YYYY-MM-DD` (UTC) of exposedAt: the counter bucket it is counted in. */
  day: string;
  sentAt?: string;
  goalAt?: string;
}

export interface ExperimentStore {
  /** Records the first exposure and counts it as assigned; false when the customer was exposed before. */
  recordExposure(customerId: string, experimentId: string, variant: string, at: string): Promise<boolean>;
  /** Marks the exposure sent and counts it, once; false when already counted or never exposed. */
  recordSent(customerId: string, experimentId: string, variant: string, at: string): Promise<boolean>;
  /** The customer's exposures (route-event, when a goal event arrives: not in a decision). */
  exposures(customerId: string): Promise<Exposure[]>;
  /** Marks the goal event on the exposure and counts it in the exposure's bucket, once. */
  recordGoal(customerId: string, exposure: Exposure, at: string): Promise<boolean>;
  counters(experimentId: string): Promise<ExposureCounter[]>;
}

export class DynamoExperimentStore implements ExperimentStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async recordExposure(customerId: string, experimentId: string, variant: string, at: string): Promise<boolean> {
    const day = at.slice(0, 10);
    const exposure: Exposure = { experimentId, variant, exposedAt: at, day };
    const written = await conditional(
      this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.exposure(customerId, experimentId), ...exposure, ttl: ttlAfterDays(new Date(at), EXPOSURE_TTL_DAYS) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    if (written) await this.#add(experimentId, variant, day, 'assigned');
    return written;
  }

  async recordSent(customerId: string, experimentId: string, variant: string, at: string): Promise<boolean> {
    const marked = await conditional(
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.exposure(customerId, experimentId),
          UpdateExpression: 'SET sentAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(sentAt) AND variant = :variant',
          ExpressionAttributeValues: { ':at': at, ':variant': variant },
        }),
      ),
    );
    // Sends are counted in the day they happen: the report only sums them.
    if (marked) await this.#add(experimentId, variant, at.slice(0, 10), 'sent');
    return marked;
  }

  async exposures(customerId: string): Promise<Exposure[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': customerPk(customerId), ':prefix': SK.exposure },
      ConsistentRead: true,
    });
    return items.map((item) => ({
      experimentId: String(item.experimentId),
      variant: String(item.variant),
      exposedAt: String(item.exposedAt),
      day: String(item.day),
      ...(typeof item.sentAt === 'string' ? { sentAt: item.sentAt } : {}),
      ...(typeof item.goalAt === 'string' ? { goalAt: item.goalAt } : {}),
    }));
  }

  async recordGoal(customerId: string, exposure: Exposure, at: string): Promise<boolean> {
    const marked = await conditional(
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.exposure(customerId, exposure.experimentId),
          UpdateExpression: 'SET goalAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(goalAt)',
          ExpressionAttributeValues: { ':at': at },
        }),
      ),
    );
    if (marked) await this.#add(exposure.experimentId, exposure.variant, exposure.day, 'events');
    return marked;
  }

  async counters(experimentId: string): Promise<ExposureCounter[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': experimentPk(experimentId) },
    });
    return items.map((item) => ({
      variant: String(item.variant),
      day: String(item.day),
      assigned: Number(item.assigned ?? 0),
      sent: Number(item.sent ?? 0),
      events: Number(item.events ?? 0),
    }));
  }

  async #add(experimentId: string, variant: string, day: string, counter: 'assigned' | 'sent' | 'events'): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.experimentCounter(experimentId, variant, day),
        UpdateExpression: 'SET variant = :variant, #day = :day ADD #counter :one',
        ExpressionAttributeNames: { '#day': 'day', '#counter': counter },
        ExpressionAttributeValues: { ':variant': variant, ':day': day, ':one': 1 },
      }),
    );
  }
}

/** The write's success, or false when its condition failed; other errors propagate. */
async function conditional(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
