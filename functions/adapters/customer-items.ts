/**
 * What the focused stores of the customer item collection (keys.ts) share: their options, their base class and
 * how an item becomes a domain object again. customer-stores.ts builds them all on one table and one client.
 *
 * No transactions: the local runtime runs these adapters against dynalite, which does not implement
 * TransactWriteItems, and the same code must behave the same on both. Profile writes are instead ordered so a
 * crash or a race never loses a member (profile-store.ts), and the segment index is treated as a candidate list:
 * whoever sends to an audience re-checks the profile with `audienceIncludes` (it loads the decision
 * context anyway).
 */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Profile } from '../domain/model/profile';
import { withoutAttributes, type Item } from './dynamo-helpers';
import { keys } from './keys';

export interface CustomerStoreOptions {
  tableName: string;
  /** How long ledger entries and send claims are kept (frequency caps and `why` look back this far). */
  ledgerTtlDays?: number;
  /** The local runtime passes its virtual clock. */
  clock?: () => Date;
}

const PROFILE_BOOKKEEPING = ['pk', 'sk', 'rev', 'createdAt', 'updatedAt'] as const;
export const ITEM_BOOKKEEPING = ['pk', 'sk', 'ttl'] as const;

/** Table, ledger retention and clock: what every store of the collection is built from. */
export abstract class CustomerCollectionStore {
  protected readonly table: string;
  protected readonly ledgerTtlDays: number;
  protected readonly clock: () => Date;

  constructor(
    protected readonly doc: DynamoDBDocumentClient,
    options: CustomerStoreOptions,
  ) {
    this.table = options.tableName;
    this.ledgerTtlDays = options.ledgerTtlDays ?? 90;
    this.clock = options.clock ?? (() => new Date());
  }
}

export function toProfile(item: Item): Profile {
  // Profiles are validated by the handler before they are written; reading them back needs no second parse.
  return withoutAttributes(item, PROFILE_BOOKKEEPING) as unknown as Profile;
}

/**
 * The profile item alone (one strongly consistent GetItem), null when there is none: the profile store's read,
 * and the decision context's re-read of a stale snapshot (decision-context-store.ts), so deliver-message does not
 * bundle the profile store's writes.
 */
export async function readProfile(doc: DynamoDBDocumentClient, table: string, customerId: string): Promise<Profile | null> {
  const result = await doc.send(new GetCommand({ TableName: table, Key: keys.profile(customerId), ConsistentRead: true }));
  return result.Item ? toProfile(result.Item) : null;
}
