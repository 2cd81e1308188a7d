/**
 * SNS `Publish` (Query protocol), answered by the runtime itself: SMS to a phone number and push to a platform
 * endpoint land in the outbox instead of on a phone. The request is the SDK's form-encoded one
 * (`Action=Publish&PhoneNumber=…|TargetArn=…&Message=…&MessageStructure=json&MessageAttributes.entry.N.…`); the
 * answer is SNS's XML (`PublishResponse` with a MessageId, or an `ErrorResponse`), so the real SnsSmsSender and
 * SnsPushSender run against it unchanged, including their error classification (faults answer with the
 * service's error codes).
 *
 * Validation follows what SNS checks for these parameters; topics are not part of the local runtime.
 */
import { randomUUID } from 'node:crypto';
import { AwsServiceError } from './aws-error';
import type { FaultSwitch } from './faults';
import type { Outbox, OutboxEntry } from './outbox';

const XMLNS = 'http://sns.amazonaws.com/doc/2010-03-31/';
const E164 = /^\+[1-9]\d{6,14}$/;
const ENDPOINT_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:endpoint\/[A-Z_]+\/[^/]+\/[^/]+$/;
const MAX_MESSAGE_BYTES = 256 * 1024;

export interface SnsAnswer {
  status: number;
  body: string;
}

export interface SnsEndpointOptions {
  outbox: Outbox;
  faults: FaultSwitch;
  now(): Date;
}

export function handleSnsQuery(form: URLSearchParams, options: SnsEndpointOptions): SnsAnswer {
  const requestId = randomUUID();
  try {
    const action = form.get('Action');
    if (action !== 'Publish') {
      throw new AwsServiceError('InvalidAction', `The action ${action ?? '(none)'} is not valid for this web service (the local runtime answers Publish only).`);
    }
    const messageId = publish(form, options);
    return {
      status: 200,
      body: `<PublishResponse xmlns="${XMLNS}"><PublishResult><MessageId>${messageId}</MessageId></PublishResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></PublishResponse>`,
    };
  } catch (error) {
    const { code, message, status } =
      error instanceof AwsServiceError ? error : { code: 'InternalError', message: 'The local SNS endpoint failed.', status: 500 };
    const type = status >= 500 ? 'Receiver' : 'Sender';
    return {
      status,
      body: `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${type}</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
    };
  }
}

function publish(form: URLSearchParams, options: SnsEndpointOptions): string {
  const phoneNumber = form.get('PhoneNumber') ?? undefined;
  const targetArn = form.get('TargetArn') ?? undefined;
  const topicArn = form.get('TopicArn') ?? undefined;
  const message = form.get('Message');
  const structure = form.get('MessageStructure') ?? undefined;
  const attributes = messageAttributes(form);

  if ([phoneNumber, targetArn, topicArn].filter((value) => value !== undefined).length !== 1) {
    throw invalid('Invalid parameter: TopicArn, TargetArn or PhoneNumber Reason: exactly one must be given');
  }
  if (topicArn !== undefined) throw new AwsServiceError('NotFound', 'Topic does not exist (the local runtime has no topics)', 404);
  if (message === null || message === '') throw invalid('Invalid parameter: Empty message');
  if (Buffer.byteLength(message) > MAX_MESSAGE_BYTES) throw invalid('Invalid parameter: Message too long');
  if (phoneNumber !== undefined && !E164.test(phoneNumber)) throw invalid(`Invalid parameter: PhoneNumber Reason: ${phoneNumber} is not valid to publish to`);
  if (targetArn !== undefined && !ENDPOINT_ARN.test(targetArn)) throw invalid('Invalid parameter: TargetArn Reason: not an SNS platform endpoint ARN');
  if (structure !== undefined && structure !== 'json') throw invalid(`Invalid parameter: MessageStructure Reason: ${structure} is not a valid value`);

  const to = (phoneNumber ?? targetArn) as string;
  const fault = options.faults.take(to);
  if (fault) throw new AwsServiceError(queryCode(fault.name), fault.message ?? `${fault.name} (injected by the local runtime)`, fault.status);

  const messageId = randomUUID();
  const at = options.now().toISOString();
  const entry: OutboxEntry =
    phoneNumber !== undefined
      ? {
          messageId,
          channel: 'sms',
          to,
          body: structure === 'json' ? defaultText(message) : message,
          smsType: attributes['AWS.SNS.SMS.SMSType'] === 'Transactional' ? 'Transactional' : 'Promotional',
          ...(attributes['AWS.SNS.SMS.SenderID'] ? { senderId: attributes['AWS.SNS.SMS.SenderID'] } : {}),
          at,
        }
      : { messageId, channel: 'push', to, ...pushContent(message, structure === 'json'), at };
  options.outbox.add(entry);
  return messageId;
}

const invalid = (message: string) => new AwsServiceError('InvalidParameter', message);

/** SNS's Query error codes are the exception names without `Exception` (`Throttled` → ThrottledException). */
function queryCode(exceptionName: string): string {
  return exceptionName.replace(/Exception$/, '');
}

/** `MessageAttributes.entry.N.Name` / `.Value.StringValue` → name → string value. */
function messageAttributes(form: URLSearchParams): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [key, name] of form) {
    const match = /^MessageAttributes\.entry\.(\d+)\.Name$/.exec(key);
    if (!match) continue;
    const value = form.get(`MessageAttributes.entry.${match[1]}.Value.StringValue`);
    if (value !== null) attributes[name] = value;
  }
  return attributes;
}

function parseStructured(message: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    throw invalid('Invalid parameter: Message Structure - JSON message body failed to parse');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || typeof (parsed as { default?: unknown }).default !== 'string') {
    throw invalid('Invalid parameter: Message Structure - No default entry in JSON message body');
  }
  return parsed as Record<string, unknown>;
}

function defaultText(message: string): string {
  return parseStructured(message).default as string;
}

/** Title and body as the phone would show them: FCM v1 first, then APNs, then the default text. */
function pushContent(message: string, structured: boolean): { title?: string; body: string; data?: Record<string, unknown> } {
  if (!structured) return { body: message };
  const payload = parseStructured(message);
  const fcm = parseJson(payload.GCM) as { fcmV1Message?: { message?: { notification?: { title?: string; body?: string }; data?: Record<string, unknown> } } } | undefined;
  const notification = fcm?.fcmV1Message?.message?.notification;
  if (notification?.body !== undefined) {
    const data = fcm?.fcmV1Message?.message?.data;
    return { ...(notification.title ? { title: notification.title } : {}), body: notification.body, ...(data ? { data } : {}) };
  }
  const apns = parseJson(payload.APNS ?? payload.APNS_SANDBOX) as { aps?: { alert?: { title?: string; body?: string } | string } } | undefined;
  const alert = apns?.aps?.alert;
  if (typeof alert === 'string') return { body: alert };
  if (alert?.body !== undefined) return { ...(alert.title ? { title: alert.title } : {}), body: alert.body };
  return { body: payload.default as string };
}

function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[char] as string);
}
