/**
 * What a failed SES/SNS call means for the message, so the send step knows what to do next:
 * - `retryable`: the provider is throttling or unwell, or the network failed — retry with backoff (Step
 *   Functions Retry on ProviderRetryableError), the claim is released first.
 * - `permanent-address`: this customer's address on this channel cannot receive (invalid address, opted out,
 *   disabled push endpoint) — suppress the channel for the customer and fall back to the next channel.
 * - `configuration`: our setup is wrong (permissions, unverified sender, paused account, missing configuration
 *   set, disabled platform application) — retrying or falling back will not help for anyone: fail loudly.
 *
 * Error names come from the SDK models (`@aws-sdk/client-sesv2` and `@aws-sdk/client-sns`
 * `dist-types/models/errors.d.ts`, and the @throws lists of SendEmailCommand/PublishCommand); the SES v1/query
 * names (`Throttling`, `InvalidParameterValue`) are accepted too.
 *
 * Provider messages can quote the address ("…failed the check: ana@example.com"), so the error message keeps
 * only the error name and a redacted detail: these errors get logged.
 */
import type { Channel } from '../domain/model/primitives';

export type ProviderFailureKind = 'retryable' | 'permanent-address' | 'configuration';

/** What every delivery adapter returns once the provider accepted the message. */
export interface SendResult {
  providerMessageId: string;
}

export abstract class ProviderError extends Error {
  abstract readonly kind: ProviderFailureKind;

  constructor(
    readonly channel: Channel,
    /** The provider's error name, e.g. `ThrottledException`. */
    readonly providerCode: string,
    detail: string,
  ) {
    super(`${channel} provider failed with ${providerCode}${detail ? `: ${detail}` : ''}`);
    this.name = new.target.name;
  }
}

export class ProviderRetryableError extends ProviderError {
  readonly kind = 'retryable' as const;
}

export class ProviderPermanentAddressError extends ProviderError {
  readonly kind = 'permanent-address' as const;
}

export class ProviderConfigurationError extends ProviderError {
  readonly kind = 'configuration' as const;
}

const RETRYABLE_NAMES = new Set([
  // throttling
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'KMSThrottlingException',
  'RequestLimitExceeded',
  // SES v2 SendEmail: a sending quota is exhausted; it replenishes.
  'LimitExceededException',
  // the provider failed
  'InternalErrorException',
  'InternalServiceErrorException',
  'InternalFailure',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  // credentials that just rotated
  'ExpiredToken',
  'ExpiredTokenException',
  'RequestExpired',
  // timeouts and dropped connections
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'NetworkingError',
]);

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH']);

const CONFIGURATION_NAMES = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'AuthorizationErrorException',
  'AccountSuspendedException',
  'SendingPausedException',
  'MailFromDomainNotVerifiedException',
  'ConfigurationSetDoesNotExist',
  'ConfigurationSetDoesNotExistException',
  // SES: in the sandbox an unverified recipient is rejected; otherwise it is content (a virus): our problem.
  'MessageRejected',
  'PlatformApplicationDisabledException',
  'InvalidSecurityException',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'KMSAccessDeniedException',
  'KMSDisabledException',
  'KMSInvalidStateException',
  'KMSNotFoundException',
  'KMSOptInRequired',
  'CredentialsProviderError',
]);

/** Problems with the one address: the customer's address, not our setup. */
const ADDRESS_NAMES: Record<Channel, ReadonlySet<string>> = {
  email: new Set<string>(),
  sms: new Set(['OptedOutException']),
  push: new Set(['EndpointDisabledException', 'EndpointDisabled']),
};

/** Invalid-parameter errors that name the recipient: SES "Illegal address", SNS "Invalid parameter: PhoneNumber". */
const ADDRESS_PARAMETER: Record<Channel, RegExp> = {
  email: /illegal address|missing final|domain contains|local address|address|recipient|mailbox/i,
  sms: /phone ?number|opted out|not valid to publish/i,
  push: /target ?arn|endpoint/i,
};

const INVALID_PARAMETER_NAMES = new Set(['BadRequestException', 'InvalidParameterException', 'InvalidParameterValue', 'InvalidParameterValueException', 'ValidationException']);

export function providerFailureKind(err: unknown, channel: Channel): ProviderFailureKind {
  const { name, message, status, fault, retryable, code } = describe(err);
  if (ADDRESS_NAMES[channel].has(name)) return 'permanent-address';
  if (INVALID_PARAMETER_NAMES.has(name)) return ADDRESS_PARAMETER[channel].test(message) ? 'permanent-address' : 'configuration';
  // A push endpoint that no longer exists is the customer's (deleted app), not ours.
  if (channel === 'push' && name === 'NotFoundException') return 'permanent-address';
  if (CONFIGURATION_NAMES.has(name)) return 'configuration';
  if (RETRYABLE_NAMES.has(name) || retryable) return 'retryable';
  if (code !== undefined && NETWORK_CODES.has(code)) return 'retryable';
  if (name === 'AbortError' || name === 'TimeoutError') return 'retryable';
  if (status !== undefined && (status >= 500 || status === 429)) return 'retryable';
  if (fault === 'server') return 'retryable';
  // Any other client-side error (SES NotFoundException = missing configuration set, a bug in our request): ours.
  return 'configuration';
}

/** Wraps any error from SES/SNS in the matching ProviderError (already classified errors pass through). */
export function classifyProviderError(err: unknown, channel: Channel): ProviderError {
  if (err instanceof ProviderError) return err;
  const { name, message } = describe(err);
  const detail = redact(message);
  switch (providerFailureKind(err, channel)) {
    case 'retryable':
      return new ProviderRetryableError(channel, name, detail);
    case 'permanent-address':
      return new ProviderPermanentAddressError(channel, name, detail);
    case 'configuration':
      return new ProviderConfigurationError(channel, name, detail);
  }
}

interface ErrorFacts {
  name: string;
  message: string;
  status?: number;
  fault?: string;
  retryable: boolean;
  code?: string;
}

function describe(err: unknown): ErrorFacts {
  if (!(err instanceof Error) && (typeof err !== 'object' || err === null)) return { name: 'UnknownError', message: String(err), retryable: false };
  const e = err as {
    name?: unknown;
    message?: unknown;
    code?: unknown;
    $fault?: unknown;
    $retryable?: unknown;
    $metadata?: { httpStatusCode?: unknown };
  };
  return {
    name: typeof e.name === 'string' ? e.name : 'UnknownError',
    message: typeof e.message === 'string' ? e.message : '',
    ...(typeof e.$metadata?.httpStatusCode === 'number' ? { status: e.$metadata.httpStatusCode } : {}),
    ...(typeof e.$fault === 'string' ? { fault: e.$fault } : {}),
    // The SDK marks throttling and transient errors it knows about with $retryable.
    retryable: typeof e.$retryable === 'object' && e.$retryable !== null,
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
  };
}

/** Email addresses, phone numbers and endpoint ARNs out; at most 200 characters. */
export function redact(message: string): string {
  return message
    .replace(/[^\s<>"',;:]+@[^\s<>"',;]+/g, '[email]')
    .replace(/\+?\d[\d\s().-]{6,}\d/g, '[number]')
    .replace(/arn:aws[a-z-]*:sns:[^\s"']+/g, '[endpoint]')
    .slice(0, 200);
}
