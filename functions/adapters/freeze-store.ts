/**
 * The freeze of all marketing, `pk = FREEZE`:
 * - `sk = CURRENT`: the freeze in force (absent = none; one whose `until` has passed has ended by itself);
 * - `sk = AUDIT#<at>#<nonce>`: every freeze and unfreeze with its actor, oldest first.
 * Held messages are registered beside them (`HELD#…`, hold-registry.ts).
 */
import { randomBytes } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { MarketingFreeze } from '../domain/model/journey-control';

export const FREEZE_PK = 'FREEZE';
const CURRENT_SK = 'CURRENT';
/** The freeze record's key (the decision path reads it with the journey's control in one batch: hold-state.ts). */
export const FREEZE_CURRENT_KEY = { pk: FREEZE_PK, sk: CURRENT_SK } as const;

export interface FreezeAuditEntry {
  action: 'freeze' | 'unfreeze' | 'freeze-ended';
  actor: string;
  at: string;
  detail: Record<string, unknown>;
}

export class FreezeStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(): Promise<MarketingFreeze | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { pk: FREEZE_PK, sk: CURRENT_SK }, ConsistentRead: true }));
    return Item ? (Item.freeze as MarketingFreeze) : undefined;
  }

  /** The audit first: no change without its record. */
  async set(freeze: MarketingFreeze, entry: FreezeAuditEntry): Promise<void> {
    await this.audit(entry);
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { pk: FREEZE_PK, sk: CURRENT_SK, freeze } }));
  }

  async clear(entry: FreezeAuditEntry): Promise<void> {
    await this.audit(entry);
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: FREEZE_PK, sk: CURRENT_SK } }));
  }

  async auditTrail(limit = 100): Promise<FreezeAuditEntry[]> {
    const { Items = [] } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': FREEZE_PK, ':prefix': 'AUDIT#' },
        ConsistentRead: true,
        Limit: limit,
      }),
    );
    return Items.map(({ action, actor, at, detail }) => ({ action, actor, at, detail }) as FreezeAuditEntry);
  }

  async audit(entry: FreezeAuditEntry): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { pk: FREEZE_PK, sk: `AUDIT#${entry.at}#${randomBytes(4).toString('hex')}`, ...entry } }));
  }
}
