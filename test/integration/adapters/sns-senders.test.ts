import {
  AuthorizationErrorException,
  EndpointDisabledException,
  InternalErrorException,
  InvalidParameterException,
  OptedOutException,
  PlatformApplicationDisabledException,
  PublishCommand,
  SNSClient,
  ThrottledException,
} from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ProviderConfigurationError,
  ProviderPermanentAddressError,
  ProviderRetryableError,
} from '../../../functions/adapters/provider-errors';
import { SnsPushSender } from '../../../functions/adapters/push-sender';
import { SnsSmsSender } from '../../../functions/adapters/sms-sender';

const client = new SNSClient({ region: 'eu-central-1' });
const snsMock = mockClient(client);
beforeEach(() => snsMock.reset());
afterAll(() => snsMock.restore());

const lastPublish = () => snsMock.commandCalls(PublishCommand).at(-1)?.args[0].input;

describe('SnsSmsSender', () => {
  const sms = new SnsSmsSender(client, { senderId: 'Journeys' });

  it('publishes marketing as Promotional with the sender id', async () => {
    snsMock.on(PublishCommand).resolves({ MessageId: 'sns-1' });
    expect(await sms.send({ phoneNumber: '+421900123456', body: 'Offer inside', category: 'marketing' })).toEqual({ providerMessageId: 'sns-1' });
    expect(lastPublish()).toEqual({
      PhoneNumber: '+421900123456',
      Message: 'Offer inside',
      MessageAttributes: {
        'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Promotional' },
        'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: 'Journeys' },
      },
    });
  });

  it.each(['transactional', 'service'] as const)('publishes %s messages as Transactional', async (category) => {
    snsMock.on(PublishCommand).resolves({ MessageId: 'sns-2' });
    await sms.send({ phoneNumber: '+421900123456', body: 'Payments are down', category });
    expect(lastPublish()?.MessageAttributes?.['AWS.SNS.SMS.SMSType']).toEqual({ DataType: 'String', StringValue: 'Transactional' });
  });

  it('leaves the sender id out when none is configured', async () => {
    snsMock.on(PublishCommand).resolves({ MessageId: 'sns-3' });
    await new SnsSmsSender(client).send({ phoneNumber: '+421900123456', body: 'x', category: 'service' });
    expect(Object.keys(lastPublish()?.MessageAttributes ?? {})).toEqual(['AWS.SNS.SMS.SMSType']);
  });

  it('refuses an invalid sender id at construction', () => {
    expect(() => new SnsSmsSender(client, { senderId: 'Journeys-Alerts!' })).toThrow(ProviderConfigurationError);
  });

  it.each([
    ['an opted-out number', new OptedOutException({ message: 'Phone number is opted out', $metadata: {} }), ProviderPermanentAddressError],
    [
      'an invalid number',
      new InvalidParameterException({ message: 'Invalid parameter: PhoneNumber Reason: +421 900 123 456 is not valid to publish to', $metadata: {} }),
      ProviderPermanentAddressError,
    ],
    ['throttling', new ThrottledException({ message: 'Rate exceeded', $metadata: {} }), ProviderRetryableError],
    ['an SNS internal error', new InternalErrorException({ message: 'Internal', $metadata: { httpStatusCode: 500 } }), ProviderRetryableError],
    ['missing permission', new AuthorizationErrorException({ message: 'not authorized', $metadata: {} }), ProviderConfigurationError],
  ])('classifies %s', async (_name, error, expected) => {
    snsMock.on(PublishCommand).rejects(error);
    const err = await sms.send({ phoneNumber: '+421900123456', body: 'x', category: 'service' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(expected);
    expect((err as Error).message).not.toMatch(/900 123 456|\+421900123456/);
  });
});

describe('SnsPushSender', () => {
  const push = new SnsPushSender(client);
  const targetArn = 'arn:aws:sns:eu-central-1:123456789012:endpoint/GCM/journeys/abc';

  it('publishes one JSON message with default, FCM v1 and APNs bodies carrying title and body', async () => {
    snsMock.on(PublishCommand).resolves({ MessageId: 'sns-push-1' });
    const result = await push.send({ targetArn, title: 'Payments outage', body: 'We are on it.', category: 'service', data: { link: 'journeys://status' } });
    expect(result).toEqual({ providerMessageId: 'sns-push-1' });

    const input = lastPublish();
    expect(input?.TargetArn).toBe(targetArn);
    expect(input?.MessageStructure).toBe('json');
    const message = JSON.parse(input?.Message ?? '{}') as Record<string, string>;
    expect(Object.keys(message).sort()).toEqual(['APNS', 'APNS_SANDBOX', 'GCM', 'default']);
    expect(message.default).toBe('Payments outage: We are on it.');
    expect(JSON.parse(message.GCM ?? '')).toEqual({
      fcmV1Message: {
        message: { notification: { title: 'Payments outage', body: 'We are on it.' }, data: { link: 'journeys://status', category: 'service' } },
      },
    });
    expect(JSON.parse(message.APNS ?? '')).toEqual({
      aps: { alert: { title: 'Payments outage', body: 'We are on it.' }, sound: 'default' },
      link: 'journeys://status',
      category: 'service',
    });
    expect(message.APNS_SANDBOX).toBe(message.APNS);
  });

  it.each([
    ['a disabled endpoint', new EndpointDisabledException({ message: 'Endpoint is disabled', $metadata: {} }), ProviderPermanentAddressError],
    [
      'an endpoint that no longer exists',
      new InvalidParameterException({ message: 'Invalid parameter: TargetArn Reason: No endpoint found for the target arn specified', $metadata: {} }),
      ProviderPermanentAddressError,
    ],
    ['a disabled platform application', new PlatformApplicationDisabledException({ message: 'Platform application is disabled', $metadata: {} }), ProviderConfigurationError],
    ['throttling', new ThrottledException({ message: 'Rate exceeded', $metadata: {} }), ProviderRetryableError],
  ])('classifies %s', async (_name, error, expected) => {
    snsMock.on(PublishCommand).rejects(error);
    await expect(push.send({ targetArn, title: 't', body: 'b', category: 'service' })).rejects.toBeInstanceOf(expected);
  });
});
