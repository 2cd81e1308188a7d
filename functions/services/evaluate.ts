/**
 * Deciding about one message: one Query of the customer's item collection and the cached crisis record, the
 * decision engine, the decision recorded in the ledger. Used by deliver-message, which sends at once, to the
 * profile this very read returned.
 */
import { messageIdFor } from '../domain/message-id';
import type { Decision, MessageSpec } from '../domain/model/message';
import type { Profile } from '../domain/model/profile';
import { journeyExitReason } from '../domain/rules/journey-exit';
import { resolveLocale } from '../domain/templates/locale';
import { isoString } from '../domain/time/civil';
import { clock } from '../handlers/runtime/clock';
import { policy } from '../handlers/runtime/config';
import { dependencies } from '../handlers/runtime/dependencies';
import { decideStep, recordExposure } from './experiment-step';
import { holdDecision } from './message-holds';
import { count } from '../handlers/runtime/metrics';
import type { MessageHold } from '../../contracts/payloads';
import { claimSurveyInvitation } from './survey-invitation-claim';
import { journeyExited } from '../handlers/runtime/step-signals';
import '../handlers/runtime/wiring/current-crisis'; // builds the currentCrisis this module uses (runtime/dependencies.ts)
import '../handlers/runtime/wiring/journey-control'; // builds the pause, stop and freeze stores this module uses (runtime/dependencies.ts)

export interface EvaluateRequest {
  executionId: string;
  message: Omit<MessageSpec, 'messageId' | 'failedChannels'>;
  /** The journey's exit check on this read: throws `Journey.Exited` before anything is decided or recorded. */
  exitCheck?: boolean;
}

export interface Evaluation {
  decision: Decision;
  /**
   * The profile the decision was made on (null: never created, or erased), from the same strongly consistent
   * read as the suppressions and the ledger: the channel chosen and the address it goes to agree.
   */
  profile: Profile | null;
  /** `performance.now()` when the collection had been read: how old `profile` is by the time it is used. */
  readAt: number;
  /** Set when a pause or the freeze holds the message (the decision is `deferred`, naming it). */
  hold?: MessageHold;
}

export async function evaluate({ executionId, message, exitCheck = false }: EvaluateRequest): Promise<Evaluation> {
  const { decisionContexts, ledger, currentCrisis, currentHoldState } = dependencies();
  const messageId = messageIdFor(executionId, message.step);
  // The journey's pause/freeze state is read with the context and the crisis record (all cached but the context):
  // one round trip instead of two, although a message that ends up suppressed did not need it.
  const [context, crisis, holdState] = await Promise.all([
    decisionContexts.loadDecisionContext(message.customerId),
    currentCrisis(),
    currentHoldState(message.journey),
  ]);
  const readAt = performance.now();
  const now = clock.now();
  const exitReason = exitCheck ? journeyExitReason(context.profile, message.topic) : undefined;
  if (exitReason !== undefined) throw journeyExited('deliver-message', exitReason);

  if (!context.profile) {
    // Erased or never created: nothing to decide, and nothing personal to record.
    count('Decisions', { journey: message.journey, outcome: 'suppressed', channel: 'none' });
    const decision: Decision = {
      messageId,
      customerId: message.customerId,
      journey: message.journey,
      step: message.step,
      category: message.category,
      topic: message.topic,
      template: message.template,
      outcome: 'suppressed',
      channel: null,
      locale: resolveLocale('en'),
      reasons: ['suppressed: no profile for this customer (never created, or erased)'],
      reasonCodes: ['no_channel'],
      at: isoString(now.getTime()),
    };
    return { decision, profile: null, readAt };
  }

  const previous = context.ledger.find((entry) => entry.messageId === messageId);
  if (previous?.outcome === 'sent' && previous.providerMessageId !== undefined) {
    // Already handed to a provider: this is a retry of a step whose earlier run sent and then failed (a Lambda
    // timeout after the provider accepted). Deciding again would overwrite the ledger entry and lose the provider's
    // message id; the entry is the full decision that was sent, so it is the answer.
    return { decision: previous as Decision, profile: context.profile, readAt };
  }
  const decided = decideStep({
    profile: context.profile,
    suppressions: context.suppressions,
    ledger: context.ledger,
    crisis,
    message: { ...message, messageId, failedChannels: previous?.failedChannels ?? [] },
    now,
  }, policy(), previous);
  const held = await holdDecision(decided, now, false, holdState);
  // The ledger cannot see an invitation decided at this same instant: the invitation claim can (atomic).
  const decision = await claimSurveyInvitation(held.decision, policy().surveyInvitationDays, now);
  const { hold } = held;
  await recordExposure(decision, previous);
  await ledger.recordDecision(message.customerId, decision);
  count('Decisions', { journey: message.journey, outcome: decision.outcome, channel: decision.channel ?? 'none' });
  return { decision, profile: context.profile, readAt, ...(hold ? { hold } : {}) };
}
