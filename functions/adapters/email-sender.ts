/**
 * Email through SES v2 `SendEmail` with simple content (subject, HTML and text bodies, UTF-8), sent through a
 * configuration set so bounces and complaints come back as events (feedback λ → suppressions). Marketing email
 * carries RFC 8058 one-click unsubscribe headers (rule 4; Gmail and Yahoo require them for bulk senders).
 */
import { SendEmailCommand, type SendEmailCommandInput, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { Category } from '../domain/model/primitives';
import type { Environment } from './client-config';
import { classifyProviderError, ProviderConfigurationError, type SendResult } from './provider-errors';
import { createSesClient } from './ses-client';

export interface EmailMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
  category: Category;
  journey: string;
  step: string;
  /** The one-click unsubscribe endpoint; required for marketing, allowed for any category. */
  unsubscribeUrl?: string;
  replyTo?: string;
  /**
   * Sent as SES tags (reversibly encoded, see `encodeTagValue`), so bounce and complaint notifications name the
   * customer and message they are about (delivery-feedback → suppressions).
   */
  customerId?: string;
  messageId?: string;
}

export interface EmailSender {
  send(message: EmailMessage): Promise<SendResult>;
}

export interface SesEmailSenderOptions {
  /** e.g. `Journeys <hello@example.com>`; must be a verified identity. */
  fromAddress: string;
  configurationSetName?: string;
}

const UTF8 = 'UTF-8';

export class SesEmailSender implements EmailSender {
  constructor(
    private readonly client: SESv2Client,
    private readonly options: SesEmailSenderOptions,
  ) {}

  async send(message: EmailMessage): Promise<SendResult> {
    const input = this.toInput(message);
    let messageId: string | undefined;
    try {
      ({ MessageId: messageId } = await this.client.send(new SendEmailCommand(input)));
    } catch (err) {
      throw classifyProviderError(err, 'email');
    }
    if (!messageId) throw new ProviderConfigurationError('email', 'MissingMessageId', 'SES accepted the message but returned no MessageId');
    return { providerMessageId: messageId };
  }

  /** The exact SendEmail request, exposed for tests and the local outbox. */
  toInput(message: EmailMessage): SendEmailCommandInput {
    if (message.category === 'marketing' && !message.unsubscribeUrl) {
      throw new ProviderConfigurationError('email', 'MissingUnsubscribeUrl', 'marketing email needs a one-click unsubscribe URL');
    }
    assertHeaderSafe('subject', message.subject);
    const headers = message.unsubscribeUrl
      ? [
          { Name: 'List-Unsubscribe', Value: `<${headerSafe('unsubscribeUrl', message.unsubscribeUrl)}>` },
          { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
        ]
      : undefined;
    return {
      FromEmailAddress: this.options.fromAddress,
      Destination: { ToAddresses: [message.to] },
      ...(message.replyTo ? { ReplyToAddresses: [message.replyTo] } : {}),
      ...(this.options.configurationSetName ? { ConfigurationSetName: this.options.configurationSetName } : {}),
      Content: {
        Simple: {
          Subject: { Data: message.subject, Charset: UTF8 },
          Body: {
            Html: { Data: message.html, Charset: UTF8 },
            Text: { Data: message.text, Charset: UTF8 },
          },
          ...(headers ? { Headers: headers } : {}),
        },
      },
      // Tags come back on every SES event (delivery, bounce, complaint, open), so feedback can be attributed.
      EmailTags: [
        { Name: 'journey', Value: tagValue(message.journey) },
        { Name: 'step', Value: tagValue(message.step) },
        { Name: 'category', Value: tagValue(message.category) },
        ...identityTag(EMAIL_TAGS.customerId, message.customerId),
        ...identityTag(EMAIL_TAGS.messageId, message.messageId),
      ],
    };
  }
}

/** The SES tag names delivery-feedback reads back from `mail.tags`. */
export const EMAIL_TAGS = { customerId: 'customerId', messageId: 'messageId' } as const;

const MAX_TAG_VALUE = 256;
const PLAIN_TAG_VALUE = /^[A-Za-z0-9-]+$/;
const ENCODED_PREFIX = 'b64_';

/**
 * SES tag values allow only ASCII letters, digits, `_` and `-`. Identifiers must survive the round trip (a
 * customer id may contain `.`, `:`, `@` or `_`), so a value made of letters, digits and `-` is sent as is and
 * anything else as `b64_` + base64url(UTF-8). A plain value never contains `_`, so the two cannot be confused.
 * Undefined when the encoding would exceed SES's 256 characters.
 */
export function encodeTagValue(value: string): string | undefined {
  const encoded = PLAIN_TAG_VALUE.test(value) ? value : ENCODED_PREFIX + Buffer.from(value, 'utf8').toString('base64url');
  return encoded.length <= MAX_TAG_VALUE ? encoded : undefined;
}

/** The identifier `encodeTagValue` encoded; undefined for a value it cannot have produced. */
export function decodeTagValue(value: string): string | undefined {
  if (PLAIN_TAG_VALUE.test(value)) return value;
  if (!value.startsWith(ENCODED_PREFIX)) return undefined;
  const body = value.slice(ENCODED_PREFIX.length);
  if (!/^[A-Za-z0-9_-]+$/.test(body)) return undefined;
  const decoded = Buffer.from(body, 'base64url').toString('utf8');
  // Only the canonical spelling: a value that does not re-encode to itself was not made by us.
  return encodeTagValue(decoded) === value ? decoded : undefined;
}

function identityTag(name: string, value: string | undefined): { Name: string; Value: string }[] {
  if (value === undefined || value === '') return [];
  const encoded = encodeTagValue(value);
  return encoded === undefined ? [] : [{ Name: name, Value: encoded }];
}

/** SES tag values allow only ASCII letters, digits, `_` and `-` (at most 256 characters). */
function tagValue(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 256) || '_';
}

/** CR/LF in a header value would let a value inject headers of its own. */
function assertHeaderSafe(field: string, value: string): void {
  if (/[\r\n]/.test(value)) throw new ProviderConfigurationError('email', 'InvalidHeader', `${field} must be a single line`);
}

function headerSafe(field: string, value: string): string {
  assertHeaderSafe(field, value);
  if (/[<>\s]/.test(value)) throw new ProviderConfigurationError('email', 'InvalidHeader', `${field} must be a bare URL`);
  return value;
}

/** The sender as the environment configures it: `EMAIL_FROM`, `SES_CONFIGURATION_SET`, the SES endpoint. */
export function createEmailSender(env: Environment = process.env): SesEmailSender {
  return new SesEmailSender(createSesClient(env), {
    fromAddress: env.EMAIL_FROM ?? 'Journeys <no-reply@journeys.local>',
    ...(env.SES_CONFIGURATION_SET ? { configurationSetName: env.SES_CONFIGURATION_SET } : {}),
  });
}
