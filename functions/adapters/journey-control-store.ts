/**
 * A journey's control state, its audit and its queued entries, `pk = JOURNEY#<name>`:
 * - `sk = CONTROL`: the pause and/or stop in force (absent = running);
 * - `sk = AUDIT#<at>#<nonce>`: every change with its actor (routing, pause, resume, a pause ending by itself, stop) and every dropped entry
 *   with its reason, newest last;
 * - `sk = QUEUED#<at>#<eventId>`: an entry that arrived while paused with `entries: queue`, started on resume in
 *   arrival order. The event id in the key makes a redelivered event one queued entry, not two.
 */
import { randomBytes } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryPages } from './dynamo-helpers';
import type { JourneyEvent } from '../domain/model/event';
import type { JourneyControl } from '../domain/model/journey-control';

export interface JourneyAuditEntry {
  action: 'routing' | 'pause' | 'resume' | 'pause-ended' | 'stop' | 'entry-dropped' | 'entry-queued';
  actor: string;
  at: string;
  detail: Record<string, unknown>;
}

export interface QueuedEntry {
  event: JourneyEvent;
  queuedAt: string;
  key: { pk: string; sk: string };
}

const CONTROL_SK = 'CONTROL';
const journeyPk = (journey: string) => `JOURNEY#${journey}`;
/** The control record's key (the decision path reads it with the freeze in one batch: hold-state.ts). */
export const journeyControlKey = (journey: string) => ({ pk: journeyPk(journey), sk: CONTROL_SK });

export class JourneyControlStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(journey: string): Promise<JourneyControl | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { pk: journeyPk(journey), sk: CONTROL_SK }, ConsistentRead: true }));
    if (!Item) return undefined;
    const control = Item.control as JourneyControl;
    return control.pause || control.stop ? control : undefined;
  }

  /** Writes the control state and its audit entry (the audit first: no change without its record). */
  async set(journey: string, control: JourneyControl, entry: JourneyAuditEntry): Promise<void> {
    await this.audit(journey, entry);
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { pk: journeyPk(journey), sk: CONTROL_SK, control } }));
  }

  async audit(journey: string, entry: JourneyAuditEntry): Promise<void> {
    const sk = `AUDIT#${entry.at}#${randomBytes(4).toString('hex')}`;
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { pk: journeyPk(journey), sk, ...entry } }));
  }

  /** Oldest first. */
  async auditTrail(journey: string, limit = 100): Promise<JourneyAuditEntry[]> {
    const items = await this.#query(journey, 'AUDIT#', limit);
    return items.map(({ action, actor, at, detail }) => ({ action, actor, at, detail }) as JourneyAuditEntry);
  }

  async queue(journey: string, event: JourneyEvent, at: string): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: journeyPk(journey), sk: `QUEUED#${at}#${event.id}`, event, queuedAt: at },
        // A redelivery of the same event keeps its first place in the queue.
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ).catch((error: unknown) => {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    });
  }

  /** Arrival order. */
  async queued(journey: string): Promise<QueuedEntry[]> {
    const items = await this.#query(journey, 'QUEUED#');
    return items.map((item) => ({ event: item.event as JourneyEvent, queuedAt: item.queuedAt as string, key: { pk: item.pk as string, sk: item.sk as string } }));
  }

  async dequeue(entry: QueuedEntry): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: entry.key }));
  }

  async #query(journey: string, prefix: string, limit = Number.POSITIVE_INFINITY): Promise<Array<Record<string, unknown>>> {
    const items: Array<Record<string, unknown>> = [];
    const input = {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': journeyPk(journey), ':prefix': prefix },
      ConsistentRead: true,
    };
    for await (const page of queryPages(this.doc, input)) {
      items.push(...(page.Items ?? []));
      if (items.length >= limit) break;
    }
    return items.slice(0, limit);
  }
}
