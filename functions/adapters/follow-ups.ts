/**
 * Human follow-ups (a detractor to call back): recorded in the customer's collection — so `why` shows it
 * and erasure removes it — and announced on the bus for the support desk to pick up.
 */
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { putEventsReliably } from './event-publisher';
import { customerPk, ttlAfterDays } from './keys';

export interface FollowUp {
  customerId: string;
  reason: string;
  score?: number;
  surveyId?: string;
  createdAt: string;
}

export const FOLLOW_UP_EVENT_TYPE = 'support.follow_up_requested';

export class FollowUps {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly eventBridge: EventBridgeClient,
    private readonly options: { tableName: string; busName: string; retentionDays?: number },
  ) {}

  /** Idempotent per (customer, survey): a retried step records and announces the same follow-up. */
  async request(followUp: FollowUp): Promise<void> {
    const ref = followUp.surveyId ?? followUp.createdAt;
    await this.doc.send(
      new PutCommand({
        TableName: this.options.tableName,
        Item: { pk: customerPk(followUp.customerId), sk: `FOLLOWUP#${ref}`, ...followUp, ttl: ttlAfterDays(new Date(followUp.createdAt), this.options.retentionDays ?? 90) },
      }),
    );
    const [result] = await putEventsReliably(this.eventBridge, [
      {
        EventBusName: this.options.busName,
        Source: 'journeys',
        DetailType: FOLLOW_UP_EVENT_TYPE,
        Detail: JSON.stringify({ id: `follow-up-${followUp.customerId}-${ref}`, ...followUp }),
      },
    ]);
    // Still refused after the retries: thrown into the journey step's Retry, which records and announces again.
    if (!result?.ok) {
      throw Object.assign(new Error(`the follow-up event was not accepted: ${result?.code ?? 'no result'}`), { name: 'FollowUpNotAnnounced' });
    }
  }
}
