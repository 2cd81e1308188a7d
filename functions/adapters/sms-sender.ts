/**
 * SMS through SNS `Publish` to a phone number. The SMS type matters beyond pricing: Transactional messages
 * get the more reliable routes (and may be sent to numbers that block promotional traffic), Promotional ones
 * the cheaper routes — so only marketing is Promotional.
 */
import { PublishCommand, type MessageAttributeValue, type PublishCommandInput, type SNSClient } from '@aws-sdk/client-sns';
import type { Category } from '../domain/model/primitives';
import type { Environment } from './client-config';
import { classifyProviderError, ProviderConfigurationError, type SendResult } from './provider-errors';

export interface SmsMessage {
  /** E.164. */
  phoneNumber: string;
  body: string;
  category: Category;
}

export interface SmsSender {
  send(message: SmsMessage): Promise<SendResult>;
}

export interface SnsSmsSenderOptions {
  /** Alphanumeric sender id (1–11 characters, at least one letter); not supported in every country. */
  senderId?: string;
}

export class SnsSmsSender implements SmsSender {
  constructor(
    private readonly client: SNSClient,
    private readonly options: SnsSmsSenderOptions = {},
  ) {
    if (options.senderId !== undefined && !/^(?=.*[A-Za-z])[A-Za-z0-9]{1,11}$/.test(options.senderId)) {
      throw new ProviderConfigurationError('sms', 'InvalidSenderId', 'the SMS sender id must be 1-11 letters or digits, with at least one letter');
    }
  }

  async send(message: SmsMessage): Promise<SendResult> {
    let messageId: string | undefined;
    try {
      ({ MessageId: messageId } = await this.client.send(new PublishCommand(this.toInput(message))));
    } catch (err) {
      throw classifyProviderError(err, 'sms');
    }
    if (!messageId) throw new ProviderConfigurationError('sms', 'MissingMessageId', 'SNS accepted the message but returned no MessageId');
    return { providerMessageId: messageId };
  }

  toInput(message: SmsMessage): PublishCommandInput {
    const attributes: Record<string, MessageAttributeValue> = {
      'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: message.category === 'marketing' ? 'Promotional' : 'Transactional' },
    };
    if (this.options.senderId) attributes['AWS.SNS.SMS.SenderID'] = { DataType: 'String', StringValue: this.options.senderId };
    return { PhoneNumber: message.phoneNumber, Message: message.body, MessageAttributes: attributes };
  }
}

/** The sender as the environment configures it: `SMS_SENDER_ID`, on the SNS client push shares. */
export function createSmsSender(env: Environment, sns: SNSClient): SnsSmsSender {
  return new SnsSmsSender(sns, env.SMS_SENDER_ID ? { senderId: env.SMS_SENDER_ID } : {});
}
