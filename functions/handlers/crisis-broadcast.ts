/**
 * Journey task: broadcast one crisis message version (alert, update or all-clear) to the affected audience.
 *
 * Designed for a million recipients without hitting Step Functions' per-execution history limit or Lambda's
 * 15 minutes. The journey first asks for a plan (`plan: true`): the audience is counted once and the 16 shards
 * of the segment index are split into groups (BROADCAST_PARALLELISM, default ⌈quota / 200⌉), which the journey
 * runs in parallel (a Map state). Each group is a loop of invocations that work through its shards in order for
 * a time budget and return a cursor, until `done`. Every recipient gets the same decision pipeline as any message
 * (consent, suppressions, channel priority from the playbook, locale), and a send claim keyed by (crisis, version,
 * kind, round) makes each recipient's message go out at most once — across retries, loops, replays and runtime
 * restarts: once the provider has accepted a message its claim is never given back, even when recording the send
 * fails afterwards (a later pass records it as sent, "unconfirmed"). Provider calls (not recipients: a pass over
 * people already reached sends nothing and is not slowed down) are paced to the group's share of the provider
 * quota (PROVIDER_QUOTA_PER_SECOND × its shards / 16), and throttling is retried with backoff inside that pace. Recipients whose send
 * failed are recorded with the reason; `failedOnly` replays the broadcast for them alone. Recipients in quiet
 * hours (sev2/sev3) are deferred, and the journey runs the same broadcast again at `deferredUntil`.
 *
 * An alert or update that on-call supersedes (a newer version, or the resolution) while it is still going out
 * stops at the next page: the journey then sends the newer version to everyone, so nobody waits hours for the
 * old one to finish first.
 *
 * Per recipient: one Query (the decision context), one conditional Put (the claim), the provider call; the
 * send's record (completed claim, ledger entry) is written with the rest of the page's by BatchWriteItem.
 *
 * Counters are transitions of the recipient's ledger entry for this message (none → sent, deferred → sent,
 * failed → sent…), counted only when the entry is written, so passes that find people already reached count
 * nothing and the progress stays exact across catch-up passes, replays, retries and drained restarts (a hard crash
 * can leave them short by the page in flight; the claims and ledger stay exact). The groups add to the same
 * counters atomically, and the group that completes the set of finished shards marks the broadcast finished. The
 * crisis record's `broadcast` progress (GET /crisis, `journeys crisis status`) is refreshed every few seconds.
 *
 * The all-clear also starts the post-resolution journey (survey) for every recipient it reached: an
 * `incident.resolved` event per customer, with an id derived from (crisis, customer), so a pass that reaches
 * them again starts nothing new.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import PQueue from 'p-queue';
import * as z from 'zod';
import { BroadcastStore, type BroadcastCounts, type BroadcastKey } from '../adapters/broadcast-store';
import { backOff } from '../adapters/backoff';
import { tableNameFrom } from '../adapters/clients';
import { SHARD_COUNT } from '../adapters/keys';
import type { SendClaim, SentRecord } from '../adapters/ledger-store';
import { putEventsReliably } from '../adapters/event-publisher';
import { ProviderError, ProviderRetryableError } from '../adapters/provider-errors';
import { decide } from '../domain/decide';
import { messageIdFor } from '../domain/message-id';
import type { ActiveCrisis, CrisisRecord } from '../domain/model/crisis';
import type { JourneyEvent } from '../domain/model/event';
import type { Decision, MessageSpec } from '../domain/model/message';
import type { Channel } from '../domain/model/primitives';
import type { Profile } from '../domain/model/profile';
import { audienceIncludes } from '../domain/rules/audience';
import { crisisMessagesSent, crisisTurn } from '../domain/rules/crisis-cadence';
import { contentLocale, localisedKey } from '../domain/templates/locale';
import { formatHourMinute, toLocal } from '../domain/time/zoned-time';
import { isoString } from '../domain/time/civil';
import type { CrisisBroadcastPlan, CrisisBroadcastResult, CrisisShardGroup } from '../../contracts/payloads';
import { taskHandler } from './middleware/task-handler';
import { clock } from './runtime/clock';
import { config, policy } from './runtime/config';
import { ADDRESS_FAILURE_SUPPRESSION, deliver, render } from './runtime/deliver';
import { dependencies, type Dependencies } from './runtime/dependencies';
import { logger } from './runtime/logger';
import { standardVariables } from './runtime/message-links';
import { count, metrics } from './runtime/metrics';

export const CrisisBroadcastPayload = z.object({
  crisisId: z.string().min(1),
  version: z.number().int().positive(),
  kind: z.enum(['alert', 'update', 'all-clear']),
  /** Plan the broadcast (count the audience, split the shards into groups) instead of sending. */
  plan: z.boolean().nullish(),
  /** The shard group this loop walks (a plan's group), inclusive; absent: every shard in turn. */
  shards: z
    .object({ first: z.number().int().min(0).max(SHARD_COUNT - 1), last: z.number().int().min(0).max(SHARD_COUNT - 1) })
    .refine((range) => range.first <= range.last, { message: 'first must not be after last', path: ['last'] })
    .nullish(),
  /** The journey's broadcast round: cadence updates repeat a version, and each round is a message of its own. */
  round: z.number().int().min(0).default(0),
  /** From the previous invocation of the same broadcast; null or absent to start a pass. */
  cursor: z.string().nullish(),
  /** A replay: walk the recipients recorded as failed for this broadcast instead of the audience. */
  failedOnly: z.boolean().nullish(),
});
type Payload = z.infer<typeof CrisisBroadcastPayload>;

/** The result shapes are the crisis journey's contract (contracts/payloads.ts). */
export type BroadcastResult = CrisisBroadcastResult;
export type BroadcastPlan = CrisisBroadcastPlan;

/**
 * Recipients per second one loop is planned for (the default grouping, ⌈quota / 200⌉): the function's measured CPU
 * per recipient gives ~225/s at 80 % of a vCPU (docs/crisis-broadcast.md, "Figures").
 */
export const RECIPIENTS_PER_LOOP = 200;

const PAGE_SIZE = 200;
/** Provider calls per recipient and channel (each with the SDK's own retries): the first and two more after throttling. */
const SEND_ATTEMPTS = 3;
/** Writes of a send's outcome after the provider accepted it (the claim stays held whatever happens). */
const RECORD_ATTEMPTS = 3;
/** How often the crisis record's progress is refreshed while a broadcast runs (real time). */
const PROGRESS_INTERVAL_MS = 2000;
/** Stop taking pages when the function has less than this left (at most half its time; a stopping runtime: none). */
const SAFETY_MARGIN_MS = 60_000;

interface Broadcast {
  key: BroadcastKey;
  /** The crisis as it was when this message version was decided (the all-clear: the last active state). */
  crisis: ActiveCrisis;
  /** What decisions see: the active crisis for alerts and updates (channel override), none for the all-clear. */
  decisionCrisis: CrisisRecord;
  localisedMessage: Record<string, string> | undefined;
  postmortemUrl: string | undefined;
  /** When the crisis was resolved (the all-clear only): the survey events' `occurredAt`. */
  resolvedAt: string | undefined;
}

type Bucket = keyof Omit<BroadcastCounts, 'total'>;

/** What one recipient's turn changed. */
interface Reached {
  /** The recipient's state for this message before and after; counted when both are known and differ. */
  from?: Bucket | undefined;
  to?: Bucket;
  sendAt?: number;
  /** The message is with the customer: sent now or by an earlier pass. */
  reached?: boolean;
  /** Sent now: its record (completed claim, ledger entry), written with the page's others. */
  record?: SentRecord;
}

interface Position {
  shard: number;
  page?: string;
  /** Replays: the last failed recipient of the previous page. */
  after?: string;
  /** The earliest end of quiet hours among recipients this pass deferred so far (epoch ms), across invocations. */
  until?: number;
}

export const handler = taskHandler('crisis-broadcast', CrisisBroadcastPayload, async (payload, context): Promise<BroadcastResult | BroadcastPlan> => {
  const deps = dependencies();
  const broadcasts = new BroadcastStore(deps.doc, { tableName: tableNameFrom() });
  const broadcast = await loadBroadcast(deps, payload);
  const { key } = broadcast;
  const failedOnly = payload.failedOnly === true;
  const settings = config();
  if (payload.plan) return plan(deps, broadcasts, broadcast, failedOnly);
  // A call without a plan (one loop over every shard) counts the audience itself.
  if (!payload.cursor && !failedOnly && !payload.shards) await broadcasts.start(key, await deps.audiences.countAudience(broadcast.crisis.affected), clock.now());

  // This loop's share of the quota: groups of unequal size (16 shards in 3 groups: 6, 5, 5) end together.
  const shards = payload.shards ?? { first: 0, last: SHARD_COUNT - 1 };
  const quota = (settings.PROVIDER_QUOTA_PER_SECOND * (shards.last - shards.first + 1)) / SHARD_COUNT;
  // Recipients in parallel (decision reads, claims, bookkeeping); provider calls paced to the quota in slots of
  // 100 ms, so a second never holds more than the quota and sends do not come in one burst per second.
  const recipients = new PQueue({ concurrency: settings.BROADCAST_CONCURRENCY ?? Math.min(64, Math.max(4, Math.ceil(quota / 10))) });
  const slots = quota >= 10 ? 10 : 1;
  const pace = new PQueue({ intervalCap: Math.max(1, Math.floor(quota / slots)), interval: 1000 / slots });
  const run: Run = { deps, broadcasts, broadcast, pace, failedOnly, message: messageOf(key), sentPerChannel: new Map() };

  // Stop a minute before Lambda would, or after the configured budget, and hand back a cursor. The remaining time
  // is asked again before every page: a local runtime that is stopping reports none, and the page loop ends.
  const safetyMs = Math.min(SAFETY_MARGIN_MS, context.getRemainingTimeInMillis() / 2);
  const budgetMs = Math.min(settings.BROADCAST_TIME_BUDGET_MS, context.getRemainingTimeInMillis() - safetyMs);
  const deadline = Date.now() + Math.max(budgetMs, 1000);
  const timeLeft = () => Date.now() < deadline && context.getRemainingTimeInMillis() > safetyMs;

  let position: Position | undefined = decodeCursor(payload, shards.first);
  let deferredUntil: number | undefined = position?.until;
  let reported = Date.now();
  let superseded = false;
  while (position && timeLeft()) {
    // On-call changed the crisis while this version was still going out: stop here, so the journey sends the newer
    // version (it is waiting as a pending signal) to everyone — including those this one has not reached yet.
    if (await supersededBy(deps, payload)) {
      superseded = true;
      break;
    }
    const page = await nextPage(run, position, payload, shards.last);
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
    const tally: Record<Bucket, number> = { sent: 0, failed: 0, skipped: 0, deferred: 0 };
    const reachedIds: string[] = [];
    page.customerIds.forEach((customerId, index) => {
      const outcome = outcomes[index]!;
      const counted = !(outcome.record && unrecorded.has(customerId));
      if (counted && outcome.to !== undefined && outcome.to !== outcome.from) {
        tally[outcome.to]++;
        if (outcome.from !== undefined) tally[outcome.from]--;
      }
      if (outcome.sendAt !== undefined && (deferredUntil === undefined || outcome.sendAt < deferredUntil)) deferredUntil = outcome.sendAt;
      if (outcome.reached) reachedIds.push(customerId);
    });
    await broadcasts.add(key, tally);
    publishSent(run);
    if (key.kind === 'all-clear' && reachedIds.length > 0) await inviteToSurvey(deps, broadcast, reachedIds);
    position = page.next && { ...page.next, ...(deferredUntil !== undefined ? { until: deferredUntil } : {}) };
    if (position && Date.now() - reported >= PROGRESS_INTERVAL_MS) {
      await report(run, payload, false);
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
  const progress = await report(run, payload, finished);
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

/** An alert or update whose crisis has moved on (updated or resolved) since; never the all-clear, nor a replay. */
async function supersededBy(deps: Dependencies, payload: Payload): Promise<boolean> {
  if (payload.kind === 'all-clear' || payload.failedOnly) return false;
  const current = await deps.currentCrisis();
  return current.id === payload.crisisId && (current.version ?? 0) > payload.version;
}

interface Run {
  deps: Dependencies;
  broadcasts: BroadcastStore;
  broadcast: Broadcast;
  /** Paces provider calls to the quota. */
  pace: PQueue;
  /** A replay: the candidates come from the failure records, which are cleared as they are reached. */
  failedOnly: boolean;
  /** The same for every recipient of the broadcast (derived from crisis, kind, version and round): computed once. */
  message: { step: string; messageId: string };
  /** Sends per channel since the page began, published as one metric per channel and page (not one per message). */
  sentPerChannel: Map<Channel, number>;
}

/** Copies the counters to the crisis record, where GET /crisis and `journeys crisis status` show them. */
async function report(run: Run, payload: Payload, done: boolean): Promise<BroadcastCounts> {
  const progress = (await run.broadcasts.progress(run.broadcast.key)) ?? { total: 0, sent: 0, failed: 0, skipped: 0, deferred: 0 };
  await run.deps.crisis.updateBroadcastProgress(payload.version, {
    messageVersion: payload.version,
    kind: payload.kind,
    round: payload.round,
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

async function nextPage(run: Run, position: Position, payload: Payload, lastShard: number): Promise<{ customerIds: string[]; next?: Position }> {
  if (payload.failedOnly) {
    const page = await run.broadcasts.failuresPage(run.broadcast.key, { limit: PAGE_SIZE, ...(position.after !== undefined ? { after: position.after } : {}) });
    const customerIds = page.failures.map((failure) => failure.customerId);
    return page.last !== undefined ? { customerIds, next: { shard: 0, after: page.last } } : { customerIds };
  }
  const page = await run.deps.audiences.audienceMembers(run.broadcast.crisis.affected, {
    shard: position.shard,
    limit: PAGE_SIZE,
    ...(position.page !== undefined ? { cursor: position.page } : {}),
  });
  const next = page.cursor ? { shard: position.shard, page: page.cursor } : nextShard(position.shard, lastShard);
  return next ? { customerIds: page.customerIds, next } : { customerIds: page.customerIds };
}

async function loadBroadcast(deps: Dependencies, payload: Payload): Promise<Broadcast> {
  const key: BroadcastKey = { crisisId: payload.crisisId, version: payload.version, kind: payload.kind, round: payload.round };
  const at = await deps.crisis.recordAt(payload.version);
  if (!at || (at.record.active && at.record.id !== payload.crisisId)) throw new Error(`crisis ${payload.crisisId} has no version ${payload.version}`);
  if (at.record.active) {
    return { key, crisis: at.record, decisionCrisis: at.record, localisedMessage: at.record.message, postmortemUrl: undefined, resolvedAt: undefined };
  }
  // The all-clear: the audience and headline are those of the last active version; the message is the resolution's.
  const before = await deps.crisis.recordAt(at.entry.previousVersion);
  if (!before?.record.active) throw new Error(`crisis ${payload.crisisId} was not active before version ${payload.version}`);
  const resolution = (at.entry.change ?? {}) as { message?: Record<string, string>; postmortemUrl?: string };
  return {
    key,
    crisis: before.record,
    decisionCrisis: { active: false },
    localisedMessage: resolution.message,
    postmortemUrl: resolution.postmortemUrl,
    resolvedAt: at.entry.at,
  };
}

const BUCKET_OF: Record<Decision['outcome'], Bucket> = { sent: 'sent', deferred: 'deferred', failed: 'failed', suppressed: 'skipped' };

/** One recipient: decide, claim, render, send — with fallback to the next channel on a dead address. */
async function reach(run: Run, customerId: string): Promise<Reached> {
  const { deps, broadcasts, broadcast } = run;
  const context = await deps.decisionContexts.loadDecisionContext(customerId);
  const { key, crisis } = broadcast;
  const { step, messageId } = run.message;
  const previous = context.ledger.find((entry) => entry.messageId === messageId);
  const from = previous ? BUCKET_OF[previous.outcome] : undefined;
  // Only a recipient recorded as failed can have a failure record to clear.
  const clearFailure = () => (run.failedOnly || from === 'failed' ? broadcasts.clearFailure(key, customerId) : Promise.resolve());
  // Reached by an earlier pass (a catch-up, a retry, a replay, a restart): nothing to decide or send.
  if (previous?.outcome === 'sent') {
    await clearFailure();
    return { from, to: 'sent', reached: true };
  }
  // The index is a candidate list: the profile is the truth about who is affected. Nothing is written for
  // someone who is not (or no longer) a customer of this audience.
  if (!context.profile || !audienceIncludes(crisis.affected, context.profile.segment)) return { from, to: 'skipped' };
  const profile = context.profile;
  const rules = policy();
  const playbook = rules.crisisPlaybook[crisis.severity];
  // A change, a reminder or nothing for this customer (rules/crisis-cadence.ts): a cadence tick refreshes the
  // record for everyone but tells a customer only something new, within the daily cap. Nothing is written for a
  // customer it holds back (a ledger entry per tick would grow every customer's ledger by the hour).
  const turn = crisisTurn({
    kind: key.kind,
    version: key.version,
    sent: crisisMessagesSent(context.ledger),
    now: clock.now().getTime(),
    cadenceMinutes: crisis.cadenceMinutes,
    perDay: crisis.customerMessagesPerDay ?? playbook.customerMessagesPerDay,
  });
  if (!turn.send) return { from, to: 'skipped' };
  // One language per message: the customer's when on-call wrote the message in it, else the fallback throughout.
  const locale = contentLocale(profile.locale, Object.keys(broadcast.localisedMessage ?? crisis.message));
  const nextUpdateBy = turn.nextUpdateBy === undefined ? undefined : formatHourMinute(toLocal(profile.timeZone, turn.nextUpdateBy).minuteOfDay);
  const failedChannels: Channel[] = [];
  for (let attempt = 0; attempt < 3; attempt++) {
    const now = clock.now();
    const message: MessageSpec = {
      messageId,
      customerId,
      journey: 'crisis',
      step,
      topic: 'service_updates',
      category: 'service',
      urgency: playbook.breaksQuietHours ? 'critical' : 'normal',
      template: turn.template,
      vars: {},
      failedChannels,
    };
    const decision = { ...decide({ ...context, profile, crisis: broadcast.decisionCrisis, message, now }, rules), locale };
    if (decision.outcome === 'deferred') {
      await deps.ledger.recordDecision(customerId, decision);
      return { from, to: 'deferred', sendAt: Date.parse(decision.sendAt!) };
    }
    if (decision.outcome !== 'sent' || !decision.channel) {
      await deps.ledger.recordDecision(customerId, decision);
      // Nobody to replay for: no channel can carry it (opted out, no address). Failed: every channel failed.
      if (decision.outcome === 'failed') {
        await broadcasts.recordFailure(key, { customerId, reason: decision.reasons.at(-1) ?? 'every channel failed', at: now.toISOString() });
        return { from, to: 'failed' };
      }
      await clearFailure();
      return { from, to: 'skipped' };
    }
    const sent = await sendOnce(run, profile, { ...decision, channel: decision.channel }, now, nextUpdateBy);
    if (sent.result === 'sent') {
      await clearFailure();
      // Counted only once the ledger says so: a pass that finds the entry missing counts it then.
      if (sent.record) return { from, to: 'sent', reached: true, record: sent.record };
      return sent.recorded ? { from, to: 'sent', reached: true } : { reached: true };
    }
    if (sent.result === 'fallback') {
      failedChannels.push(decision.channel);
      continue;
    }
    await broadcasts.recordFailure(key, { customerId, reason: sent.reason, at: now.toISOString() });
    return { from, to: 'failed' };
  }
  await broadcasts.recordFailure(key, { customerId, reason: 'every channel failed', at: clock.now().toISOString() });
  return { from, to: 'failed' };
}

type SendOutcome = { result: 'sent'; record?: SentRecord; recorded?: boolean } | { result: 'fallback' } | { result: 'failed'; reason: string };

async function sendOnce(run: Run, profile: Profile, decision: Decision & { channel: Channel }, now: Date, nextUpdateBy: string | undefined): Promise<SendOutcome> {
  const { deps, broadcast, pace } = run;
  const { ledger } = deps;
  const claimedAt = clock.now().toISOString();
  const claim = await ledger.claimSend(decision.customerId, decision.messageId, decision.channel);
  // Sent (or being sent, or sent by an attempt that died before recording it) by an earlier attempt: at most
  // once. The ledger entry was missing (we would not be here otherwise), so write it now.
  if (!claim.claimed) return { result: 'sent', recorded: await recordEarlierSend(run, decision, claim.existing) };

  const links = await standardVariables(profile, decision, now);
  const vars = {
    ...links,
    headline: broadcast.crisis.headline,
    crisisMessage: localisedText(broadcast.localisedMessage, decision.locale),
    statusPageUrl: broadcast.crisis.statusPageUrl,
    nextUpdateBy,
    postmortemUrl: broadcast.postmortemUrl,
  };
  let providerMessageId: string | undefined;
  for (let attempt = 1; providerMessageId === undefined; attempt++) {
    try {
      const rendered = await render(decision, vars);
      ({ providerMessageId } = await pace.add(() => deliver(deps, profile, decision, rendered, links.unsubscribeUrl)));
    } catch (error) {
      if (error instanceof ProviderRetryableError && attempt < SEND_ATTEMPTS) {
        // Throttled or transient: back off with full jitter, then queue for the pace again.
        count('SendThrottled', { journey: 'crisis', channel: decision.channel });
        await backOff({ baseMs: 200 }, attempt);
        continue;
      }
      // The provider did not accept it: give the claim back so a fallback channel, a replay or a later pass may send.
      await ledger.releaseSend(decision.customerId, decision.messageId);
      return failed(run, decision, error, now);
    }
  }

  // The provider has accepted: from here on the claim is never released, so nothing can send it again. The
  // record (completed claim, ledger entry) is written with the rest of the page; failing to write it (the table
  // throttling, the function dying first) leaves the claim held, and a later pass writes and counts it then.
  run.sentPerChannel.set(decision.channel, (run.sentPerChannel.get(decision.channel) ?? 0) + 1);
  return { result: 'sent', record: { claimedAt, providerMessageId, decision: { ...decision, providerMessageId } } };
}

/** The message in the decision's locale (chosen among the message's own: contentLocale), else the `en` fallback. */
function localisedText(texts: Record<string, string> | undefined, locale: string): string | undefined {
  if (!texts) return undefined;
  const key = localisedKey(Object.keys(texts), locale);
  return key === undefined ? texts.en : texts[key];
}

/** Writes the ledger entry of a message an earlier attempt sent; true when written. */
async function recordEarlierSend(run: Run, decision: Decision & { channel: Channel }, existing: SendClaim): Promise<boolean> {
  const unconfirmed = existing.status !== 'sent';
  const entry: Decision = {
    ...decision,
    channel: existing.channel,
    reasons: [
      ...decision.reasons,
      unconfirmed ? 'delivery unconfirmed: an earlier attempt claimed the send and stopped before recording it; not sent again' : 'sent by an earlier attempt',
    ],
    ...(existing.providerMessageId ? { providerMessageId: existing.providerMessageId } : {}),
  };
  if (unconfirmed) count('SendUnconfirmed', { journey: 'crisis' });
  return persist(() => run.deps.ledger.recordDecision(decision.customerId, entry));
}

async function failed(run: Run, decision: Decision & { channel: Channel }, error: unknown, now: Date): Promise<SendOutcome> {
  const { suppressions, ledger } = run.deps;
  const reason = `channel ${decision.channel} failed: ${(error as Error).message}`;
  count('SendFailed', { journey: 'crisis', channel: decision.channel, kind: error instanceof ProviderError ? error.kind : 'other' });
  await ledger.recordDecision(decision.customerId, {
    ...decision,
    outcome: 'failed',
    reasons: [...decision.reasons, reason],
    reasonCodes: [...decision.reasonCodes, 'provider_failure'],
    failedChannels: [...(decision.failedChannels ?? []), decision.channel],
    at: isoString(clock.now().getTime()),
  });
  if (error instanceof ProviderError && error.kind === 'permanent-address') {
    await suppressions.putSuppression(decision.customerId, {
      kind: ADDRESS_FAILURE_SUPPRESSION[decision.channel],
      ref: decision.messageId,
      reason,
      source: `crisis-broadcast ${error.providerCode}`,
      createdAt: now.toISOString(),
    });
    return { result: 'fallback' };
  }
  logger.warn('broadcast send failed; recorded for replay', { customerId: decision.customerId, channel: decision.channel, error: (error as Error).name });
  return { result: 'failed', reason };
}

/** A few tries with a short pause; false when it still fails (logged by the caller). */
async function persist(write: () => Promise<unknown>): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    try {
      await write();
      return true;
    } catch (error) {
      if (attempt >= RECORD_ATTEMPTS) {
        logger.warn('write after send failed', { error: error as Error });
        return false;
      }
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

/**
 * Post-resolution surveys for the customers the all-clear reached: one `incident.resolved` event each, whose id
 * is derived from (crisis, customer) — the router starts the post-resolution journey at most once per id.
 */
async function inviteToSurvey(deps: Dependencies, broadcast: Broadcast, customerIds: string[]): Promise<void> {
  const busName = config().EVENT_BUS_NAME;
  const occurredAt = broadcast.resolvedAt ?? clock.now().toISOString();
  const entries: PutEventsRequestEntry[] = customerIds.map((customerId) => {
    const event: JourneyEvent = {
      id: surveyEventId(broadcast.key.crisisId, customerId),
      type: 'incident.resolved',
      occurredAt,
      source: 'journeys.crisis',
      customerId,
      data: { incidentId: broadcast.key.crisisId.slice(0, 64) },
    };
    return { EventBusName: busName, Source: event.source, DetailType: event.type, Detail: JSON.stringify(event), Time: new Date(occurredAt) };
  });
  await deps.events.recordOwners(customerIds.map((customerId) => ({ eventId: surveyEventId(broadcast.key.crisisId, customerId), customerId, eventType: 'incident.resolved' })));
  // Refused entries are put again with backoff and jitter (event-publisher); still refused, this throws into the
  // journey's Retry: the next attempt reaches these customers again and puts the same ids.
  const refused = (await putEventsReliably(deps.eventBridge, entries)).filter((result) => !result.ok).length;
  if (refused > 0) throw new Error(`the survey events for ${refused} customers were not accepted by the bus`);
  for (const _ of customerIds) count('SurveysRequested', { journey: 'crisis' });
}

/** Readable when it fits, a hash otherwise; only characters event ids allow. */
export function surveyEventId(crisisId: string, customerId: string): string {
  const id = `${crisisId}.survey.${customerId}`.replace(/[^A-Za-z0-9._:-]/g, '_');
  return id.length <= 128 ? id : `${crisisId.slice(0, 60)}.survey.${messageIdFor(crisisId, customerId).slice(0, 24)}`;
}

/** The message's step and id: one per (crisis, kind, version, round), the same for every recipient. */
function messageOf(key: BroadcastKey): { step: string; messageId: string } {
  const round = key.round ?? 0;
  const step = round > 0 ? `${key.kind}-v${key.version}-round${round}` : `${key.kind}-v${key.version}`;
  return { step, messageId: messageIdFor(`crisis:${key.crisisId}`, step) };
}

/** `MessagesSent` for the page, one EMF record per channel with the count (a million sends, not a million log lines). */
function publishSent(run: Run): void {
  for (const [channel, sent] of run.sentPerChannel) {
    const single = metrics.singleMetric();
    single.addDimensions({ journey: 'crisis', channel, category: 'service' });
    single.addMetric('MessagesSent', MetricUnit.Count, sent);
  }
  run.sentPerChannel.clear();
}

function decodeCursor(payload: Payload, firstShard: number): Position | undefined {
  if (payload.cursor) return JSON.parse(payload.cursor) as Position; // our own encoding, from the last invocation
  return { shard: firstShard };
}

function nextShard(shard: number, lastShard: number): Position | undefined {
  return shard + 1 > lastShard ? undefined : { shard: shard + 1 };
}

function shardsOf(range: CrisisShardGroup): number[] {
  return Array.from({ length: range.last - range.first + 1 }, (_, i) => range.first + i);
}

/**
 * The plan of a broadcast: the audience counted once (the total of its progress; a replay walks the failures and
 * has none), and the shards split into contiguous groups as even as they go — one loop each, run in parallel by
 * the journey. A replay is one loop: it walks the failure records, not the shards.
 */
async function plan(deps: Dependencies, broadcasts: BroadcastStore, broadcast: Broadcast, failedOnly: boolean): Promise<BroadcastPlan> {
  const settings = config();
  if (failedOnly) return { groups: [{ first: 0, last: SHARD_COUNT - 1 }], total: 0 };
  const total = await deps.audiences.countAudience(broadcast.crisis.affected);
  await broadcasts.start(broadcast.key, total, clock.now());
  const parallelism = settings.BROADCAST_PARALLELISM ?? Math.min(SHARD_COUNT, Math.ceil(settings.PROVIDER_QUOTA_PER_SECOND / RECIPIENTS_PER_LOOP));
  return { groups: shardGroups(parallelism), total };
}

/** 16 shards in `n` contiguous groups whose sizes differ by at most one (3 groups: 0–5, 6–10, 11–15). */
export function shardGroups(n: number): CrisisShardGroup[] {
  const count = Math.max(1, Math.min(SHARD_COUNT, Math.floor(n)));
  const groups: CrisisShardGroup[] = [];
  for (let i = 0, first = 0; i < count; i++) {
    const size = Math.floor(SHARD_COUNT / count) + (i < SHARD_COUNT % count ? 1 : 0);
    groups.push({ first, last: first + size - 1 });
    first += size;
  }
  return groups;
}

