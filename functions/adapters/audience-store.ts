/** Crisis audiences: the customers of a segment match, paged shard by shard from the `bySegment` index. */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../domain/errors';
import type { Audience } from '../domain/model/crisis';
import { isEveryone } from '../domain/rules/audience';
import { CustomerCollectionStore } from './customer-items';
import { batchGetAll, queryCount } from './dynamo-helpers';
import { ALL_SEGMENT, keys, segmentIndexKey, SHARD_COUNT } from './keys';
import { SEGMENT_INDEX_NAME } from './table-definition';

export interface AudienceQuery {
  /** 0 … SHARD_COUNT-1: a broadcast reads the shards in parallel. */
  shard: number;
  /** Opaque: the `cursor` of the previous page. */
  cursor?: string;
  /** At most this many ids per page (default 500). */
  limit?: number;
}

export interface AudiencePage {
  customerIds: string[];
  /** Present while the shard has more; pass it back to continue. */
  cursor?: string;
}

const DEFAULT_PAGE = 500;

export class DynamoAudienceStore extends CustomerCollectionStore {
  /**
   * One page of an audience within one shard, from the `bySegment` index. `{all: true}` reads the everyone
   * memberships; a one-key match reads each listed value; a multi-key match reads the key with the fewest listed
   * values and verifies the other keys by fetching the candidates' membership items (BatchGet). Each customer
   * appears at most once per shard and in exactly one shard. Results are candidates: check the profile with
   * `audienceIncludes` (domain/rules/audience.ts) before sending.
   */
  async audienceMembers(audience: Audience, query: AudienceQuery): Promise<AudiencePage> {
    if (!Number.isInteger(query.shard) || query.shard < 0 || query.shard >= SHARD_COUNT) {
      throw new ValidationError(`shard must be an integer from 0 to ${SHARD_COUNT - 1}`, [{ path: 'shard', message: 'out of range' }]);
    }
    const limit = Math.max(1, query.limit ?? DEFAULT_PAGE);
    const plan = planAudience(audience);
    let position = decodeCursor(query.cursor);
    const customerIds: string[] = [];
    while (customerIds.length < limit && position.valueIndex < plan.lead.values.length) {
      const value = plan.lead.values[position.valueIndex] as string;
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: SEGMENT_INDEX_NAME,
          KeyConditionExpression: 'segmentKey = :segmentKey',
          ExpressionAttributeValues: { ':segmentKey': segmentIndexKey(plan.lead.key, value, query.shard) },
          Limit: limit - customerIds.length,
          ...(position.startKey ? { ExclusiveStartKey: position.startKey } : {}),
        }),
      );
      const candidates = (page.Items ?? []).map((item) => String(item.customerId));
      customerIds.push(...(plan.others.length > 0 ? await this.withAllKeys(candidates, plan.others) : candidates));
      position = page.LastEvaluatedKey ? { valueIndex: position.valueIndex, startKey: page.LastEvaluatedKey } : { valueIndex: position.valueIndex + 1 };
    }
    const more = position.valueIndex < plan.lead.values.length;
    return more ? { customerIds, cursor: encodeCursor(position) } : { customerIds };
  }

  /** The audience size over all shards (COUNT queries; a multi-key match is counted by paging through it). */
  async countAudience(audience: Audience): Promise<number> {
    const plan = planAudience(audience);
    const shards = Array.from({ length: SHARD_COUNT }, (_, shard) => shard);
    const perShard = await Promise.all(
      shards.map(async (shard) => {
        if (plan.others.length > 0) {
          let count = 0;
          let cursor: string | undefined;
          do {
            const page = await this.audienceMembers(audience, { shard, limit: 1000, ...(cursor ? { cursor } : {}) });
            count += page.customerIds.length;
            cursor = page.cursor;
          } while (cursor);
          return count;
        }
        let count = 0;
        for (const value of plan.lead.values) {
          count += await queryCount(this.doc, {
            TableName: this.table,
            IndexName: SEGMENT_INDEX_NAME,
            KeyConditionExpression: 'segmentKey = :segmentKey',
            ExpressionAttributeValues: { ':segmentKey': segmentIndexKey(plan.lead.key, value, shard) },
          });
        }
        return count;
      }),
    );
    return perShard.reduce((sum, n) => sum + n, 0);
  }

  private async withAllKeys(candidates: string[], others: AudienceKey[]): Promise<string[]> {
    if (candidates.length === 0) return [];
    const wanted = candidates.flatMap((customerId) => others.flatMap(({ key, values }) => values.map((value) => keys.segment(customerId, key, value))));
    const found = new Set((await batchGetAll(this.doc, this.table, wanted, 'pk, sk')).map((item) => `${String(item.pk)}|${String(item.sk)}`));
    return candidates.filter((customerId) =>
      others.every(({ key, values }) =>
        values.some((value) => {
          const k = keys.segment(customerId, key, value);
          return found.has(`${k.pk}|${k.sk}`);
        }),
      ),
    );
  }
}

/** One segment key of an audience with the values it accepts (a customer needs one of them for every key). */
interface AudienceKey {
  key: string;
  values: string[];
}

/** Deterministic (sorted) so a cursor from one call stays valid for the next, whatever the key order. */
function planAudience(audience: Audience): { lead: AudienceKey; others: AudienceKey[] } {
  if (isEveryone(audience)) return { lead: { key: ALL_SEGMENT, values: [ALL_SEGMENT] }, others: [] };
  const entries = Object.entries(audience as Record<string, string[]>)
    .map(([key, values]) => ({ key, values: [...new Set(values)].sort() }))
    .sort((a, b) => a.values.length - b.values.length || a.key.localeCompare(b.key));
  const [lead, ...others] = entries;
  if (!lead) throw new ValidationError('the audience names no segment key', [{ path: 'affected', message: 'name at least one segment key' }]);
  return { lead, others };
}

interface CursorPosition {
  valueIndex: number;
  startKey?: Record<string, unknown>;
}

function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify({ v: position.valueIndex, k: position.startKey })).toString('base64url');
}

function decodeCursor(cursor: string | undefined): CursorPosition {
  if (cursor === undefined) return { valueIndex: 0 };
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { v?: unknown; k?: unknown };
    if (typeof parsed.v !== 'number' || !Number.isInteger(parsed.v) || parsed.v < 0) throw new Error('bad position');
    return typeof parsed.k === 'object' && parsed.k !== null
      ? { valueIndex: parsed.v, startKey: parsed.k as Record<string, unknown> }
      : { valueIndex: parsed.v };
  } catch {
    throw new ValidationError('invalid audience cursor', [{ path: 'cursor', message: 'not a cursor returned by audienceMembers' }]);
  }
}
