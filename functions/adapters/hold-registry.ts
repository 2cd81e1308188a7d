/**
 * Messages held by a pause or a freeze, registered where the resume looks for them: `sk = HELD#<customerId>#<messageId>`
 * in the journey's partition (`pk = JOURNEY#<name>`, a pause) or the freeze's (`pk = FREEZE`). Each names the wait
 * key the held message is parked on, so a resume or an unfreeze wakes exactly those messages. Registering the
 * same message again (held again after a timeout) overwrites its item; the ttl (the hold's end + 1 day) sweeps
 * items whose message was released by its own timeout.
 */
import { DeleteCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryAll } from './dynamo-helpers';
import type { JourneyName } from '../domain/model/primitives';
import { FREEZE_PK } from './freeze-store';
import { ttlAt } from './keys';

export type HoldScope = { kind: 'pause'; journey: JourneyName } | { kind: 'freeze' };

export interface HeldMessage {
  customerId: string;
  messageId: string;
  journey: string;
  waitKey: string;
  heldAt: string;
  until: string;
}

const HELD_PREFIX = 'HELD#';
const pkOf = (scope: HoldScope) => (scope.kind === 'pause' ? `JOURNEY#${scope.journey}` : FREEZE_PK);
const skOf = (held: Pick<HeldMessage, 'customerId' | 'messageId'>) => `${HELD_PREFIX}${held.customerId}#${held.messageId}`;

export class HoldRegistry {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async register(scope: HoldScope, held: HeldMessage): Promise<void> {
    const ttl = ttlAt(new Date(Date.parse(held.until) + 86_400_000));
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { pk: pkOf(scope), sk: skOf(held), ...held, ttl } }));
  }

  /** Every message held in the scope, in key order (paged). */
  async list(scope: HoldScope): Promise<HeldMessage[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pkOf(scope), ':prefix': HELD_PREFIX },
      ConsistentRead: true,
    });
    return items.map((item) => {
      const { customerId, messageId, journey, waitKey, heldAt, until } = item as unknown as HeldMessage;
      return { customerId, messageId, journey, waitKey, heldAt, until };
    });
  }

  async remove(scope: HoldScope, held: Pick<HeldMessage, 'customerId' | 'messageId'>): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: pkOf(scope), sk: skOf(held) } }));
  }
}
