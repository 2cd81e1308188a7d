/** Messages whose send failed past their step's Retry, parked for `journeys dlq replay` (`DEADLETTER#message`). */
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { MessageSpecInput } from '../domain/model/message';
import type { Channel } from '../domain/model/primitives';
import { CustomerCollectionStore, ITEM_BOOKKEEPING } from './customer-items';
import { isConditionalCheckFailed, queryAll, withoutAttributes } from './dynamo-helpers';
import { isExpired, keys, MESSAGE_DEAD_LETTERS_PK, ttlAfterDays } from './keys';

/**
 * A message whose send failed past its step's Retry, parked to be replayed (`DEADLETTER#message`, keys.ts).
 * Everything needed to deliver it again is here; nothing personal beyond the customer id and the journey's
 * template variables (no address, no rendered text), and it is erased with the customer.
 */
export interface MessageDeadLetter {
  messageId: string;
  customerId: string;
  executionId: string;
  journey: string;
  step: string;
  template: string;
  /** The channel the last decision chose (the one that failed); null when no decision was recorded. */
  channel: Channel | null;
  /** The deliver-message payload to replay, without `park`: the same executionId, so the same messageId. */
  deliver: { executionId: string; message: Omit<MessageSpecInput, 'messageId' | 'failedChannels'>; maxAttempts: number };
  /** The last failure: its error name (what Step Functions caught) and message. */
  error: { name: string; message: string };
  /** Virtual-clock instant it was first parked (later failures of a replay keep it and replace `error`). */
  at: string;
}

/** SQS's longest retention: a dead letter nobody replayed in two weeks is not going to be. */
const DEAD_LETTER_TTL_DAYS = 14;

export class DynamoMessageDeadLetters extends CustomerCollectionStore {
  /**
   * Parks a message in the dead-letter partition, once per messageId: parking it again (a retried park, a
   * replay that failed again) replaces the letter's error and keeps its place.
   */
  /**
   * The pointer first, conditionally: whoever creates it fixes the letter's sort key, so a second park (even a
   * concurrent one) writes the same letter instead of a second one. A crash between the two writes leaves a
   * pointer without a letter; the park's retry finds the pointer and writes the letter.
   */
  async parkMessage(letter: MessageDeadLetter): Promise<void> {
    const now = this.clock();
    const ttl = ttlAfterDays(now, DEAD_LETTER_TTL_DAYS);
    const pointer = keys.deadLetterRef(letter.customerId, letter.messageId);
    let letterKey = keys.messageDeadLetter(letter.at, letter.messageId);
    let at = letter.at;
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...pointer, messageId: letter.messageId, letterSk: letterKey.sk, at, ttl },
          ConditionExpression: 'attribute_not_exists(pk) OR #ttl <= :now',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':now': Math.floor(now.getTime() / 1000) },
        }),
      );
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err;
      const existing = await this.doc.send(new GetCommand({ TableName: this.table, Key: pointer, ConsistentRead: true }));
      if (typeof existing.Item?.letterSk !== 'string' || typeof existing.Item.at !== 'string') throw err;
      letterKey = { pk: MESSAGE_DEAD_LETTERS_PK, sk: existing.Item.letterSk };
      at = existing.Item.at;
    }
    await this.doc.send(new PutCommand({ TableName: this.table, Item: { ...letter, at, ...letterKey, ttl } }));
  }

  /** Every parked message, oldest first. */
  async parkedMessages(): Promise<MessageDeadLetter[]> {
    const now = this.clock();
    const items = await queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': MESSAGE_DEAD_LETTERS_PK },
      ConsistentRead: true,
    });
    return items.filter((item) => !isExpired(item, now)).map((item) => withoutAttributes(item, ITEM_BOOKKEEPING) as unknown as MessageDeadLetter);
  }

  /** Takes a message out of the dead-letter partition (replayed); false when it was not parked. */
  /** The letter first, then the pointer: a crash in between leaves a pointer to nothing, which erasure tolerates. */
  async unparkMessage(customerId: string, messageId: string): Promise<boolean> {
    const pointer = keys.deadLetterRef(customerId, messageId);
    const existing = await this.doc.send(new GetCommand({ TableName: this.table, Key: pointer, ConsistentRead: true }));
    if (typeof existing.Item?.letterSk !== 'string') return false;
    await this.doc.send(new DeleteCommand({ TableName: this.table, Key: { pk: MESSAGE_DEAD_LETTERS_PK, sk: existing.Item.letterSk } }));
    await this.doc.send(new DeleteCommand({ TableName: this.table, Key: pointer }));
    return true;
  }
}
