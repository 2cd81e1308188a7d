/** The executions started for a customer (`EXECUTION#`): Step Functions does not index executions by customer. */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { JourneyName } from '../domain/model/primitives';
import { CustomerCollectionStore } from './customer-items';
import { queryPages, withoutAttributes, type Item } from './dynamo-helpers';
import { customerPk, isExpired, keys, SK, ttlAfterDays } from './keys';

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

const EXECUTION_TTL_DAYS = 400;
const DEFAULT_EXECUTIONS = 20;
const EXECUTION_BOOKKEEPING = ['pk', 'sk', 'ttl', 'customerId'] as const;

export class DynamoExecutionLog extends CustomerCollectionStore {
  /** Remembers an execution started for the customer (idempotent per startedAt + name); kept 400 days. */
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
    const pages = queryPages(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': customerPk(customerId), ':prefix': SK.execution },
      ScanIndexForward: false,
      Limit: wanted,
      ConsistentRead: true,
    });
    for await (const page of pages) {
      for (const item of (page.Items ?? []) as Item[]) {
        if (!isExpired(item, now) && found.length < wanted) found.push(withoutAttributes(item, EXECUTION_BOOKKEEPING) as unknown as ExecutionRecord);
      }
      if (found.length >= wanted) break;
    }
    return found;
  }
}
