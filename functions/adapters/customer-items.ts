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
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Profile } from '../domain/model/profile';
import { withoutAttributes, type Item } from './dynamo-helpers';

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
