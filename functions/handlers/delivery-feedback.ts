/**
 * Provider feedback → suppressions (rule 3). Subscribed to the SNS topics that receive
 * (a) SES event publishing (or classic SES notifications) from the configuration set:
 *     - a permanent bounce → `hard_bounce` suppression (email stops), a complaint → `complaint` suppression;
 *     - a transient bounce, a delivery, an open… → nothing but a metric.
 *     The customer and message come from the SES tags the email sender sets (`customerId`, `messageId`). The
 *     suppression is written only while the profile still has the address that bounced: a bounce of an address
 *     the customer has since replaced must not stop email to the new one. An erased customer gets nothing written.
 * (b) inbound SMS (AWS End User Messaging / SNS two-way SMS): STOP and its synonyms → `sms_stop` suppression for
 *     the customer with that number; START / UNSTOP → the customer's `sms_stop` suppressions are lifted.
 *
 * A notification that cannot be understood is logged (without its content: it holds addresses) and skipped —
 * retrying it would never help, and a poison message must not block the queue. An SDK failure throws, so the
 * invocation is retried and ends in the dead-letter queue if it keeps failing; every write is an idempotent
 * upsert or delete, so a retry repeats nothing harmful.
 */
import { createHash } from 'node:crypto';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SNSEvent, SNSEventRecord } from 'aws-lambda';
import * as z from '../domain/zod';
import { decodeTagValue, EMAIL_TAGS } from '../adapters/email-sender';
import { E164 } from '../domain/model/primitives';
import type { Suppression } from '../domain/model/suppression';
import { emailStillCurrent, keywordOf } from '../domain/rules/provider-feedback';
import { clock } from './runtime/clock';
import { dependencies } from './runtime/dependencies';
import { logger } from './runtime/logger';
import { count } from './runtime/metrics';
import './runtime/wiring/profiles'; // builds the profiles this module uses (runtime/dependencies.ts)

export type FeedbackOutcome =
  | 'hard_bounce'
  | 'complaint'
  | 'transient_bounce'
  | 'sms_stop'
  | 'sms_start'
  | 'ignored'
  | 'address_changed'
  | 'unknown_customer'
  | 'unattributed'
  | 'malformed';

export interface FeedbackSummary {
  outcomes: FeedbackOutcome[];
}

const Recipients = z.optional(z.array(z.looseObject({ emailAddress: z.string() })));

const SesNotification = z
  .looseObject({
    eventType: z.optional(z.string()),
    notificationType: z.optional(z.string()),
    mail: z.looseObject({
      messageId: z.optional(z.string()),
      timestamp: z.optional(z.string()),
      destination: z.optional(z.array(z.string())),
      tags: z.optional(z.record(z.string(), z.array(z.string()))),
    }),
    bounce: z.optional(
      z.looseObject({ bounceType: z.string(), bounceSubType: z.optional(z.string()), bouncedRecipients: Recipients, timestamp: z.optional(z.string()) }),
    ),
    complaint: z.optional(z.looseObject({ complainedRecipients: Recipients, complaintFeedbackType: z.optional(z.string()), timestamp: z.optional(z.string()) })),
  })
  .check(z.refine((n) => n.eventType !== undefined || n.notificationType !== undefined));
type SesNotification = z.infer<typeof SesNotification>;

const InboundSms = z.looseObject({
  originationNumber: E164,
  messageBody: z.optional(z.string().check(z.maxLength(1600))),
  messageKeyword: z.optional(z.string().check(z.maxLength(100))),
});
type InboundSms = z.infer<typeof InboundSms>;

const SMS_STOP_REF = 'inbound-stop';

export const handler = middy<SNSEvent, FeedbackSummary>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event) => {
    const outcomes: FeedbackOutcome[] = [];
    for (const record of event?.Records ?? []) {
      const outcome = await handleRecord(record);
      count('DeliveryFeedback', { outcome });
      outcomes.push(outcome);
    }
    return { outcomes };
  });

async function handleRecord(record: SNSEventRecord): Promise<FeedbackOutcome> {
  const message = parseJson(record?.Sns?.Message);
  if (typeof message !== 'object' || message === null) return malformed(record, 'not a JSON object');
  if ('eventType' in message || 'notificationType' in message) {
    const parsed = SesNotification.safeParse(message);
    return parsed.success ? handleSes(parsed.data) : malformed(record, 'not an SES notification');
  }
  if ('originationNumber' in message) {
    const parsed = InboundSms.safeParse(message);
    return parsed.success ? handleSms(parsed.data) : malformed(record, 'not an inbound SMS');
  }
  return malformed(record, 'neither an SES notification nor an inbound SMS');
}

async function handleSes(notification: SesNotification): Promise<FeedbackOutcome> {
  const type = notification.eventType ?? notification.notificationType;
  if (type === 'Bounce' && notification.bounce) {
    if (notification.bounce.bounceType !== 'Permanent') {
      logger.info('transient bounce: nothing to suppress', { bounceType: notification.bounce.bounceType, subType: notification.bounce.bounceSubType });
      return 'transient_bounce';
    }
    const subType = notification.bounce.bounceSubType ? ` (${notification.bounce.bounceSubType})` : '';
    return suppressEmail(notification, 'hard_bounce', notification.bounce.bouncedRecipients, `hard bounce${subType}`, notification.bounce.timestamp);
  }
  if (type === 'Complaint' && notification.complaint) {
    const feedback = notification.complaint.complaintFeedbackType ? ` (${notification.complaint.complaintFeedbackType})` : '';
    return suppressEmail(notification, 'complaint', notification.complaint.complainedRecipients, `complaint${feedback}`, notification.complaint.timestamp);
  }
  if (type === 'Bounce' || type === 'Complaint') return malformed(undefined, `${type} without its details`);
  logger.debug('SES event without consequence', { eventType: type });
  return 'ignored';
}

async function suppressEmail(
  notification: SesNotification,
  kind: 'hard_bounce' | 'complaint',
  recipients: { emailAddress: string }[] | undefined,
  what: string,
  reportedAt: string | undefined,
): Promise<FeedbackOutcome> {
  const customerId = tag(notification, EMAIL_TAGS.customerId);
  if (!customerId) {
    logger.warn('SES feedback without a customer tag: cannot attribute it', { kind, sesMessageId: notification.mail.messageId });
    return 'unattributed';
  }
  const { profiles, suppressions } = dependencies();
  const profile = await profiles.getProfile(customerId);
  if (!profile) {
    logger.info('SES feedback for a customer we do not have (erased?): nothing written', { kind, customerId });
    return 'unknown_customer';
  }
  if (!emailStillCurrent(profile, recipients?.map((r) => r.emailAddress) ?? notification.mail.destination ?? [])) {
    logger.info('SES feedback for an address the customer no longer has: nothing written', { kind, customerId });
    return 'address_changed';
  }
  const messageId = tag(notification, EMAIL_TAGS.messageId) ?? notification.mail.messageId ?? 'unknown';
  const now = clock.now();
  const suppression: Suppression = {
    kind,
    ref: boundedRef(messageId),
    reason: `${what} reported by SES on ${dayOf(reportedAt, now)}`.slice(0, 300),
    source: `ses ${kind === 'hard_bounce' ? 'bounce' : 'complaint'}`,
    createdAt: now.toISOString(),
  };
  await suppressions.putSuppression(customerId, suppression);
  logger.info('email suppressed', { kind, customerId, ref: suppression.ref });
  return kind;
}

async function handleSms(sms: InboundSms): Promise<FeedbackOutcome> {
  const keyword = keywordOf(sms);
  if (!keyword) {
    logger.info('inbound SMS without an opt-out or opt-in keyword: ignored');
    return 'ignored';
  }
  const { decisionContexts, suppressions, phones } = dependencies();
  const customerId = await phones.findCustomerByPhone(sms.originationNumber);
  if (!customerId) {
    logger.info('inbound SMS keyword from a number no customer has: nothing written', { keyword: keyword.kind });
    return 'unknown_customer';
  }
  const now = clock.now();
  if (keyword.kind === 'stop') {
    await suppressions.putSuppression(customerId, {
      kind: 'sms_stop',
      ref: SMS_STOP_REF,
      reason: `SMS ${keyword.word} received on ${dayOf(undefined, now)}`,
      source: 'sms inbound',
      createdAt: now.toISOString(),
    });
    logger.info('SMS suppressed after an opt-out keyword', { customerId });
    return 'sms_stop';
  }
  const context = await decisionContexts.loadDecisionContext(customerId);
  const lifted = context.suppressions.filter((s) => s.kind === 'sms_stop');
  await Promise.all(lifted.map((s) => suppressions.removeSuppression(customerId, 'sms_stop', s.ref)));
  logger.info('SMS opt-out lifted after an opt-in keyword', { customerId, lifted: lifted.length });
  return 'sms_start';
}

function tag(notification: SesNotification, name: string): string | undefined {
  const value = notification.mail.tags?.[name]?.[0];
  return value === undefined ? undefined : decodeTagValue(value);
}

/** Suppression refs are at most 128 characters; a longer message id is referred to by its hash. */
function boundedRef(ref: string): string {
  return ref.length <= 128 ? ref : `sha256:${createHash('sha256').update(ref).digest('hex')}`;
}

function dayOf(instant: string | undefined, fallback: Date): string {
  const ms = instant ? Date.parse(instant) : Number.NaN;
  return new Date(Number.isNaN(ms) ? fallback.getTime() : ms).toISOString().slice(0, 10);
}

function malformed(record: SNSEventRecord | undefined, why: string): FeedbackOutcome {
  // The content is not logged: it holds email addresses and phone numbers.
  logger.warn('malformed feedback notification skipped', { why, snsMessageId: record?.Sns?.MessageId, topic: record?.Sns?.TopicArn });
  return 'malformed';
}

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
