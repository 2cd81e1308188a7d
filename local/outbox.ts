/**
 * SMS and push messages the handlers "sent" through the runtime's SNS endpoint: the local stand-in for the
 * phones. Kept in `<dataDir>/outbox.jsonl` (memory only without a data directory) and served at `GET /outbox`.
 * With a data directory the file is the only copy (read when listed): the outbox grows with every message sent,
 * and the runtime's memory should not.
 */
import { JsonlLog } from './jsonl';

interface OutboxBase {
  /** The SNS MessageId the publisher got back. */
  messageId: string;
  /** E.164 phone number (sms) or platform endpoint ARN (push). */
  to: string;
  /** Virtual-clock instant of the Publish call. */
  at: string;
}

export interface SmsOutboxEntry extends OutboxBase {
  channel: 'sms';
  body: string;
  /** `AWS.SNS.SMS.SMSType`; SNS's default when absent is Promotional. */
  smsType: 'Transactional' | 'Promotional';
  senderId?: string;
}

export interface PushOutboxEntry extends OutboxBase {
  channel: 'push';
  title?: string;
  body: string;
  /** The app data of the FCM/APNs payload (message id, category…). */
  data?: Record<string, unknown>;
}

export type OutboxEntry = SmsOutboxEntry | PushOutboxEntry;

export interface OutboxFilter {
  /** Any of these addresses (a customer's phone and push endpoint). */
  to?: readonly string[];
  channel?: OutboxEntry['channel'];
  limit?: number;
}

export class Outbox {
  readonly #log: JsonlLog<OutboxEntry>;

  constructor(path?: string) {
    this.#log = new JsonlLog<OutboxEntry>(path, { inMemory: false });
  }

  add(entry: OutboxEntry): void {
    this.#log.append(entry);
  }

  /** Newest first, like `GET /messages`. */
  list(filter: OutboxFilter = {}): OutboxEntry[] {
    const to = filter.to ? new Set(filter.to) : undefined;
    const matching = this.#log
      .all()
      .filter((entry) => (to ? to.has(entry.to) : true) && (filter.channel ? entry.channel === filter.channel : true))
      .slice()
      .reverse();
    return filter.limit === undefined ? matching : matching.slice(0, filter.limit);
  }

  /** Removes the entries matching `predicate` (a customer's erasure), from memory and the file; answers how many. */
  forget(predicate: (entry: OutboxEntry) => boolean): number {
    const all = this.#log.all();
    const kept = all.filter((entry) => !predicate(entry));
    if (kept.length !== all.length) this.#log.rewrite(kept);
    return all.length - kept.length;
  }

  get size(): number {
    return this.#log.all().length;
  }

  /** Nothing sent yet (without reading the file). */
  get empty(): boolean {
    return this.#log.empty;
  }
}
