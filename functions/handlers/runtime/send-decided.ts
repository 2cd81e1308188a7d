/**
 * Sends one decided message, exactly once per (execution, step). Shared by send-message (the two-task step) and
 * deliver-message (decide + send in one invocation); they differ only in where the profile comes from.
 *
 * A send claim (conditional put on SEND#<messageId>) is taken before the provider call and completed after
 * it, so a Step Functions retry after the provider accepted finds the completed claim and returns the same
 * result instead of sending again. Failures are classified: throttling and transient errors release the claim
 * and rethrow ProviderRetryableError for the state machine's Retry (backoff + jitter); a permanent failure of
 * the address suppresses that channel and returns `fallback`, so the journey re-evaluates and the next channel
 * is chosen; a configuration error is recorded and rethrown, failing loudly into the alarms.
 */
import type { Decision } from '../../domain/model/message';
import type { Channel } from '../../domain/model/primitives';
import type { Profile } from '../../domain/model/profile';
import type { TemplateVars } from '../../domain/templates/variables';
import { isoString } from '../../domain/time/civil';
import { ProviderError, ProviderRetryableError } from '../../adapters/provider-errors';
import type { SendMessageResult } from '../../../contracts/payloads';
import { clock } from './clock';
import { ADDRESS_FAILURE_SUPPRESSION, deliver, render } from './deliver';
import { dependencies } from './dependencies';
import { recordExperimentSend } from './experiment-step';
import { logger } from './logger';
import { standardVariables } from './message-links';
import { count } from './metrics';

/** One send's result: the send-message task's result, and deliver-message's `delivery`. */
export type SendOutcome = SendMessageResult;

/** How long a claim may stay unfinished before we assume its attempt died (longer than the Lambda timeout). */
const CLAIM_LEASE_MS = 60_000;

/**
 * `profileOf` is called once the claim is held (not before: a message already sent needs no profile); null
 * means the customer is gone, and nothing is sent.
 */
export async function sendDecided(decision: Decision, vars: TemplateVars, profileOf: () => Promise<Profile | null>): Promise<SendOutcome> {
  if (decision.outcome !== 'sent' || !decision.channel) {
    return { status: 'failed', channel: decision.channel, reason: `nothing to send: the decision was ${decision.outcome}` };
  }
  const deps = dependencies();
  const { customers } = deps;
  const cleared = decision as Decision & { channel: Channel };
  const claim = await customers.claimSend(decision.customerId, decision.messageId, decision.channel);
  if (!claim.claimed) return alreadyClaimed(claim.existing);

  const now = clock.now();
  let providerMessageId: string;
  try {
    const profile = await profileOf();
    if (!profile) {
      await customers.releaseSend(decision.customerId, decision.messageId);
      return { status: 'failed', channel: decision.channel, reason: 'the customer was erased before the message went out' };
    }
    const links = await standardVariables(profile, cleared, now);
    const rendered = await render(cleared, { ...links, ...vars });
    ({ providerMessageId } = await deliver(deps, profile, cleared, rendered, links.unsubscribeUrl));
  } catch (error) {
    await customers.releaseSend(decision.customerId, decision.messageId);
    return handleFailure(cleared, error, now);
  }
  // The provider has accepted: from here on the claim is never released, so no retry can send again.
  await customers.completeSend(decision.customerId, decision.messageId, { providerMessageId, channel: decision.channel });
  const sentAt = isoString(clock.now().getTime());
  await customers.recordDecision(decision.customerId, { ...decision, providerMessageId, at: sentAt });
  await recordExperimentSend(decision, sentAt);
  count('MessagesSent', { journey: decision.journey, channel: decision.channel, category: decision.category });
  return { status: 'sent', channel: decision.channel, providerMessageId };
}

async function handleFailure(decision: Decision & { channel: Channel }, error: unknown, now: Date): Promise<SendOutcome> {
  const { customers } = dependencies();
  count('SendFailed', { journey: decision.journey, channel: decision.channel, kind: error instanceof ProviderError ? error.kind : 'other' });
  if (error instanceof ProviderRetryableError) {
    logger.warn('send throttled or transient; the state machine retries', { messageId: decision.messageId, channel: decision.channel, code: error.providerCode });
    throw error;
  }
  const reason = `channel ${decision.channel} failed: ${error instanceof Error ? error.message : String(error)}`;
  const failedChannels = [...(decision.failedChannels ?? []), decision.channel];
  await customers.recordDecision(decision.customerId, {
    ...decision,
    outcome: 'failed',
    reasons: [...decision.reasons, reason],
    reasonCodes: [...decision.reasonCodes, 'provider_failure'],
    failedChannels,
    at: isoString(now.getTime()),
  });
  if (error instanceof ProviderError && error.kind === 'permanent-address') {
    await customers.putSuppression(decision.customerId, {
      kind: ADDRESS_FAILURE_SUPPRESSION[decision.channel],
      ref: decision.messageId,
      reason,
      source: `send-message ${error.providerCode}`,
      createdAt: now.toISOString(),
    });
    logger.info('address failed permanently; falling back to the next channel', { messageId: decision.messageId, channel: decision.channel, code: error.providerCode });
    return { status: 'fallback', channel: decision.channel, reason };
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
