/**
 * A broadcast's plan and progress: the audience counted once and the shards split into groups (the plan); the
 * counters every group adds to, copied to the crisis record for GET /crisis and `journeys crisis status`; the
 * page's sends as one metric per channel.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { BroadcastCounts, BroadcastProgress } from '../../adapters/broadcast-store';
import { ALL_SHARDS, defaultParallelism, shardGroups, type ShardRange } from '../../domain/rules/broadcast-shards';
import { clock } from '../../handlers/runtime/clock';
import { config } from '../../handlers/runtime/config';
import { metrics } from '../../handlers/runtime/metrics';
import type { Run } from './broadcast';
import type { Bucket, Reached } from './recipient';
import '../../handlers/runtime/wiring/crisis'; // builds the crisis this module uses (runtime/dependencies.ts)
import '../../handlers/runtime/wiring/audiences'; // builds the audiences this module uses (runtime/dependencies.ts)

/**
 * The plan of a broadcast: the audience counted once (the total of its progress; a replay walks the failures and
 * has none), and the shards split into contiguous groups as even as they go — one loop each, run in parallel by
 * the journey. A replay is one loop: it walks the failure records, not the shards.
 */
export async function plan(run: Pick<Run, 'deps' | 'broadcasts' | 'broadcast' | 'failedOnly'>): Promise<{ groups: ShardRange[]; total: number }> {
  const settings = config();
  if (run.failedOnly) return { groups: [ALL_SHARDS], total: 0 };
  const total = await run.deps.audiences.countAudience(run.broadcast.crisis.affected);
  await run.broadcasts.start(run.broadcast.key, total, clock.now());
  return { groups: shardGroups(settings.BROADCAST_PARALLELISM ?? defaultParallelism(settings.PROVIDER_QUOTA_PER_SECOND)), total };
}

/**
 * The broadcast's progress when it is complete: it has finished a pass, holds nobody back for quiet hours, has no
 * failure left to retry and counts everyone (no send whose record is missing). A pass started over such a
 * broadcast (a restarted journey running an earlier round's loops again) has nothing left to decide or send:
 * deciding its recipients again now would tell some of them what the round, decided at its own time, held back
 * (a reminder not yet due then), and count them twice. Any other broadcast is walked again: a new pass retries
 * its failures and writes its missing records.
 */
export async function completeProgress(run: Pick<Run, 'broadcasts' | 'broadcast'>): Promise<BroadcastProgress | undefined> {
  const progress = await run.broadcasts.progress(run.broadcast.key);
  if (progress?.finishedAt === undefined || progress.deferred > 0 || progress.failed > 0) return undefined;
  return progress.sent + progress.skipped >= progress.total ? progress : undefined;
}

/** A call without a plan (one loop over every shard) counts the audience itself. */
export async function startUnplanned(run: Run): Promise<void> {
  await run.broadcasts.start(run.broadcast.key, await run.deps.audiences.countAudience(run.broadcast.crisis.affected), clock.now());
}

/**
 * The page's changes to the counters: transitions of each recipient's ledger entry (none → sent, deferred →
 * sent…), except a send whose record could not be written — it is counted when a later pass writes it.
 */
export function tallyOf(outcomes: readonly Reached[], customerIds: readonly string[], unrecorded: ReadonlySet<string>): Record<Bucket, number> {
  const tally: Record<Bucket, number> = { sent: 0, failed: 0, skipped: 0, deferred: 0 };
  outcomes.forEach((outcome, index) => {
    const counted = !(outcome.record && unrecorded.has(customerIds[index]!));
    if (counted && outcome.to !== undefined && outcome.to !== outcome.from) {
      tally[outcome.to]++;
      if (outcome.from !== undefined) tally[outcome.from]--;
    }
  });
  return tally;
}

/** Copies the counters to the crisis record, where GET /crisis and `journeys crisis status` show them. */
export async function report(run: Run, done: boolean): Promise<BroadcastCounts> {
  const { key } = run.broadcast;
  const progress = (await run.broadcasts.progress(key)) ?? { total: 0, sent: 0, failed: 0, skipped: 0, deferred: 0 };
  await run.deps.crisis.updateBroadcastProgress(key.version, {
    messageVersion: key.version,
    kind: key.kind,
    round: key.round ?? 0,
    total: progress.total,
    sent: progress.sent,
    failed: progress.failed,
    skipped: progress.skipped,
    remaining: Math.max(0, progress.total - progress.sent - progress.failed - progress.skipped - progress.deferred),
    startedAt: progress.startedAt ?? clock.now().toISOString(),
    ...(done ? { finishedAt: clock.now().toISOString() } : {}),
  });
  return progress;
}

/** `MessagesSent` for the page, one EMF record per channel with the count (a million sends, not a million log lines). */
export function publishSent(run: Run): void {
  for (const [channel, sent] of run.sentPerChannel) {
    const single = metrics.singleMetric();
    single.addDimensions({ journey: 'crisis', channel, category: 'service' });
    single.addMetric('MessagesSent', MetricUnit.Count, sent);
  }
  run.sentPerChannel.clear();
}
