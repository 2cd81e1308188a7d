/**
 * Items outside a customer's collection that name the customer, found through the pointers in the collection
 * (keys.ts): erasure deletes each pointer's target with the pointer. Every writer of such an item writes its
 * pointer first, so a target is never out of erasure's reach.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryAll, type Item } from './dynamo-helpers';
import { customerPk, keys, MESSAGE_DEAD_LETTERS_PK, SK, type ItemKey } from './keys';

/** An event about the customer whose id was claimed (api-events): route-event keeps records of it too. */
export interface EventRef {
  eventId: string;
  eventType: string;
}

/** The customer's event pointers (`EVENTREF#`), read before erasure deletes them. */
export async function eventRefs(doc: DynamoDBDocumentClient, tableName: string, customerId: string): Promise<EventRef[]> {
  const items = await queryAll(doc, {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': customerPk(customerId), ':prefix': SK.eventRef },
    ConsistentRead: true,
  });
  return items.map((item) => ({ eventId: String(item.sk).slice(SK.eventRef.length), eventType: String(item.eventType ?? '') }));
}

/** The item(s) outside the collection that the collection item `item` points at (none for ordinary items). */
export function pointedAt(customerId: string, item: Item): ItemKey[] {
  const sk = String(item.sk);
  // The survey item holds the customer id and their free-text comment.
  if (sk.startsWith(SK.survey)) return [keys.survey(sk.slice(SK.survey.length))];
  // A parked message holds the customer id and the template variables.
  if (sk.startsWith(SK.deadLetter) && typeof item.letterSk === 'string') return [{ pk: MESSAGE_DEAD_LETTERS_PK, sk: item.letterSk }];
  // An event's de-duplication claim: its key is the event id, which sources may build from the customer id.
  if (sk.startsWith(SK.eventRef)) return [keys.event(sk.slice(SK.eventRef.length))];
  // A crisis broadcast's record of a failed send to the customer (`FAILED#<customerId>`).
  if (sk.startsWith(SK.broadcastFailure)) return [keys.broadcastFailure(sk.slice(SK.broadcastFailure.length), customerId)];
  return [];
}
