/**
 * One recipient of a crisis broadcast: the same decision pipeline as any message (consent, suppressions, channel
 * priority from the playbook, locale) after the crisis cadence (rules/crisis-cadence.ts), then the one send path
 * (services/send-decided.ts), with fallback to the next channel on a dead address.
 *
 * The recipient's state for this message is their ledger entry: a pass that finds them already reached sends and
 * counts nothing, so the progress stays exact across catch-up passes, replays, retries and restarts.
 */
import type { BroadcastCounts } from '../../adapters/broadcast-store';
import type { SendClaim, SentRecord } from '../../adapters/ledger-store';
import { decide } from '../../domain/decide';
import type { Decision, MessageSpec } from '../../domain/model/message';
import type { Channel } from '../../domain/model/primitives';
import type { Profile } from '../../domain/model/profile';
import { audienceIncludes } from '../../domain/rules/audience';
import { crisisMessagesSent, crisisTurn } from '../../domain/rules/crisis-cadence';
import { contentLocale, localisedKey } from '../../domain/templates/locale';
import { formatHourMinute, toLocal } from '../../domain/time/zoned-time';
import { clock } from '../../handlers/runtime/clock';
import { policy } from '../../handlers/runtime/config';
import { logger } from '../../handlers/runtime/logger';
import { count } from '../../handlers/runtime/metrics';
import { sendDecided, type SendOutcome } from '../send-decided';
import type { Run } from './broadcast';

export type Bucket = keyof Omit<BroadcastCounts, 'total'>;

/** What one recipient's turn changed. */
export interface Reached {
  /** The recipient's state for this message before and after; counted when both are known and differ. */
  from?: Bucket | undefined;
  to?: Bucket;
  sendAt?: number;
  /** The message is with the customer: sent now or by an earlier pass. */
  reached?: boolean;
  /** Sent now: its record (completed claim, ledger entry), written with the page's others. */
  record?: SentRecord;
}

/** Provider calls per recipient and channel (each with the SDK's own retries): the first and two more after throttling. */
const SEND_ATTEMPTS = 3;
/** Writes of a send's outcome after the provider accepted it (the claim stays held whatever happens). */
const RECORD_ATTEMPTS = 3;

const BUCKET_OF: Record<Decision['outcome'], Bucket> = { sent: 'sent', deferred: 'deferred', failed: 'failed', suppressed: 'skipped' };

/** One recipient: decide, claim, render, send — with fallback to the next channel on a dead address. */
export async function reach(run: Run, customerId: string): Promise<Reached> {
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
    const sent = await send(run, profile, { ...decision, channel: decision.channel }, nextUpdateBy);
    if (sent.status === 'sent') {
      await clearFailure();
      // Counted only once the ledger says so: a pass that finds the entry missing counts it then.
      if (sent.record) return { from, to: 'sent', reached: true, record: sent.record };
      return sent.recorded ? { from, to: 'sent', reached: true } : { reached: true };
    }
    if (sent.status === 'fallback') {
      failedChannels.push(decision.channel);
      continue;
    }
    await broadcasts.recordFailure(key, { customerId, reason: sent.reason ?? 'the send failed', at: now.toISOString() });
    return { from, to: 'failed' };
  }
  await broadcasts.recordFailure(key, { customerId, reason: 'every channel failed', at: clock.now().toISOString() });
  return { from, to: 'failed' };
}

/**
 * The one send path, at a broadcast's scale: provider calls paced to the quota and retried inside the pace, a
 * failure recorded for a replay instead of thrown, the accepted send's record left to the page's BatchWriteItem.
 */
async function send(run: Run, profile: Profile, decision: Decision & { channel: Channel }, nextUpdateBy: string | undefined): Promise<SendOutcome & { recorded?: boolean }> {
  const { broadcast, pace } = run;
  let recorded: boolean | undefined;
  const vars = {
    headline: broadcast.crisis.headline,
    crisisMessage: localisedText(broadcast.localisedMessage, decision.locale),
    statusPageUrl: broadcast.crisis.statusPageUrl,
    nextUpdateBy,
    postmortemUrl: broadcast.postmortemUrl,
  };
  const outcome = await sendDecided(decision, vars, () => Promise.resolve(profile), {
    source: 'crisis-broadcast',
    pace: (call) => pace.add(call),
    attempts: SEND_ATTEMPTS,
    returnFailures: true,
    batchRecords: true,
    // Sent (or being sent, or sent by an attempt that died before recording it) by an earlier attempt: at most
    // once. The ledger entry was missing (we would not be here otherwise), so write it now.
    onClaimed: async (existing) => {
      recorded = await recordEarlierSend(run, decision, existing);
      return { status: 'sent', channel: existing.channel, duplicate: true };
    },
  });
  if (outcome.record) run.sentPerChannel.set(decision.channel, (run.sentPerChannel.get(decision.channel) ?? 0) + 1);
  return recorded === undefined ? outcome : { ...outcome, recorded };
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
