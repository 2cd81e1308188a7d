/**
 * Reading the crisis record (crisis-store.ts has the whole store and how a change commits): one Query of `CURRENT`
 * and the newest audit item, rolling an audit entry newer than `CURRENT` forward (a writer died between its two
 * puts). A module of its own so the functions that only read the record — every message decision, the status
 * banner — bundle this and not the writes.
 */
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CrisisAuditEntry, CrisisRecord } from '../domain/model/crisis';
import { isConditionalCheckFailed, withoutAttributes, type Item } from './dynamo-helpers';
import { CRISIS_AUDIT_PREFIX, CRISIS_PK, keys } from './keys';

export const RECORD_BOOKKEEPING = ['pk', 'sk'] as const;

/** An audit item: the entry and the record it resulted in. */
export interface AuditItem extends CrisisAuditEntry {
  record: CrisisRecord;
}

/** The current record; `{active: false}` when there has never been a crisis. */
export async function readCrisisRecord(doc: DynamoDBDocumentClient, table: string): Promise<CrisisRecord> {
  const result = await doc.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': CRISIS_PK },
      // 'CURRENT' sorts after every 'AUDIT#…': descending, the first two items are CURRENT and the newest audit.
      ScanIndexForward: false,
      Limit: 2,
      ConsistentRead: true,
    }),
  );
  const items = (result.Items ?? []) as Item[];
  const currentItem = items.find((item) => item.sk === keys.crisisCurrent().sk);
  const latestAudit = items.find((item) => String(item.sk).startsWith(CRISIS_AUDIT_PREFIX)) as AuditItem | undefined;
  const current = currentItem ? (withoutAttributes(currentItem, RECORD_BOOKKEEPING) as unknown as CrisisRecord) : undefined;
  if (latestAudit && latestAudit.version > (current?.version ?? 0)) {
    const record = current?.broadcast ? { ...latestAudit.record, broadcast: current.broadcast } : latestAudit.record;
    await materialiseCrisisRecord(doc, table, record);
    return record;
  }
  return current ?? { active: false };
}

/** Writes `CURRENT` as a copy of `record`, unless a newer version is already there. */
export async function materialiseCrisisRecord(doc: DynamoDBDocumentClient, table: string, record: CrisisRecord): Promise<void> {
  try {
    await doc.send(
      new PutCommand({
        TableName: table,
        Item: { ...record, ...keys.crisisCurrent() },
        ConditionExpression: 'attribute_not_exists(pk) OR #version < :version',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':version': record.version ?? 0 },
      }),
    );
  } catch (err) {
    // A newer version is already materialised: nothing to do.
    if (!isConditionalCheckFailed(err)) throw err;
  }
}
