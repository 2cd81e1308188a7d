/** Phone number → customer (`PHONE#<sha256>`, written with the profile by profile-store.ts), for inbound SMS. */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { CustomerCollectionStore } from './customer-items';
import { keys, phoneHash } from './keys';

export class DynamoPhoneLookup extends CustomerCollectionStore {
  /**
   * The pointer says who had the number last; the profile is checked too, so a pointer left by a crash or a
   * race (a superset, like the memberships) never names a customer whose profile no longer has the number.
   */
  async findCustomerByPhone(e164: string): Promise<string | null> {
    const pointer = await this.doc.send(new GetCommand({ TableName: this.table, Key: keys.phone(phoneHash(e164)), ConsistentRead: true }));
    const customerId = pointer.Item?.customerId;
    if (typeof customerId !== 'string') return null;
    const profile = await this.doc.send(new GetCommand({ TableName: this.table, Key: keys.profile(customerId), ConsistentRead: true }));
    return profile.Item?.phone === e164 ? customerId : null;
  }
}
