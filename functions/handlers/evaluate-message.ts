/**
 * Journey task: decide about one message. Loads the customer's item collection (one Query) and the crisis
 * record (cached), runs the decision engine, records the decision in the ledger, and returns it to the state
 * machine, which waits, sends or moves on according to its outcome.
 */
import * as z from 'zod';
import { decide } from '../domain/decide';
import { messageIdFor } from '../domain/message-id';
import { MessageSpecSchema, type Decision } from '../domain/model/message';
import { resolveLocale } from '../domain/templates/locale';
import { isoString } from '../domain/time/civil';
import { taskHandler } from './middleware/task-handler';
import { clock } from './runtime/clock';
import { dependencies } from './runtime/dependencies';
import { count } from './runtime/metrics';

export const EvaluateMessagePayload = z.object({
  executionId: z.string().min(1),
  message: MessageSpecSchema.omit({ messageId: true, failedChannels: true }),
});

export const handler = taskHandler('evaluate-message', EvaluateMessagePayload, async ({ executionId, message }): Promise<Decision> => {
  const { customers, currentCrisis } = dependencies();
  const messageId = messageIdFor(executionId, message.step);
  const [context, crisis] = await Promise.all([customers.loadDecisionContext(message.customerId), currentCrisis()]);
  const now = clock.now();

  if (!context.profile) {
    // Erased or never created: nothing to decide, and nothing personal to record.
    count('Decisions', { journey: message.journey, outcome: 'suppressed', channel: 'none' });
    return {
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
  }

  const previous = context.ledger.find((entry) => entry.messageId === messageId);
  const decision = decide({
    profile: context.profile,
    suppressions: context.suppressions,
    ledger: context.ledger,
    crisis,
    message: { ...message, messageId, failedChannels: previous?.failedChannels ?? [] },
    now,
  });
  await customers.recordDecision(message.customerId, decision);
  count('Decisions', { journey: message.journey, outcome: decision.outcome, channel: decision.channel ?? 'none' });
  return decision;
});
