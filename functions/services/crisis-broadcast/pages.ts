/**
 * Where a broadcast loop stands: a shard and the audience page within it, or — a replay — the last failed
 * recipient. Encoded as the task's `cursor` between invocations.
 */
import type { ShardRange } from '../../domain/rules/broadcast-shards';
import type { Run } from './broadcast';
import '../../handlers/runtime/wiring/audiences'; // builds the audiences this module uses (runtime/dependencies.ts)

const PAGE_SIZE = 200;

export interface Position {
  shard: number;
  page?: string;
  /** Replays: the last failed recipient of the previous page. */
  after?: string;
  /** The earliest end of quiet hours among recipients this pass deferred so far (epoch ms), across invocations. */
  until?: number;
}

export function decodePosition(cursor: string | null | undefined, shards: ShardRange): Position {
  if (cursor) return JSON.parse(cursor) as Position; // our own encoding, from the last invocation
  return { shard: shards.first };
}

export async function nextPage(run: Run, position: Position, shards: ShardRange): Promise<{ customerIds: string[]; next?: Position }> {
  if (run.failedOnly) {
    const page = await run.broadcasts.failuresPage(run.broadcast.key, { limit: PAGE_SIZE, ...(position.after !== undefined ? { after: position.after } : {}) });
    const customerIds = page.failures.map((failure) => failure.customerId);
    return page.last !== undefined ? { customerIds, next: { shard: 0, after: page.last } } : { customerIds };
  }
  const page = await run.deps.audiences.audienceMembers(run.broadcast.crisis.affected, {
    shard: position.shard,
    limit: PAGE_SIZE,
    ...(position.page !== undefined ? { cursor: position.page } : {}),
  });
  const next = page.cursor ? { shard: position.shard, page: page.cursor } : position.shard + 1 > shards.last ? undefined : { shard: position.shard + 1 };
  return next ? { customerIds: page.customerIds, next } : { customerIds: page.customerIds };
}
