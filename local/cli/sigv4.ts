/**
 * AWS Signature Version 4 for a deployed Journeys API. The deployed routes use IAM authorization (API Gateway
 * `AWS_IAM`): on-call staff switch crisis mode with the OnCallRole's credentials, ops with the OpsRole's. The
 * CLI signs each request for `execute-api` with whatever the standard AWS credential chain finds (environment,
 * `AWS_PROFILE` / SSO, an instance or container role) — the same credentials the AWS CLI would use.
 *
 * The local runtime does not check signatures (it uses the on-call bearer token), so signing is on by default only
 * for an `execute-api` endpoint; `--auth iam` forces it (e.g. behind a custom domain), `--auth none` turns it off.
 */
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { UsageError } from './errors';

export const AUTH_MODES = ['auto', 'iam', 'none'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

/** What the client hands the signer: the request exactly as it will be sent. */
export interface OutgoingRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: string | undefined;
}

/** Returns the headers to add (authorization, x-amz-date, x-amz-content-sha256, x-amz-security-token). */
export type RequestSigner = (request: OutgoingRequest) => Promise<Record<string, string>>;

const EXECUTE_API_HOST = /^[a-z0-9]+\.execute-api\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/;

/** The region an API Gateway default hostname names, e.g. `abc123.execute-api.eu-central-1.amazonaws.com`. */
export function regionOfEndpoint(endpoint: URL): string | undefined {
  return EXECUTE_API_HOST.exec(endpoint.hostname)?.[1];
}

export interface SignerSettings {
  auth: AuthMode;
  endpoint: string;
  /** `--region`; else the endpoint's own region, else AWS_REGION / AWS_DEFAULT_REGION. */
  region: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
  /** Tests inject fixed credentials; the CLI uses the standard chain. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
}

/** The signer the settings call for, or undefined when requests go unsigned. Bad settings are usage errors. */
export function signerFor(settings: SignerSettings): RequestSigner | undefined {
  const endpoint = new URL(settings.endpoint);
  const endpointRegion = regionOfEndpoint(endpoint);
  const signs = settings.auth === 'iam' || (settings.auth === 'auto' && endpointRegion !== undefined);
  if (!signs) return undefined;
  const region = settings.region ?? endpointRegion ?? settings.env.AWS_REGION ?? settings.env.AWS_DEFAULT_REGION;
  if (!region) {
    throw new UsageError('--auth iam needs a region: pass --region <region> or set AWS_REGION', {
      hints: ['the region is the one the Journeys stack is deployed in, e.g. eu-central-1'],
    });
  }
  const signer = new SignatureV4({ service: 'execute-api', region, credentials: settings.credentials ?? defaultProvider(), sha256: Sha256 });
  return async ({ method, url, headers, body }) => {
    const query: Record<string, string> = {};
    for (const [key, value] of url.searchParams) query[key] = value;
    const signed = await signer.sign({
      method,
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      query,
      // `host` must be signed and must match what fetch sends (it includes a non-default port).
      headers: { ...headers, host: url.host },
      ...(body !== undefined ? { body } : {}),
    });
    const added: Record<string, string> = {};
    for (const [name, value] of Object.entries(signed.headers)) {
      // fetch sets host itself; every other header the signature covers must be sent as signed.
      if (name.toLowerCase() !== 'host' && headers[name] !== value) added[name] = value;
    }
    return added;
  };
}
