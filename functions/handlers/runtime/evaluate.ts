/**
 * Deciding about one message: one Query of the customer's item collection and the cached crisis record, the
 * decision engine, the decision recorded in the ledger. Shared by evaluate-message (which hands the decision to
 * the state machine) and deliver-message (which sends at once, to the profile this very read returned).
 */
import { messageIdFor } from '../../domain/message-id';
import type { Decision, MessageSpec } from '../../domain/model/message';
import type { Profile } from '../../domain/model/profile';
import { resolveLocale } from '../../domain/templates/locale';
import { isoString } from '../../domain/time/civil';
import { clock } from './clock';
import { policy } from './config';
import { dependencies } from './dependencies';
import { decideStep, recordExposure } from './experiment-step';
import { count } from './metrics';

export interface EvaluateRequest {
  executionId: string;
  message: Omit<MessageSpec, 'messageId' | 'failedChannels'>;
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
}

export async function evaluate({ executionId, message }: EvaluateRequest): Promise<Evaluation> {
  const { customers, currentCrisis } = dependencies();
  const messageId = messageIdFor(executionId, message.step);
  const [context, crisis] = await Promise.all([customers.loadDecisionContext(message.customerId), currentCrisis()]);
  const readAt = performance.now();
  const now = clock.now();

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
  const decision = decideStep({
    profile: context.profile,
    suppressions: context.suppressions,
    ledger: context.ledger,
    crisis,
    message: { ...message, messageId, failedChannels: previous?.failedChannels ?? [] },
    now,
  }, policy(), previous);
  await recordExposure(decision, previous);
  await customers.recordDecision(message.customerId, decision);
  count('Decisions', { journey: message.journey, outcome: decision.outcome, channel: decision.channel ?? 'none' });
  return { decision, profile: context.profile, readAt };
}
