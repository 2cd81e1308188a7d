/**
 * Route deliveries that failed every attempt: the local dead-letter queue of the EventBridge rule targets
 * (deployed, each rule's target has an SQS DLQ). Nothing accepted by the bus is dropped: it is delivered or it is
 * here, with the reason. Kept in `<dataDir>/dlq.jsonl`, served at `GET /dlq`, replayed by `POST /dlq/replay`.
 */
import { JsonlLog } from './jsonl';

export interface DeadLetter {
  routeId: string;
  /** The event as the bus received it (the entry's Detail). */
  event: unknown;
  error: { name: string; message: string };
  attempts: number;
  /** Virtual-clock instant it was parked. */
  at: string;
}

export class DeadLetters {
  readonly #log: JsonlLog<DeadLetter>;

  constructor(path?: string) {
    this.#log = new JsonlLog<DeadLetter>(path);
  }

  add(letter: DeadLetter): void {
    this.#log.append(letter);
  }

  /** Oldest first: the order they failed in. */
  list(): DeadLetter[] {
    return [...this.#log.all()];
  }

  /** Takes every letter out (to replay them); they come back if they fail again. */
  drain(): DeadLetter[] {
    const letters = this.list();
    this.#log.rewrite([]);
    return letters;
  }

  get size(): number {
    return this.#log.all().length;
  }
}
