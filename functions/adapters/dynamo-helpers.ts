/**
 * Small DynamoDB building blocks shared by the stores: paginated Query, BatchWrite/BatchGet with retry of
 * unprocessed items, and recognising a failed condition. No table knowledge here.
 */
import {
  BatchGetCommand,
  BatchWriteCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import type { ItemKey } from './keys';
import { backOff, type Backoff } from './backoff';

export type Item = Record<string, unknown>;

/** DynamoDB's batch limits. */
export const BATCH_WRITE_LIMIT = 25;
export const BATCH_GET_LIMIT = 100;
const MAX_BATCH_ATTEMPTS = 8;
/** How often a conditional write is retried when another writer keeps winning the race. */
export const MAX_OPTIMISTIC_ATTEMPTS = 8;

export function isConditionalCheckFailed(err: unknown): boolean {
  return err instanceof Error && err.name === 'ConditionalCheckFailedException';
}

/**
 * The one paging loop: each page of a Query in turn, following LastEvaluatedKey (from the input's own
 * ExclusiveStartKey, if any). A caller that has enough leaves the `for await` and no further page is read.
 */
export async function* queryPages(doc: DynamoDBDocumentClient, input: QueryCommandInput): AsyncGenerator<QueryCommandOutput> {
  let exclusiveStartKey = input.ExclusiveStartKey;
  do {
    const page = await doc.send(new QueryCommand({ ...input, ...(exclusiveStartKey ? { ExclusiveStartKey: exclusiveStartKey } : {}) }));
    yield page;
    exclusiveStartKey = page.LastEvaluatedKey;
  } while (exclusiveStartKey);
}

/** Every item of a Query. Most collections fit in one page; the loop only runs again on LastEvaluatedKey. */
export async function queryAll(doc: DynamoDBDocumentClient, input: QueryCommandInput): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of queryPages(doc, input)) items.push(...((page.Items ?? []) as Item[]));
  return items;
}

/** How many items a Query matches (Select COUNT: no items are returned). */
export async function queryCount(doc: DynamoDBDocumentClient, input: QueryCommandInput): Promise<number> {
  let count = 0;
  for await (const page of queryPages(doc, { ...input, Select: 'COUNT' })) count += page.Count ?? 0;
  return count;
}

/** Delete items in chunks of 25, retrying what DynamoDB left unprocessed (throttling) with backoff. */
export async function batchDeleteAll(doc: DynamoDBDocumentClient, tableName: string, itemKeys: ItemKey[]): Promise<void> {
  await batchWriteAll(doc, tableName, itemKeys.map((key) => ({ DeleteRequest: { Key: { pk: key.pk, sk: key.sk } } })));
}

/** Put items in chunks of 25 (whole items, no conditions), retrying what DynamoDB left unprocessed with backoff. */
export async function batchPutAll(doc: DynamoDBDocumentClient, tableName: string, items: Item[]): Promise<void> {
  await batchWriteAll(doc, tableName, items.map((item) => ({ PutRequest: { Item: item } })));
}

type WriteRequest = { DeleteRequest: { Key: Item } } | { PutRequest: { Item: Item } };

async function batchWriteAll(doc: DynamoDBDocumentClient, tableName: string, all: WriteRequest[]): Promise<void> {
  for (const chunk of chunks(all, BATCH_WRITE_LIMIT)) {
    let requests = chunk;
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt >= MAX_BATCH_ATTEMPTS) throw new Error(`BatchWriteItem left ${requests.length} writes unprocessed after ${attempt} attempts`);
      if (attempt > 0) await backoff(attempt);
      const result = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
      requests = (result.UnprocessedItems?.[tableName] ?? []) as typeof requests;
    }
  }
}

/** Get items in chunks of 100, retrying unprocessed keys; missing items are simply absent from the result. */
export async function batchGetAll(
  doc: DynamoDBDocumentClient,
  tableName: string,
  itemKeys: ItemKey[],
  projection?: string,
): Promise<Item[]> {
  const found: Item[] = [];
  for (const chunk of chunks(itemKeys, BATCH_GET_LIMIT)) {
    let pending: Record<string, unknown>[] = chunk.map((key) => ({ pk: key.pk, sk: key.sk }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= MAX_BATCH_ATTEMPTS) throw new Error(`BatchGetItem left ${pending.length} keys unprocessed after ${attempt} attempts`);
      if (attempt > 0) await backoff(attempt);
      const result = await doc.send(
        new BatchGetCommand({
          RequestItems: {
            [tableName]: { Keys: pending, ...(projection ? { ProjectionExpression: projection } : {}) },
          },
        }),
      );
      found.push(...((result.Responses?.[tableName] ?? []) as Item[]));
      pending = (result.UnprocessedKeys?.[tableName]?.Keys ?? []) as Record<string, unknown>[];
    }
  }
  return found;
}

export function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** Drop the table's bookkeeping attributes so only the domain object remains. */
export function withoutAttributes(item: Item, names: readonly string[]): Item {
  const copy: Item = { ...item };
  for (const name of names) delete copy[name];
  return copy;
}

/** Full jitter, 50 ms doubling up to 3 s: what the AWS guidance recommends for unprocessed batch items. */
const UNPROCESSED_BACKOFF: Backoff = { baseMs: 50, maxMs: 3_000 };

function backoff(attempt: number): Promise<void> {
  return backOff(UNPROCESSED_BACKOFF, attempt);
}

/** Spreads competing writers apart so one of them gets through on the next round. */
export function jitter(attempt: number): Promise<void> {
  return backOff({ baseMs: 20, maxMs: 200 }, attempt);
}
