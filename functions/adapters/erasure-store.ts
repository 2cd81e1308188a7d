/** Erasure on request: every item of the customer's collection and the items outside it that it points to. */
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { CustomerCollectionStore } from './customer-items';
import { batchDeleteAll, isConditionalCheckFailed, queryAll } from './dynamo-helpers';
import { eventRefs, pointedAt, type EventRef } from './erasure-pointers';
import { customerPk, keys, SK, type ItemKey } from './keys';

export interface ErasureCounts {
  profile: number;
  suppressions: number;
  ledger: number;
  memberships: number;
  sends: number;
  waits: number;
  surveys: number;
  executions: number;
  /** Phone lookup pointers (`PHONEREF#` in the collection, each with its `PHONE#` item). */
  phones: number;
  other: number;
  total: number;
}

export class DynamoErasureStore extends CustomerCollectionStore {
  /**
   * Deletes every item of the customer's collection and the items outside it that it points to (pointers.ts). Repeats until the
   * collection reads empty, so an item written while erasing (a send finishing) does not survive.
   */
  async eraseCustomer(customerId: string): Promise<ErasureCounts> {
    const counts: ErasureCounts = {
      profile: 0,
      suppressions: 0,
      ledger: 0,
      memberships: 0,
      sends: 0,
      waits: 0,
      surveys: 0,
      executions: 0,
      phones: 0,
      other: 0,
      total: 0,
    };
    for (let round = 0; round < 3; round++) {
      const items = await queryAll(this.doc, {
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': customerPk(customerId) },
        ProjectionExpression: 'pk, sk, letterSk',
        ConsistentRead: true,
      });
      if (items.length === 0) break;
      const toDelete: ItemKey[] = [];
      const phonePointers: string[] = [];
      for (const item of items) {
        const sk = String(item.sk);
        toDelete.push({ pk: String(item.pk), sk });
        counts[categoryOf(sk)] += 1;
        toDelete.push(...pointedAt(customerId, item));
        if (sk.startsWith(SK.phoneRef)) phonePointers.push(sk.slice(SK.phoneRef.length));
      }
      // The lookup items first (only if still ours: another customer may have the number now), so a crash
      // leaves the PHONEREF# item for the next erasure to find.
      await Promise.all(phonePointers.map((hash) => this.deletePhoneLookup(customerId, hash)));
      await batchDeleteAll(this.doc, this.table, toDelete);
      counts.total += items.length;
    }
    return counts;
  }

  /** The events about the customer whose ids were claimed (erasure also forgets route-event's records of them). */
  eventRefs(customerId: string): Promise<EventRef[]> {
    return eventRefs(this.doc, this.table, customerId);
  }

  /** Erasure: the lookup item goes whatever its revision, but only if it still names this customer. */
  private async deletePhoneLookup(customerId: string, hash: string): Promise<void> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.table,
          Key: keys.phone(hash),
          ConditionExpression: '#customerId = :customerId',
          ExpressionAttributeNames: { '#customerId': 'customerId' },
          ExpressionAttributeValues: { ':customerId': customerId },
        }),
      );
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err;
    }
  }
}

function categoryOf(sk: string): Exclude<keyof ErasureCounts, 'total'> {
  if (sk === SK.profile) return 'profile';
  if (sk.startsWith(SK.suppression)) return 'suppressions';
  if (sk.startsWith(SK.message)) return 'ledger';
  if (sk.startsWith(SK.segment)) return 'memberships';
  if (sk.startsWith(SK.send)) return 'sends';
  if (sk.startsWith(SK.wait) || sk.startsWith(SK.signal)) return 'waits';
  if (sk.startsWith(SK.survey)) return 'surveys';
  if (sk.startsWith(SK.execution)) return 'executions';
  if (sk.startsWith(SK.phoneRef)) return 'phones';
  return 'other';
}
