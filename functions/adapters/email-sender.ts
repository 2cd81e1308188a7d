/**
 * Email through SES v2 `SendEmail` with simple content (subject, HTML and text bodies, UTF-8), sent through a
 * configuration set so bounces and complaints come back as events (feedback λ → suppressions). Marketing email
 * carries RFC 8058 one-click unsubscribe headers (rule 4; Gmail and Yahoo require them for bulk senders).
 */
import { SendEmailCommand, type SendEmailCommandInput, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { Category } from '../domain/model/primitives';
import { classifyProviderError, ProviderConfigurationError, type SendResult } from './provider-errors';

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
      ],
    };
  }
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
