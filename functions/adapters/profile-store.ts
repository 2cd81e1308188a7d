/**
 * The profile item with what is derived from it: its segment memberships (the `bySegment` index) and its phone
 * pointer (phone-lookup.ts), kept in line without a transaction (customer-items.ts); and consent changes.
 */
import { ConflictError, NotFoundError } from '../domain/errors';
import type { Profile } from '../domain/model/profile';
import { nextConsent, type ConsentChange } from '../domain/rules/consent';
import { CustomerCollectionStore, readProfile, toProfile } from './customer-items';
import { isConditionalCheckFailed, jitter, MAX_OPTIMISTIC_ATTEMPTS, queryAll, type Item } from './dynamo-helpers';
import { customerPk, keys, phoneHash, segmentMemberships, SK, type ItemKey, type SegmentMembership } from './keys';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';

export type { ConsentChange } from '../domain/rules/consent';

// PHONEREF#, PROFILE and the SEGMENT# items are adjacent in sort-key order ('$' sorts right after '#', and
// nothing else starts between "PHONEREF#" and "SEGMENT$"), so one range Query reads a profile with its
// memberships and phone pointers.
const PROFILE_AND_SEGMENTS = { from: SK.phoneRef, to: 'SEGMENT$' } as const;

export class DynamoProfileStore extends CustomerCollectionStore {
  async getProfile(customerId: string): Promise<Profile | null> {
    return readProfile(this.doc, this.table, customerId);
  }

  /**
   * Writes the profile and brings its segment memberships in line, without a transaction:
   * 1. read the profile's revision and its current memberships (one range Query);
   * 2. put the desired memberships, stamped with the new revision — before the profile, so a customer is never
   *    missing from an audience they belong to, even if this call dies half-way;
   * 3. put the profile, conditional on the revision read in 1 (optimistic locking; retried on a race);
   * 4. delete memberships the new profile no longer has, conditional on their revision being older — so a
   *    slower concurrent writer can never delete memberships a newer revision wrote.
   * A writer that loses every attempt reconciles the memberships with the winning profile before it gives up.
   * What only a crash between 2 and 4 can leave is a stale membership (a superset), cleaned by the next write
   * and filtered out by `audienceIncludes` (domain/rules/audience.ts).
   */
  async putProfile(profile: Profile): Promise<{ created: boolean }> {
    for (let attempt = 0; attempt < MAX_OPTIMISTIC_ATTEMPTS; attempt++) {
      if (attempt > 0) await jitter(attempt);
      const now = this.clock().toISOString();
      const { old, memberships, phoneRefs } = await this.readProfileWithMemberships(profile.customerId);
      const oldRev = revisionOf(old);
      const rev = oldRev + 1;
      const desired = segmentMemberships(profile.customerId, profile.segment);
      const desiredPhone = profile.phone ? phoneHash(profile.phone) : undefined;
      // Like the memberships, the phone pointer is written before the profile, so a number a profile has is
      // never missing from the lookup (an inbound STOP always finds its customer).
      await Promise.all([
        ...desired.map((membership) => this.putMembership(membership, rev)),
        ...(desiredPhone ? [this.putPhonePointer(profile.customerId, desiredPhone, rev)] : []),
      ]);

      try {
        await this.doc.send(
          new PutCommand({
            TableName: this.table,
            Item: {
              ...profile,
              ...keys.profile(profile.customerId),
              rev,
              createdAt: typeof old?.createdAt === 'string' ? old.createdAt : now,
              updatedAt: now,
            },
            ConditionExpression: old ? '#rev = :oldRev' : 'attribute_not_exists(pk)',
            ExpressionAttributeNames: old ? { '#rev': 'rev' } : undefined,
            ExpressionAttributeValues: old ? { ':oldRev': oldRev } : undefined,
          }),
        );
      } catch (err) {
        // Another writer won this revision. The memberships just written are re-read (and, if unwanted,
        // deleted) by the next attempt, whose revision is higher.
        if (isConditionalCheckFailed(err)) continue;
        throw err;
      }

      const wanted = new Set(desired.map((membership) => membership.sk));
      const stale = memberships.filter((item) => !wanted.has(item.sk));
      const stalePhones = phoneRefs.filter((hash) => hash !== desiredPhone);
      await Promise.all([
        ...stale.map((item) => this.deleteMembership(item, '<', rev)),
        ...stalePhones.map((hash) => this.deletePhonePointer(profile.customerId, hash, '<', rev)),
      ]);
      return { created: !old };
    }
    // Giving up: our last attempt's memberships may not match the profile that won; nobody else would
    // delete them, so bring the index in line with the stored profile before reporting the conflict.
    await this.reconcileMemberships(profile.customerId);
    throw new ConflictError('the profile is being changed concurrently; retry the request', 'profile_conflict');
  }

  /** Opt in or out of one topic (or one channel of it): the one-click unsubscribe path. */
  async updateConsent(customerId: string, change: ConsentChange): Promise<Profile> {
    for (let attempt = 0; attempt < MAX_OPTIMISTIC_ATTEMPTS; attempt++) {
      const result = await this.doc.send(new GetCommand({ TableName: this.table, Key: keys.profile(customerId), ConsistentRead: true }));
      if (!result.Item) throw new NotFoundError(`no profile for customer ${customerId}`);
      const profile = toProfile(result.Item);
      const rev = typeof result.Item.rev === 'number' ? result.Item.rev : 0;
      const consent = nextConsent(profile.consents[change.topic], change);
      // Already so (a replayed unsubscribe link, a repeated STOP): nothing to write, not even a revision.
      if (JSON.stringify(consent) === JSON.stringify(profile.consents[change.topic])) return profile;
      try {
        const updated = await this.doc.send(
          new UpdateCommand({
            TableName: this.table,
            Key: keys.profile(customerId),
            // Read-modify-write guarded by the revision: a per-channel change must turn a boolean consent into
            // an object, which an UpdateExpression alone cannot decide.
            UpdateExpression: 'SET #consents.#topic = :consent, #rev = :next, #updatedAt = :now',
            ConditionExpression: 'attribute_exists(pk) AND #rev = :rev',
            ExpressionAttributeNames: { '#consents': 'consents', '#topic': change.topic, '#rev': 'rev', '#updatedAt': 'updatedAt' },
            ExpressionAttributeValues: {
              ':consent': consent,
              ':rev': rev,
              ':next': rev + 1,
              ':now': this.clock().toISOString(),
            },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return toProfile(updated.Attributes ?? {});
      } catch (err) {
        if (isConditionalCheckFailed(err)) continue;
        throw err;
      }
    }
    throw new ConflictError('the profile is being changed concurrently; retry the request', 'profile_conflict');
  }

  private async putMembership(membership: SegmentMembership, rev: number): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...membership, rev },
          // Never downgrade a membership a newer revision already wrote.
          ConditionExpression: 'attribute_not_exists(pk) OR #rev < :rev',
          ExpressionAttributeNames: { '#rev': 'rev' },
          ExpressionAttributeValues: { ':rev': rev },
        }),
      );
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err;
    }
  }

  /**
   * `PHONEREF#` in the collection first (erasure finds the lookup through it), then the lookup item. The lookup
   * of another customer is taken over (the number moved); our own is never downgraded by an older revision.
   */
  private async putPhonePointer(customerId: string, hash: string, rev: number): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...keys.phoneRef(customerId, hash), rev },
          ConditionExpression: 'attribute_not_exists(pk) OR #rev < :rev',
          ExpressionAttributeNames: { '#rev': 'rev' },
          ExpressionAttributeValues: { ':rev': rev },
        }),
      );
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err;
    }
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...keys.phone(hash), customerId, rev },
          ConditionExpression: 'attribute_not_exists(pk) OR #customerId <> :customerId OR #rev < :rev',
          ExpressionAttributeNames: { '#customerId': 'customerId', '#rev': 'rev' },
          ExpressionAttributeValues: { ':customerId': customerId, ':rev': rev },
        }),
      );
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err;
    }
  }

  /** Removes a number the profile no longer has: the lookup (if still ours and older), then our pointer to it. */
  private async deletePhonePointer(customerId: string, hash: string, comparison: '<' | '<=', rev: number): Promise<void> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.table,
          Key: keys.phone(hash),
          ConditionExpression: `#customerId = :customerId AND #rev ${comparison} :rev`,
          ExpressionAttributeNames: { '#customerId': 'customerId', '#rev': 'rev' },
          ExpressionAttributeValues: { ':customerId': customerId, ':rev': rev },
        }),
      );
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err;
    }
    await this.deleteMembership(keys.phoneRef(customerId, hash), comparison, rev);
  }

  /** Deletes a membership only if its revision is older than (or, when reconciling, at most) `rev`: a newer
   * writer's memberships are never touched. */
  private async deleteMembership(key: ItemKey, comparison: '<' | '<=', rev: number): Promise<void> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.table,
          Key: key,
          ConditionExpression: `#rev ${comparison} :rev`,
          ExpressionAttributeNames: { '#rev': 'rev' },
          ExpressionAttributeValues: { ':rev': rev },
        }),
      );
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err;
    }
  }

  /** The profile item, its memberships and its phone pointers (hashes) in one range Query. */
  private async readProfileWithMemberships(customerId: string): Promise<{ old: Item | undefined; memberships: ItemKey[]; phoneRefs: string[] }> {
    const items = await queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': customerPk(customerId), ':from': PROFILE_AND_SEGMENTS.from, ':to': PROFILE_AND_SEGMENTS.to },
      ConsistentRead: true,
    });
    return {
      old: items.find((item) => item.sk === SK.profile),
      memberships: items.filter((item) => String(item.sk).startsWith(SK.segment)).map((item) => ({ pk: String(item.pk), sk: String(item.sk) })),
      phoneRefs: items.filter((item) => String(item.sk).startsWith(SK.phoneRef)).map((item) => String(item.sk).slice(SK.phoneRef.length)),
    };
  }

  /** Deletes memberships the stored profile does not have, written at its revision or before. */
  private async reconcileMemberships(customerId: string): Promise<void> {
    const { old, memberships, phoneRefs } = await this.readProfileWithMemberships(customerId);
    const rev = revisionOf(old);
    const wanted = new Set(old ? segmentMemberships(customerId, toProfile(old).segment).map((membership) => membership.sk) : []);
    const phone = old ? toProfile(old).phone : undefined;
    const wantedPhone = phone ? phoneHash(phone) : undefined;
    await Promise.all([
      ...memberships.filter((item) => !wanted.has(item.sk)).map((item) => this.deleteMembership(item, '<=', rev)),
      ...phoneRefs.filter((hash) => hash !== wantedPhone).map((hash) => this.deletePhonePointer(customerId, hash, '<=', rev)),
    ]);
  }
}

function revisionOf(item: Item | undefined): number {
  return typeof item?.rev === 'number' ? item.rev : 0;
}
