/**
 * Messages whose send failed past their step's Retry, parked by deliver-message's park mode in the table's
 * dead-letter partition (`DEADLETTER#message`, functions/adapters/keys.ts): listed at `GET /dlq` and replayed by
 * `POST /dlq/replay` — deployed by api-dlq, locally next to the route dead letters by the runtime's own route.
 *
 * A replay invokes deliver-message — locally through the runtime's handler catalog, as the engine does, so Lambda
 * faults apply; deployed in api-dlq's process — with the stored payload and without `park`: the same executionId, so the same messageId, and the send claim
 * keeps it exactly-once (a message the provider had in fact accepted is answered from its completed claim, not sent
 * again). The letter goes once the message is settled in the ledger: sent, or suppressed/failed for a reason
 * recorded there. A replay that throws parks the message again with the new error (as the step's Catch would, so the
 * ledger says failed again) and the letter stays; so does a deferred or held one (quiet hours, a pause: replay it later), without a new error.
 */
import type { MessageDeadLetter } from '../adapters/message-dead-letters';
import { STEP_SIGNALS } from '../../contracts/payloads';
import { dependencies } from '../handlers/runtime/dependencies';
import '../handlers/runtime/wiring/dead-letters'; // builds the dead letters this module uses (runtime/dependencies.ts)

export type ReplayOutcome = 'settled' | 'returned';

/** What deliver-message raises for its step's Catch when the message must wait (one-transition message step). */
const DEFERRALS: ReadonlySet<string> = new Set([STEP_SIGNALS.messageDeferred, STEP_SIGNALS.messageHeld]);

export class ParkedMessages {
  readonly #deliver: (payload: unknown) => Promise<unknown>;

  /** `deliver`: invokes the deliver-message function with a payload. */
  constructor(deliver: (payload: unknown) => Promise<unknown>) {
    this.#deliver = deliver;
  }

  /** Oldest first. */
  list(): Promise<MessageDeadLetter[]> {
    return dependencies().deadLetters.parkedMessages();
  }

  async replay(letter: MessageDeadLetter): Promise<ReplayOutcome> {
    let outcome: unknown;
    try {
      outcome = await this.#deliver(letter.deliver);
    } catch (error) {
      // Deferred (quiet hours) or held (a pause, the freeze): the step would wait, not fail. The letter stays, as it
      // was, for a later replay; recording it failed again would tell the ledger something untrue.
      if (error instanceof Error && DEFERRALS.has(error.name)) return 'returned';
      await this.#parkAgain(letter, error);
      return 'returned';
    }
    if ((outcome as { outcome?: unknown } | null)?.outcome === 'deferred') return 'returned';
    await dependencies().deadLetters.unparkMessage(letter.customerId, letter.messageId);
    return 'settled';
  }

  /** If parking fails too, the letter is still there with its previous error: nothing is lost either way. */
  async #parkAgain(letter: MessageDeadLetter, error: unknown): Promise<void> {
    const name = error instanceof Error ? error.name : 'Error';
    const message = error instanceof Error ? error.message : String(error);
    try {
      // The shape Step Functions gives a caught Lambda error (`$.sendError`).
      await this.#deliver({ ...letter.deliver, park: { Error: name, Cause: JSON.stringify({ errorType: name, errorMessage: message }) } });
    } catch {
      // Still parked (the letter was never removed).
    }
  }
}
