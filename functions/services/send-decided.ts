/**
 * Sends one decided message, exactly once per (execution, step): the one send path. Shared by deliver-message
 * (decide + send in one invocation) and the crisis broadcast (many recipients a page, `SendOptions`); they differ
 * in where the profile comes from and in what a broadcast does at scale.
 *
 * A send claim (conditional put on SEND#<messageId>) is taken before the provider call and completed after
 * it, so a Step Functions retry after the provider accepted finds the completed claim and returns the same
 * result instead of sending again. Failures are classified: throttling and transient errors release the claim
 * and rethrow ProviderRetryableError for the state machine's Retry (backoff + jitter); a permanent failure of
 * the address suppresses that channel and returns `fallback`, so the journey re-evaluates and the next channel
 * is chosen; a configuration error is recorded and rethrown, failing loudly into the alarms.
 */
import type { Decision } from '../domain/model/message';
import type { Channel } from '../domain/model/primitives';
import type { Profile } from '../domain/model/profile';
import type { TemplateVars } from '../domain/templates/variables';
import { isoString } from '../domain/time/civil';
import { backOff } from '../adapters/backoff';
import type { SendClaim, SentRecord } from '../adapters/ledger-store';
import { ProviderError, ProviderRetryableError } from '../adapters/provider-errors';
import type { SendMessageResult } from '../../contracts/payloads';
import { clock } from '../handlers/runtime/clock';
import { ADDRESS_FAILURE_SUPPRESSION, deliver, render } from './deliver';
import { dependencies } from '../handlers/runtime/dependencies';
import { logger } from '../handlers/runtime/logger';
import { standardVariables } from './message-links';
import { count } from '../handlers/runtime/metrics';

/**
 * One send's result: deliver-message's `delivery`. With `batchRecords`, a
 * send the provider accepted carries the `record` the caller writes with others.
 */
export type SendOutcome = SendMessageResult & { record?: SentRecord };

/** What the crisis broadcast does differently; the defaults are a journey step's. */
export interface SendOptions {
  /** Who sends, in the suppression a dead address leaves (default `deliver-message`). */
  source?: string;
  /** Wraps each provider call: the broadcast paces them to the provider quota. */
  pace?: <T>(call: () => Promise<T>) => Promise<T>;
  /**
   * Provider calls before a throttle or transient error counts as a failure (default 1: it is rethrown for the
   * state machine's Retry). More: retried here with backoff, the claim held.
   */
  attempts?: number;
  /** Answer a send that still fails after `attempts` as `failed` instead of throwing (the broadcast records it for a replay). */
  returnFailures?: boolean;
  /** Leave the accepted send's record (completed claim, ledger entry) to the caller, as `record` (a page's BatchWriteItem). */
  batchRecords?: boolean;
  /** The message is already claimed (default: `alreadyClaimed`, a journey step's answer). */
  onClaimed?: (existing: SendClaim) => Promise<SendOutcome>;
  /**
   * Bookkeeping once the send and its ledger entry are recorded (not with `batchRecords`): deliver-message counts
   * an experiment's send (services/experiment-step.ts). A hook rather than an import, so the crisis broadcast,
   * whose messages are never in an experiment, does not bundle the experiment store and rules.
   */
  afterSent?: (decision: Decision, sentAt: string) => Promise<void>;
}

/** How long a claim may stay unfinished before we assume its attempt died (longer than the Lambda timeout). */
const CLAIM_LEASE_MS = 60_000;

/**
 * `profileOf` is called once the claim is held (not before: a message already sent needs no profile); null
 * means the customer is gone, and nothing is sent.
 */
export async function sendDecided(decision: Decision, vars: TemplateVars, profileOf: () => Promise<Profile | null>, options: SendOptions = {}): Promise<SendOutcome> {
  if (decision.outcome !== 'sent' || !decision.channel) {
    return { status: 'failed', channel: decision.channel, reason: `nothing to send: the decision was ${decision.outcome}` };
  }
  const deps = dependencies();
  const { ledger } = deps;
  const cleared = decision as Decision & { channel: Channel };
  const claimedAt = clock.now().toISOString();
  const claim = await ledger.claimSend(decision.customerId, decision.messageId, decision.channel);
  if (!claim.claimed) return options.onClaimed ? options.onClaimed(claim.existing) : alreadyClaimed(claim.existing);

  const now = clock.now();
  let providerMessageId: string;
  try {
    const profile = await profileOf();
    if (!profile) {
      await ledger.releaseSend(decision.customerId, decision.messageId);
      return { status: 'failed', channel: decision.channel, reason: 'the customer was erased before the message went out' };
    }
    const links = await standardVariables(profile, cleared, now);
    const rendered = await render(cleared, { ...links, ...vars });
    const send = () => deliver(deps, profile, cleared, rendered, links.unsubscribeUrl);
    ({ providerMessageId } = await withRetries(cleared, () => (options.pace ? options.pace(send) : send()), options.attempts ?? 1));
  } catch (error) {
    await ledger.releaseSend(decision.customerId, decision.messageId);
    return handleFailure(cleared, error, now, options);
  }
  // The provider has accepted: from here on the claim is never released, so no retry can send again.
  if (options.batchRecords) {
    // Failing to write the record later (the table throttling, the function dying first) leaves the claim held,
    // and a later pass writes it then.
    return { status: 'sent', channel: decision.channel, providerMessageId, record: { claimedAt, providerMessageId, decision: { ...cleared, providerMessageId } } };
  }
  await ledger.completeSend(decision.customerId, decision.messageId, { providerMessageId, channel: decision.channel });
  const sentAt = isoString(clock.now().getTime());
  await ledger.recordDecision(decision.customerId, { ...decision, providerMessageId, at: sentAt });
  await options.afterSent?.(decision, sentAt);
  count('MessagesSent', { journey: decision.journey, channel: decision.channel, category: decision.category });
  return { status: 'sent', channel: decision.channel, providerMessageId };
}

/** Throttled or transient: back off with full jitter and call again (through the pace), `attempts` calls in all. */
async function withRetries<T>(decision: Decision & { channel: Channel }, call: () => Promise<T>, attempts: number): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof ProviderRetryableError) || attempt >= attempts) throw error;
      count('SendThrottled', { journey: decision.journey, channel: decision.channel });
      await backOff({ baseMs: 200 }, attempt);
    }
  }
}

async function handleFailure(decision: Decision & { channel: Channel }, error: unknown, now: Date, options: SendOptions): Promise<SendOutcome> {
  const { suppressions, ledger } = dependencies();
  count('SendFailed', { journey: decision.journey, channel: decision.channel, kind: error instanceof ProviderError ? error.kind : 'other' });
  if (error instanceof ProviderRetryableError && !options.returnFailures) {
    logger.warn('send throttled or transient; the state machine retries', { messageId: decision.messageId, channel: decision.channel, code: error.providerCode });
    throw error;
  }
  const reason = `channel ${decision.channel} failed: ${error instanceof Error ? error.message : String(error)}`;
  const failedChannels = [...(decision.failedChannels ?? []), decision.channel];
  await ledger.recordDecision(decision.customerId, {
    ...decision,
    outcome: 'failed',
    reasons: [...decision.reasons, reason],
    reasonCodes: [...decision.reasonCodes, 'provider_failure'],
    failedChannels,
    at: isoString(now.getTime()),
  });
  if (error instanceof ProviderError && error.kind === 'permanent-address') {
    await suppressions.putSuppression(decision.customerId, {
      kind: ADDRESS_FAILURE_SUPPRESSION[decision.channel],
      ref: decision.messageId,
      reason,
      source: `${options.source ?? 'deliver-message'} ${error.providerCode}`,
      createdAt: now.toISOString(),
    });
    logger.info('address failed permanently; falling back to the next channel', { messageId: decision.messageId, channel: decision.channel, code: error.providerCode });
    return { status: 'fallback', channel: decision.channel, reason };
  }
  if (options.returnFailures) {
    logger.warn('send failed; recorded for replay', { customerId: decision.customerId, channel: decision.channel, error: (error as Error).name });
    return { status: 'failed', channel: decision.channel, reason };
  }
  logger.error('send failed', { messageId: decision.messageId, channel: decision.channel, error: error as Error });
  throw error;
}

function alreadyClaimed(existing: { status: 'claimed' | 'sent'; channel: Channel; claimedAt: string; providerMessageId?: string }): SendOutcome {
  if (existing.status === 'sent') {
    return { status: 'sent', channel: existing.channel, duplicate: true, ...(existing.providerMessageId ? { providerMessageId: existing.providerMessageId } : {}) };
  }
  if (clock.now().getTime() - Date.parse(existing.claimedAt) < CLAIM_LEASE_MS) {
    // Another attempt is sending right now; let the state machine retry after it finished.
    throw new ProviderRetryableError(existing.channel, 'SendInProgress', 'another attempt holds the send claim');
  }
  // The attempt that claimed died without saying whether the provider accepted. Sending again could send
  // twice; we choose at most once and say so, rather than risk a duplicate.
  return { status: 'sent', channel: existing.channel, duplicate: true, reason: 'delivery unconfirmed: an earlier attempt stopped after claiming the send' };
}
