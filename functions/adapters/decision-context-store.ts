/**
 * The one read a message decision needs: the customer's whole item collection in one Query; and the profile read
 * again when that snapshot is too old to send on (deliver-message).
 */
import type { LedgerEntry } from '../domain/model/message';
import type { Profile } from '../domain/model/profile';
import type { Suppression } from '../domain/model/suppression';
import { CustomerCollectionStore, ITEM_BOOKKEEPING, readProfile, toProfile } from './customer-items';
import { queryAll, withoutAttributes } from './dynamo-helpers';
import { customerPk, isExpired, SK } from './keys';

export interface DecisionContext {
  profile: Profile | null;
  /** Unexpired suppressions (expired ones may linger until DynamoDB's TTL sweep deletes them). */
  suppressions: Suppression[];
  /** Unexpired ledger entries, in no particular order. */
  ledger: LedgerEntry[];
}

export class DynamoDecisionContextStore extends CustomerCollectionStore {
  /** One Query over the collection (more only if it exceeds 1 MB); strongly consistent, so a suppression
   * written a moment ago (an incident just opened) is seen by the very next decision. */
  async loadDecisionContext(customerId: string): Promise<DecisionContext> {
    const now = this.clock();
    const items = await queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': customerPk(customerId) },
      ConsistentRead: true,
    });
    const context: DecisionContext = { profile: null, suppressions: [], ledger: [] };
    for (const item of items) {
      const sk = String(item.sk);
      if (sk === SK.profile) context.profile = toProfile(item);
      else if (isExpired(item, now)) continue;
      else if (sk.startsWith(SK.suppression)) context.suppressions.push(withoutAttributes(item, ITEM_BOOKKEEPING) as unknown as Suppression);
      else if (sk.startsWith(SK.message)) context.ledger.push(withoutAttributes(item, ITEM_BOOKKEEPING) as unknown as LedgerEntry);
    }
    return context;
  }

  /** The profile alone, strongly consistent (profile-store.ts's read, without the store's writes); null when erased. */
  async getProfile(customerId: string): Promise<Profile | null> {
    return readProfile(this.doc, this.table, customerId);
  }
}
