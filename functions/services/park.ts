/**
 * Parking a message whose send failed past its step's Retry (deliver-message's park mode, invoked by the step's
 * Catch): the ledger says why it was not sent, and a dead letter keeps what replaying it needs
 * (`journeys dlq replay`, the same messageId, so the send claim keeps it exactly-once). Nothing is lost: the message
 * is sent, or it has a recorded reason and a dead letter.
 *
 * The send claim decides what parking may do:
 * - completed (`sent`): the provider accepted after all (the invocation failed after its call — a Lambda timeout on
 *   the last retry); nothing is parked, the answer is the recorded send, and a ledger entry missing its provider id
 *   gets it;
 * - none: every refusal released it (send-decided releases the claim before rethrowing a retryable error), so a
 *   replay may claim and send;
 * - `claimed`: an attempt died between claiming and recording, and the provider may have accepted. It is never
 *   released here — that is the one state that could send twice — so a replay answers "delivery unconfirmed"
 *   (at most once, as every retry does), and the letter says so.
 */
import type { MessageDeadLetter } from '../adapters/message-dead-letters';
import { messageIdFor } from '../domain/message-id';
import type { Decision, LedgerEntry } from '../domain/model/message';
import type { Channel } from '../domain/model/primitives';
import { isoString } from '../domain/time/civil';
import { clock } from '../handlers/runtime/clock';
import { dependencies } from '../handlers/runtime/dependencies';
import { logger } from '../handlers/runtime/logger';
import { count } from '../handlers/runtime/metrics';
import '../handlers/runtime/wiring/dead-letters'; // builds the dead letters this module uses (runtime/dependencies.ts)

/** What Step Functions caught (`$.sendError`): the error name and its cause (a Lambda error's JSON, or text). */
export interface CaughtError {
  Error: string;
  Cause?: string | undefined;
}

export interface ParkOutcome {
  /** `sent` (the claim was completed after all), `failed` (parked), `suppressed` (the customer is gone). */
  outcome: 'sent' | 'failed' | 'suppressed';
  messageId: string;
  channel: Channel | null;
  /** True when a dead letter holds the message now. */
  parked: boolean;
  providerMessageId?: string;
  reasons: string[];
}

/** Marks earlier parks' reasons, so parking again replaces the sentence instead of repeating it. */
const PARKED_SUFFIX = 'parked for replay';

export async function park(payload: MessageDeadLetter['deliver'], caught: CaughtError): Promise<ParkOutcome> {
  const { decisionContexts, ledger, deadLetters } = dependencies();
  const { executionId, message, maxAttempts } = payload;
  const messageId = messageIdFor(executionId, message.step);

  const claim = await ledger.getSendClaim(message.customerId, messageId);
  const context = await decisionContexts.loadDecisionContext(message.customerId);
  const previous = context.ledger.find((entry) => entry.messageId === messageId);
  if (claim?.status === 'sent') return recordedSend(message.customerId, messageId, claim, previous);
  if (!context.profile) {
    // Erased meanwhile: nothing to send to, and nothing personal to keep in a dead letter.
    return { outcome: 'suppressed', messageId, channel: null, parked: false, reasons: ['suppressed: no profile for this customer (never created, or erased)'] };
  }

  const error = describe(caught);
  const reason = `failed: ${error.code} after every retry; ${PARKED_SUFFIX}`;
  const now = isoString(clock.now().getTime());
  const channel = previous?.channel ?? null;
  if (previous) await ledger.recordDecision(message.customerId, failed(previous as Decision, reason, now));
  if (claim?.status === 'claimed') {
    logger.warn('parking a message whose send claim is still held: the provider may have accepted it, so a replay will not send it again', { messageId });
  }
  const letter: MessageDeadLetter = {
    messageId,
    customerId: message.customerId,
    executionId,
    journey: message.journey,
    step: message.step,
    template: message.template,
    channel,
    deliver: { executionId, message, maxAttempts },
    error: { name: error.code, message: claim?.status === 'claimed' ? `${error.message} (an earlier attempt still holds the send claim: delivery unconfirmed)` : error.message },
    at: now,
  };
  await deadLetters.parkMessage(letter);
  count('MessagesParked', { journey: message.journey, channel: channel ?? 'none' });
  logger.warn('message parked after its send failed every retry', { messageId, channel, error: error.code });
  return { outcome: 'failed', messageId, channel, parked: true, reasons: previous ? failed(previous as Decision, reason, now).reasons : [reason] };
}

/** The ledger entry again, as failed with this reason (an earlier park's sentence replaced, not repeated). */
function failed(previous: Decision, reason: string, at: string): Decision {
  const { sendAt: _deferredUntil, ...decision } = previous;
  return {
    ...decision,
    outcome: 'failed',
    reasons: [...(previous.reasons ?? []).filter((text) => !text.endsWith(PARKED_SUFFIX)), reason],
    reasonCodes: [...new Set([...(previous.reasonCodes ?? []), 'provider_failure' as const])],
    at,
  };
}

async function recordedSend(
  customerId: string,
  messageId: string,
  claim: { channel: Channel; providerMessageId?: string },
  previous: LedgerEntry | undefined,
): Promise<ParkOutcome> {
  const { ledger } = dependencies();
  // The provider accepted and the claim was completed, but the ledger write after it never happened.
  if (previous && claim.providerMessageId && previous.providerMessageId === undefined) {
    await ledger.recordDecision(customerId, { ...(previous as Decision), outcome: 'sent', providerMessageId: claim.providerMessageId });
  }
  return {
    outcome: 'sent',
    messageId,
    channel: claim.channel,
    parked: false,
    ...(claim.providerMessageId ? { providerMessageId: claim.providerMessageId } : {}),
    reasons: previous?.reasons ?? [],
  };
}

/**
 * The provider's own error name when the cause names one (a ProviderRetryableError's message is
 * "<channel> provider failed with <Code>: …"), else the caught error's name; the message from a Lambda error's
 * JSON cause, else the cause as text.
 */
export function describe(caught: CaughtError): { code: string; message: string } {
  let message = caught.Cause ?? '';
  try {
    const parsed = JSON.parse(message) as { errorMessage?: unknown };
    if (typeof parsed.errorMessage === 'string') message = parsed.errorMessage;
  } catch {
    // Not JSON: a States.* error's cause is plain text.
  }
  const provider = /provider failed with ([A-Za-z0-9.]+)/.exec(message)?.[1];
  return { code: provider ?? caught.Error, message: message === '' ? caught.Error : message.slice(0, 1000) };
}
