import { describe, expect, it } from 'vitest';
import {
  classifyProviderError,
  ProviderConfigurationError,
  providerFailureKind,
  ProviderRetryableError,
  redact,
} from '../../../functions/adapters/provider-errors';
import type { Channel } from '../../../functions/domain/model/primitives';

function sdkError(name: string, message = '', extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name, $metadata: {}, ...extra });
}

describe('classifying provider errors', () => {
  it.each<[string, string, Channel, unknown]>([
    ['SES throttling', 'retryable', 'email', sdkError('TooManyRequestsException')],
    ['SES daily quota', 'retryable', 'email', sdkError('LimitExceededException')],
    ['SES v1-style throttling', 'retryable', 'email', sdkError('Throttling', 'Maximum sending rate exceeded')],
    ['SES internal error', 'retryable', 'email', sdkError('InternalServiceErrorException')],
    ['any 5xx', 'retryable', 'sms', sdkError('SomethingNew', '', { $metadata: { httpStatusCode: 503 } })],
    ['a 429', 'retryable', 'push', sdkError('SomethingNew', '', { $metadata: { httpStatusCode: 429 } })],
    ['a server fault', 'retryable', 'sms', sdkError('SomethingNew', '', { $fault: 'server' })],
    ['an SDK-marked transient error', 'retryable', 'email', sdkError('SomethingNew', '', { $retryable: { throttling: true } })],
    ['a connection reset', 'retryable', 'email', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
    ['a timeout', 'retryable', 'email', sdkError('TimeoutError')],
    ['SNS throttling', 'retryable', 'sms', sdkError('ThrottledException')],
    ['KMS throttling', 'retryable', 'push', sdkError('KMSThrottlingException')],
    ['SNS internal error', 'retryable', 'push', sdkError('InternalErrorException')],
    ['an illegal email address', 'permanent-address', 'email', sdkError('BadRequestException', 'Illegal address')],
    ['a malformed email domain', 'permanent-address', 'email', sdkError('InvalidParameterValue', "Missing final '@domain'")],
    ['an opted-out phone', 'permanent-address', 'sms', sdkError('OptedOutException')],
    ['an invalid phone number', 'permanent-address', 'sms', sdkError('InvalidParameterException', 'Invalid parameter: PhoneNumber Reason: not valid')],
    ['a disabled endpoint', 'permanent-address', 'push', sdkError('EndpointDisabledException')],
    ['a deleted endpoint', 'permanent-address', 'push', sdkError('NotFoundException', 'Endpoint does not exist')],
    ['SES access denied', 'configuration', 'email', sdkError('AccessDeniedException')],
    ['SNS authorization', 'configuration', 'sms', sdkError('AuthorizationErrorException')],
    ['an unverified MAIL FROM domain', 'configuration', 'email', sdkError('MailFromDomainNotVerifiedException')],
    ['a missing configuration set', 'configuration', 'email', sdkError('NotFoundException', 'Configuration set journeys does not exist')],
    ['paused sending', 'configuration', 'email', sdkError('SendingPausedException')],
    ['a suspended account', 'configuration', 'email', sdkError('AccountSuspendedException')],
    ['a sandbox rejection', 'configuration', 'email', sdkError('MessageRejected', 'Email address is not verified')],
    ['a disabled platform application', 'configuration', 'push', sdkError('PlatformApplicationDisabledException')],
    ['an invalid request of ours', 'configuration', 'email', sdkError('BadRequestException', 'Missing required field Subject')],
    ['a programming error', 'configuration', 'email', new TypeError('x is undefined')],
  ])('%s is %s on %s', (_name, kind, channel, err) => {
    expect(providerFailureKind(err, channel)).toBe(kind);
  });

  it('wraps errors in the named error classes and passes classified ones through', () => {
    const wrapped = classifyProviderError(sdkError('ThrottledException', 'Rate exceeded'), 'sms');
    expect(wrapped).toBeInstanceOf(ProviderRetryableError);
    expect(wrapped).toMatchObject({ kind: 'retryable', channel: 'sms', providerCode: 'ThrottledException', name: 'ProviderRetryableError' });
    expect(classifyProviderError(wrapped, 'email')).toBe(wrapped);
    expect(classifyProviderError('just a string', 'push')).toBeInstanceOf(ProviderConfigurationError);
  });

  it('keeps addresses, phone numbers and endpoint ARNs out of error messages', () => {
    expect(redact('identities failed the check: ana.novak+x@example.co.uk, bob@example.com')).toBe('identities failed the check: [email], [email]');
    expect(redact('Invalid parameter: PhoneNumber Reason: +421 900 123 456 is not valid')).toBe('Invalid parameter: PhoneNumber Reason: [number] is not valid');
    expect(redact('Endpoint arn:aws:sns:eu-central-1:123456789012:endpoint/GCM/app/abc is disabled')).toBe('Endpoint [endpoint] is disabled');
  });
});
