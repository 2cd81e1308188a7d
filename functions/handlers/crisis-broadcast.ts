/**
 * Journey task: broadcast one crisis message version (alert, update or all-clear) to the affected audience.
 *
 * Designed for a million recipients without hitting Step Functions' per-execution history limit or Lambda's
 * 15 minutes: each invocation works through one shard of the segment index (or all, in order) for a time
 * budget and returns a cursor; the crisis journey loops until `done`. Every recipient gets the same decision
 * pipeline as any message (consent, suppressions, channel priority from the playbook, locale), and a send
 * claim keyed by (crisis, version, kind) makes each recipient's message go out exactly once — across retries,
 * loops, and runtime restarts. Sends are paced to the provider quota (PROVIDER_QUOTA_PER_SECOND). Recipients
 * whose send failed are recorded with the reason for replay; recipients in quiet hours (sev2/sev3) are
 * deferred, and the journey runs the same broadcast again at `deferredUntil` to reach them.
 */
import PQueue from 'p-queue';
import { z } from 'zod';
import { BroadcastStore, type BroadcastKey } from '../adapters/broadcast-store';
import { SHARD_COUNT } from '../adapters/keys';
import { profileMatchesAudience } from '../adapters/customer-store';
import { ProviderError, ProviderRetryableError } from '../adapters/provider-errors';
import { decide } from '../domain/decide';
import { messageIdFor } from '../domain/message-id';
import type { ActiveCrisis, CrisisRecord } from '../domain/model/crisis';
import type { Decision, MessageSpec, TemplateKey } from '../domain/model/message';
import type { Channel } from '../domain/model/primitives';
import { DEFAULT_POLICY } from '../domain/policy';
import { isoString } from '../domain/time/civil';
import { taskHandler } from './middleware/task-handler';
import { clock } from './runtime/clock';
import { ADDRESS_FAILURE_SUPPRESSION, deliver, render } from './runtime/deliver';
import { dependencies, type Dependencies } from './runtime/dependencies';
import { logger } from './runtime/logger';
import { standardVariables } from './runtime/message-links';
import { count } from './runtime/metrics';

export const CrisisBroadcastPayload = z.object({
  crisisId: z.string().min(1),
  version: z.number().int().positive(),
  kind: z.enum(['alert', 'update', 'all-clear']),
  /** One shard of the segment index; absent: every shard in turn. */
  shard: z.number().int().min(0).max(SHARD_COUNT - 1).optional(),
  /** The journey's broadcast round: cadence updates repeat a version, and each round is a message of its own. */
  round: z.number().int().min(0).default(0),
  /** From the previous invocation of the same broadcast; null or absent to start a pass. */
  cursor: z.string().nullish(),
});
type Payload = z.infer<typeof CrisisBroadcastPayload>;

export interface BroadcastResult {
  done: boolean;
  cursor?: string;
  total: number;
  sent: number;
  failed: number;
  skipped: number;
  deferred: number;
  /** The earliest end of quiet hours among deferred recipients: run the broadcast again then. */
  deferredUntil?: string;
}

const TEMPLATES: Record<Payload['kind'], TemplateKey> = { alert: 'crisis_alert', update: 'crisis_update', 'all-clear': 'all_clear' };
const PAGE_SIZE = 200;
const SEND_ATTEMPTS = 4;

interface Broadcast {
  key: BroadcastKey;
  /** The crisis as it was when this message version was decided (the all-clear: the last active state). */
  crisis: ActiveCrisis;
  /** What decisions see: the active crisis for alerts and updates (channel override), none for the all-clear. */
  decisionCrisis: CrisisRecord;
  localisedMessage: Record<string, string> | undefined;
  postmortemUrl: string | undefined;
}

export const handler = taskHandler('crisis-broadcast', CrisisBroadcastPayload, async (payload, context): Promise<BroadcastResult> => {
  const deps = dependencies();
  const broadcasts = new BroadcastStore(deps.doc, { tableName: process.env.TABLE_NAME ?? 'journeys' });
  const broadcast = await loadBroadcast(deps, payload);
  if (!payload.cursor) await broadcasts.start(broadcast.key, await deps.customers.countAudience(broadcast.crisis.affected), clock.now());

  const quota = Number(process.env.PROVIDER_QUOTA_PER_SECOND ?? 100);
  const queue = new PQueue({ concurrency: Math.min(32, Math.max(1, quota)), intervalCap: quota, interval: 1000 });
  // Stop a minute before Lambda would, or after the configured budget, and hand back a cursor.
  const budgetMs = Math.min(Number(process.env.BROADCAST_TIME_BUDGET_MS ?? 10 * 60_000), context.getRemainingTimeInMillis() - 60_000);
  const deadline = Date.now() + Math.max(budgetMs, 1000);

  let position = decodeCursor(payload);
  let deferredUntil: number | undefined;
  while (position && Date.now() < deadline) {
    const page = await deps.customers.audienceMembers(broadcast.crisis.affected, { shard: position.shard, cursor: position.page, limit: PAGE_SIZE });
    const tally = { sent: 0, failed: 0, skipped: 0, deferred: 0 };
    await Promise.all(
      page.customerIds.map((customerId) =>
        queue.add(async () => {
          const outcome = await reach(deps, broadcasts, broadcast, customerId);
          // A recipient counts once: a later pass that reaches a deferred recipient moves them out of
          // `deferred`; one already sent (an earlier pass, a retry) changes nothing.
          if (outcome.result !== 'already-sent' && !(outcome.result === 'deferred' && outcome.wasDeferred)) tally[outcome.result]++;
          if (outcome.wasDeferred && outcome.result !== 'deferred') tally.deferred--;
          if (outcome.sendAt && (deferredUntil === undefined || outcome.sendAt < deferredUntil)) deferredUntil = outcome.sendAt;
        }),
      ),
    );
    await broadcasts.add(broadcast.key, tally);
    position = page.cursor ? { shard: position.shard, page: page.cursor } : nextShard(position.shard, payload.shard);
  }

  const progress = (await broadcasts.progress(broadcast.key)) ?? { total: 0, sent: 0, failed: 0, skipped: 0, deferred: 0 };
  const done = position === undefined;
  if (done && payload.shard === undefined) await broadcasts.finish(broadcast.key, clock.now());
  await deps.crisis.updateBroadcastProgress(payload.version, {
    messageVersion: payload.version,
    kind: payload.kind,
    total: progress.total,
    sent: progress.sent,
    failed: progress.failed,
    skipped: progress.skipped,
    remaining: Math.max(0, progress.total - progress.sent - progress.failed - progress.skipped - progress.deferred),
    startedAt: progress.startedAt ?? clock.now().toISOString(),
    ...(done ? { finishedAt: clock.now().toISOString() } : {}),
  });
  return {
    done,
    ...(position ? { cursor: JSON.stringify(position) } : {}),
    total: progress.total,
    sent: progress.sent,
    failed: progress.failed,
    skipped: progress.skipped,
    deferred: progress.deferred,
    ...(deferredUntil !== undefined ? { deferredUntil: isoString(deferredUntil) } : {}),
  };
});

async function loadBroadcast(deps: Dependencies, payload: Payload): Promise<Broadcast> {
  const key: BroadcastKey = { crisisId: payload.crisisId, version: payload.version, kind: payload.kind, round: payload.round };
  const at = await deps.crisis.recordAt(payload.version);
  if (!at || (at.record.active && at.record.id !== payload.crisisId)) throw new Error(`crisis ${payload.crisisId} has no version ${payload.version}`);
  if (at.record.active) {
    return { key, crisis: at.record, decisionCrisis: at.record, localisedMessage: at.record.message, postmortemUrl: undefined };
  }
  // The all-clear: the audience and headline are those of the last active version; the message is the resolution's.
  const before = await deps.crisis.recordAt(at.entry.previousVersion);
  if (!before?.record.active) throw new Error(`crisis ${payload.crisisId} was not active before version ${payload.version}`);
  const resolution = (at.entry.change ?? {}) as { message?: Record<string, string>; postmortemUrl?: string };
  return { key, crisis: before.record, decisionCrisis: { active: false }, localisedMessage: resolution.message, postmortemUrl: resolution.postmortemUrl };
}

interface Reached {
  result: 'sent' | 'failed' | 'skipped' | 'deferred' | 'already-sent';
  sendAt?: number;
  /** An earlier pass of this broadcast deferred the recipient (quiet hours). */
  wasDeferred?: boolean;
}

/** One recipient: decide, claim, render, send — with fallback to the next channel on a dead address. */
async function reach(deps: Dependencies, broadcasts: BroadcastStore, broadcast: Broadcast, customerId: string): Promise<Reached> {
  const context = await deps.customers.loadDecisionContext(customerId);
  // The index is a candidate list: the profile is the truth about who is affected.
  if (!context.profile || !profileMatchesAudience(context.profile, broadcast.crisis.affected)) return { result: 'skipped' };
  const { key, crisis } = broadcast;
  const playbook = DEFAULT_POLICY.crisisPlaybook[crisis.severity];
  const round = key.round ?? 0;
  const step = round > 0 ? `${key.kind}-v${key.version}-round${round}` : `${key.kind}-v${key.version}`;
  const messageId = messageIdFor(`crisis:${key.crisisId}`, step);
  const wasDeferred = context.ledger.some((entry) => entry.messageId === messageId && entry.outcome === 'deferred');
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
      template: TEMPLATES[key.kind],
      vars: {},
      failedChannels,
    };
    const decision = decide({ ...context, profile: context.profile, crisis: broadcast.decisionCrisis, message, now });
    if (decision.outcome === 'deferred') {
      await deps.customers.recordDecision(customerId, decision);
      return { result: 'deferred', sendAt: Date.parse(decision.sendAt!), wasDeferred };
    }
    if (decision.outcome !== 'sent' || !decision.channel) {
      await deps.customers.recordDecision(customerId, decision);
      return { result: decision.outcome === 'failed' ? 'failed' : 'skipped', wasDeferred };
    }
    const sent = await sendOnce(deps, broadcast, { ...decision, channel: decision.channel }, now);
    if (sent === 'sent' || sent === 'already-sent') {
      await broadcasts.clearFailure(key, customerId);
      return { result: sent, wasDeferred };
    }
    if (sent === 'fallback') {
      failedChannels.push(decision.channel);
      continue;
    }
    await broadcasts.recordFailure(key, { customerId, reason: sent.reason, at: now.toISOString() });
    return { result: 'failed', wasDeferred };
  }
  await broadcasts.recordFailure(key, { customerId, reason: 'every channel failed', at: clock.now().toISOString() });
  return { result: 'failed', wasDeferred };
}

type SendResult = 'sent' | 'already-sent' | 'fallback' | { reason: string };

async function sendOnce(deps: Dependencies, broadcast: Broadcast, decision: Decision & { channel: Channel }, now: Date): Promise<SendResult> {
  const { customers } = deps;
  const claim = await customers.claimSend(decision.customerId, decision.messageId, decision.channel);
  if (!claim.claimed) return claim.existing.status === 'sent' ? 'already-sent' : { reason: 'another attempt holds the send claim' };
  const profile = (await customers.getProfile(decision.customerId))!;
  const locale = decision.locale;
  const links = await standardVariables(profile, decision, now);
  const vars = {
    ...links,
    headline: broadcast.crisis.headline,
    crisisMessage: broadcast.localisedMessage?.[locale] ?? broadcast.localisedMessage?.en,
    statusPageUrl: broadcast.crisis.statusPageUrl,
    postmortemUrl: broadcast.postmortemUrl,
  };
  for (let attempt = 1; ; attempt++) {
    try {
      const rendered = await render(decision, vars);
      const { providerMessageId } = await deliver(deps, profile, decision, rendered, links.unsubscribeUrl);
      await customers.completeSend(decision.customerId, decision.messageId, { providerMessageId, channel: decision.channel });
      await customers.recordDecision(decision.customerId, { ...decision, providerMessageId });
      count('MessagesSent', { journey: 'crisis', channel: decision.channel, category: 'service' });
      return 'sent';
    } catch (error) {
      if (error instanceof ProviderRetryableError && attempt < SEND_ATTEMPTS) {
        // Throttled: back off with full jitter, then try again (the queue keeps the overall pace).
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 200 * 2 ** attempt));
        continue;
      }
      await customers.releaseSend(decision.customerId, decision.messageId);
      const reason = `channel ${decision.channel} failed: ${(error as Error).message}`;
      count('SendFailed', { journey: 'crisis', channel: decision.channel, kind: error instanceof ProviderError ? error.kind : 'other' });
      await customers.recordDecision(decision.customerId, {
        ...decision,
        outcome: 'failed',
        reasons: [...decision.reasons, reason],
        reasonCodes: [...decision.reasonCodes, 'provider_failure'],
        failedChannels: [...(decision.failedChannels ?? []), decision.channel],
        at: isoString(clock.now().getTime()),
      });
      if (error instanceof ProviderError && error.kind === 'permanent-address') {
        await customers.putSuppression(decision.customerId, {
          kind: ADDRESS_FAILURE_SUPPRESSION[decision.channel],
          ref: decision.messageId,
          reason,
          source: `crisis-broadcast ${error.providerCode}`,
          createdAt: now.toISOString(),
        });
        return 'fallback';
      }
      logger.warn('broadcast send failed; recorded for replay', { customerId: decision.customerId, channel: decision.channel, error: (error as Error).name });
      return { reason };
    }
  }
}

interface Position {
  shard: number;
  page?: string;
}

function decodeCursor(payload: Payload): Position | undefined {
  if (payload.cursor) return JSON.parse(payload.cursor) as Position; // our own encoding, from the last invocation
  return { shard: payload.shard ?? 0 };
}

function nextShard(shard: number, only: number | undefined): Position | undefined {
  if (only !== undefined || shard + 1 >= SHARD_COUNT) return undefined;
  return { shard: shard + 1 };
}
