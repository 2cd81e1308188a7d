/**
 * Journey task: broadcast one crisis message version (alert, update or all-clear) to the affected audience —
 * the paging and pacing loop. Each recipient is decided and sent through the one send path
 * (services/crisis-broadcast/recipient.ts); docs/crisis-broadcast.md has the whole design.
 *
 * Built for a million recipients within Step Functions' history limit and Lambda's 15 minutes: the journey first
 * asks for a plan (`plan: true`), which counts the audience and splits the 16 shards into groups run in parallel
 * (domain/rules/broadcast-shards.ts). Each group is a loop of invocations that walk its shards for a time budget and
 * return a cursor, until `done`; provider calls are paced to the group's share of the quota. A send claim per
 * (crisis, version, kind, round) makes each message go out at most once across retries, loops, replays and
 * restarts. An alert or update that on-call supersedes stops at the next page; the journey then sends the newer one.
 */
import PQueue from 'p-queue';
import * as z from '../domain/zod';
import { BroadcastStore, type BroadcastKey } from '../adapters/broadcast-store';
import { tableNameFrom } from '../adapters/client-config';
import { ALL_SHARDS, quotaShare, SHARD_COUNT, shardsOf } from '../domain/rules/broadcast-shards';
import { isoString } from '../domain/time/civil';
import type { CrisisBroadcastPlan, CrisisBroadcastResult } from '../../contracts/payloads';
import { loadBroadcast, messageOf, supersededBy, type Run } from '../services/crisis-broadcast/broadcast';
import { pacerFor } from '../services/crisis-broadcast/pacer';
import { decodePosition, nextPage, type Position } from '../services/crisis-broadcast/pages';
import { completeProgress, plan, publishSent, report, startUnplanned, tallyOf } from '../services/crisis-broadcast/progress';
import { reach } from '../services/crisis-broadcast/recipient';
import { inviteToSurvey } from '../services/crisis-broadcast/surveys';
import { taskHandler } from './middleware/task-handler';
import { clock } from './runtime/clock';
import { config } from './runtime/config';
import { dependencies } from './runtime/dependencies';
import { logger } from './runtime/logger';
import { count } from './runtime/metrics';

export const CrisisBroadcastPayload = z.object({
  crisisId: z.string().check(z.minLength(1)),
  version: z.number().check(z.int(), z.positive()),
  kind: z.enum(['alert', 'update', 'all-clear']),
  /** Plan the broadcast (count the audience, split the shards into groups) instead of sending. */
  plan: z.nullish(z.boolean()),
  /** The shard group this loop walks (a plan's group), inclusive; absent: every shard in turn. */
  shards: z.nullish(
    z
      .object({ first: z.number().check(z.int(), z.gte(0), z.lte(SHARD_COUNT - 1)), last: z.number().check(z.int(), z.gte(0), z.lte(SHARD_COUNT - 1)) })
      .check(z.refine((range) => range.first <= range.last, { message: 'first must not be after last', path: ['last'] })),
  ),
  /** The journey's broadcast round: cadence updates repeat a version, and each round is a message of its own. */
  round: z._default(z.number().check(z.int(), z.gte(0)), 0),
  /** From the previous invocation of the same broadcast; null or absent to start a pass. */
  cursor: z.nullish(z.string()),
  /** A replay: walk the recipients recorded as failed for this broadcast instead of the audience. */
  failedOnly: z.nullish(z.boolean()),
});

/** The result shapes are the crisis journey's contract (contracts/payloads.ts). */
export type BroadcastResult = CrisisBroadcastResult;
export type BroadcastPlan = CrisisBroadcastPlan;

/** How often the crisis record's progress is refreshed while a broadcast runs (real time). */
const PROGRESS_INTERVAL_MS = 2000;
/** Stop taking pages when the function has less than this left (at most half its time; a stopping runtime: none). */
const SAFETY_MARGIN_MS = 60_000;

export const handler = taskHandler('crisis-broadcast', CrisisBroadcastPayload, async (payload, context): Promise<BroadcastResult | BroadcastPlan> => {
  const deps = dependencies();
  const settings = config();
  const key: BroadcastKey = { crisisId: payload.crisisId, version: payload.version, kind: payload.kind, round: payload.round };
  const failedOnly = payload.failedOnly === true;
  const broadcasts = new BroadcastStore(deps.doc, { tableName: tableNameFrom() });
  const broadcast = await loadBroadcast(deps, key);
  if (payload.plan) return plan({ deps, broadcasts, broadcast, failedOnly });

  const shards = payload.shards ?? ALL_SHARDS;
  const quota = quotaShare(settings.PROVIDER_QUOTA_PER_SECOND, shards);
  // Recipients in parallel (decision reads, claims, bookkeeping); provider calls paced to the group's share of the
  // quota (services/crisis-broadcast/pacer.ts: 100 ms slots, so sends do not come in one burst per second).
  const recipients = new PQueue({ concurrency: settings.BROADCAST_CONCURRENCY ?? Math.min(64, Math.max(4, Math.ceil(quota / 10))) });
  const pace = pacerFor({ quotaPerSecond: quota, shards });
  const run: Run = { deps, broadcasts, broadcast, pace, failedOnly, message: messageOf(key), sentPerChannel: new Map() };
  if (!payload.cursor && !failedOnly) {
    // Complete already (a restarted journey running an earlier round again): nothing to decide or send.
    const complete = await completeProgress(run);
    if (complete) return { done: true, total: complete.total, sent: complete.sent, failed: complete.failed, skipped: complete.skipped, deferred: complete.deferred };
    if (!payload.shards) await startUnplanned(run);
  }

  // Stop a minute before Lambda would, or after the configured budget, and hand back a cursor. The remaining time
  // is asked again before every page: a local runtime that is stopping reports none, and the page loop ends.
  const safetyMs = Math.min(SAFETY_MARGIN_MS, context.getRemainingTimeInMillis() / 2);
  const budgetMs = Math.min(settings.BROADCAST_TIME_BUDGET_MS, context.getRemainingTimeInMillis() - safetyMs);
  const deadline = Date.now() + Math.max(budgetMs, 1000);
  const timeLeft = () => Date.now() < deadline && context.getRemainingTimeInMillis() > safetyMs;

  let position: Position | undefined = decodePosition(payload.cursor, shards);
  let deferredUntil: number | undefined = position.until;
  let reported = Date.now();
  let superseded = false;
  while (position && timeLeft()) {
    // On-call changed the crisis while this version was still going out: stop here, so the journey sends the newer
    // version (it is waiting as a pending signal) to everyone — including those this one has not reached yet.
    if (await supersededBy(deps, key, failedOnly)) {
      superseded = true;
      break;
    }
    const page = await nextPage(run, position, shards);
    const outcomes = await Promise.all(page.customerIds.map((customerId) => recipients.add(() => reach(run, customerId))));
    // The page's sends are recorded together: BatchWriteItem, 25 items a call, instead of two writes per send.
    // A send whose record could not be written keeps its claim (never sent again) and is counted when a later
    // pass writes the record.
    const records = outcomes.flatMap((outcome) => (outcome.record ? [outcome.record] : []));
    const unrecorded = records.length > 0 ? await deps.ledger.recordSends(records) : new Set<string>();
    if (unrecorded.size > 0) {
      logger.error('crisis messages were sent but their records were not written; they will not be sent again', { count: unrecorded.size });
      count('SendRecordFailed', { journey: 'crisis' });
    }
    for (const outcome of outcomes) {
      if (outcome.sendAt !== undefined && (deferredUntil === undefined || outcome.sendAt < deferredUntil)) deferredUntil = outcome.sendAt;
    }
    await broadcasts.add(key, tallyOf(outcomes, page.customerIds, unrecorded));
    publishSent(run);
    const reachedIds = page.customerIds.filter((_, index) => outcomes[index]!.reached);
    if (key.kind === 'all-clear' && reachedIds.length > 0) await inviteToSurvey(deps, broadcast, reachedIds);
    position = page.next && { ...page.next, ...(deferredUntil !== undefined ? { until: deferredUntil } : {}) };
    if (position && Date.now() - reported >= PROGRESS_INTERVAL_MS) {
      await report(run, false);
      reported = Date.now();
    }
  }

  if (superseded) {
    logger.info('crisis broadcast superseded by a newer version', { crisisId: payload.crisisId, version: payload.version, kind: payload.kind });
    count('BroadcastSuperseded', { kind: payload.kind });
  }
  const done = position === undefined || superseded;
  // The broadcast has finished (a pass) when every group has: the last group to end reports it finished.
  const finished = done && (await broadcasts.finishShards(key, shardsOf(shards), clock.now()));
  const progress = await report(run, finished);
  return {
    done,
    ...(position && !superseded ? { cursor: JSON.stringify(position) } : {}),
    total: progress.total,
    sent: progress.sent,
    failed: progress.failed,
    skipped: progress.skipped,
    deferred: progress.deferred,
    // A superseded version is not caught up with after quiet hours: the newer one reaches those people.
    ...(deferredUntil !== undefined && !superseded ? { deferredUntil: isoString(deferredUntil) } : {}),
  };
});
