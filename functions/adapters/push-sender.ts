/**
 * Push through SNS `Publish` to a platform endpoint, with `MessageStructure: json` so each platform gets its own
 * payload: FCM in the HTTP v1 shape (`fcmV1Message`, which SNS supports since 2024; the legacy shape is being
 * retired) and APNs (`aps.alert` with title and body, production and sandbox). `default` is the fallback text.
 */
import { PublishCommand, type PublishCommandInput, type SNSClient } from '@aws-sdk/client-sns';
import type { Category } from '../domain/model/primitives';
import { classifyProviderError, ProviderConfigurationError, type SendResult } from './provider-errors';

export interface PushMessage {
  /** The SNS platform endpoint ARN. */
  targetArn: string;
  title: string;
  body: string;
  category: Category;
  /** Extra data for the app (deep link, message id); FCM requires string values. */
  data?: Record<string, string>;
}

export interface PushSender {
  send(message: PushMessage): Promise<SendResult>;
}

export class SnsPushSender implements PushSender {
  constructor(private readonly client: SNSClient) {}

  async send(message: PushMessage): Promise<SendResult> {
    let messageId: string | undefined;
    try {
      ({ MessageId: messageId } = await this.client.send(new PublishCommand(this.toInput(message))));
    } catch (err) {
      throw classifyProviderError(err, 'push');
    }
    if (!messageId) throw new ProviderConfigurationError('push', 'MissingMessageId', 'SNS accepted the message but returned no MessageId');
    return { providerMessageId: messageId };
  }

  toInput(message: PushMessage): PublishCommandInput {
    const data = { ...message.data, category: message.category };
    const fcm = { fcmV1Message: { message: { notification: { title: message.title, body: message.body }, data } } };
    const apns = { aps: { alert: { title: message.title, body: message.body }, sound: 'default' }, ...data };
    return {
      TargetArn: message.targetArn,
      MessageStructure: 'json',
      Message: JSON.stringify({
        default: `${message.title}: ${message.body}`,
        GCM: JSON.stringify(fcm),
        APNS: JSON.stringify(apns),
        APNS_SANDBOX: JSON.stringify(apns),
      }),
    };
  }
}
