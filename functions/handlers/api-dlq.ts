/**
 * The deployed dead-letter queue of message sends (ops role), what `journeys dlq list|replay --endpoint …` calls:
 *
 * - `GET /dlq` → `{"deadLetters": [{kind: "message", messageId, customerId, executionId, journey, step, template,
 *   channel, error: {name, message}, deliver, at}]}`, oldest first: messages whose send failed past their step's
 *   Retry, parked by deliver-message (the table's `DEADLETTER#message` partition; alarm `MessagesParked`).
 * - `POST /dlq/replay` → `{"replayed": n, "delivered": d, "returned": r}`: each parked message handed to
 *   deliver-message again (in this process: the same code and access), answered once every replay has ended —
 *   `delivered`: settled in the ledger (sent, or suppressed/failed with its reason); `returned`: failed again or
 *   deferred, still parked. Safe to repeat: a message keeps its id, and its send claim lets it out once.
 *
 * Route deliveries that failed every attempt are in the rules' SQS dead-letter queues, not here: the runbook
 * (docs/operations.md) redrives those with SQS's own message move.
 */
import type { Context } from 'aws-lambda';
import { handler as deliverMessage } from './deliver-message';
import { byMethod, httpHandler } from './middleware/http-handler';
import { json } from './middleware/responses';
import { dependencies } from './runtime/dependencies';
import { mapLimit } from './runtime/concurrency';
import { logger } from './runtime/logger';
import { count } from './runtime/metrics';
import { ParkedMessages } from '../services/parked-messages';
import './runtime/wiring/dead-letters'; // builds the dead letters this module uses (runtime/dependencies.ts)

/** Replays in flight at once: each is a decision and a provider call. */
const PARALLEL_REPLAYS = 4;

export const handler = httpHandler(
  byMethod({
    GET: async () => {
      const letters = await dependencies().deadLetters.parkedMessages();
      return json(200, { deadLetters: letters.map((letter) => ({ kind: 'message' as const, ...letter })) });
    },
    POST: async (_event, context: Context) => {
      const parked = new ParkedMessages((payload) => deliverMessage(payload as never, context));
      const letters = await parked.list();
      const outcomes = await mapLimit(letters, PARALLEL_REPLAYS, (letter) => parked.replay(letter));
      const delivered = outcomes.filter((outcome) => outcome === 'settled').length;
      const answer = { replayed: letters.length, delivered, returned: letters.length - delivered };
      count('MessagesReplayed', {});
      logger.info('dead letters replayed', answer);
      return json(200, answer);
    },
  }),
  { bodyMethods: [] },
);
