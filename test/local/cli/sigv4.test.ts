/**
 * SigV4 for a deployed API (IAM authorization): the CLI signs what it actually sends — method, path, query,
 * headers and body — for `execute-api` in the right region, with the credentials of the standard AWS chain, and
 * leaves the local runtime's bearer token out of signed requests. Each signature is checked on the server side
 * by recomputing it from the request as received.
 */
import { createHash } from 'node:crypto';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { JourneysClient } from '../../../local/cli/api-client';
import { UsageError } from '../../../local/cli/errors';
import { regionOfEndpoint, signerFor } from '../../../local/cli/sigv4';
import { run, startStubApi, type RecordedRequest, type StubApi } from './support';

const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'session-token-example' };
const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/(\d{8})\/([a-z0-9-]+)\/execute-api\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;

/** Recomputes the signature from the request as the server received it; answers whether it matches. */
async function signatureMatches(request: RecordedRequest, rawBody: string | undefined, endpoint: string): Promise<boolean> {
  const authorization = String(request.headers.authorization);
  const [, , region, signedHeaderList, signature] = AUTHORIZATION.exec(authorization) ?? [];
  if (!region || !signedHeaderList || !signature) return false;
  const headers: Record<string, string> = {};
  for (const name of signedHeaderList.split(';')) headers[name] = String(request.headers[name]);
  // A signed payload hash must be the hash of the body that arrived (API Gateway checks the same).
  const payloadHash = request.headers['x-amz-content-sha256'];
  if (payloadHash !== undefined && payloadHash !== createHash('sha256').update(rawBody ?? '').digest('hex')) return false;
  const amzDate = String(request.headers['x-amz-date']);
  const signingDate = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
  const verifier = new SignatureV4({ service: 'execute-api', region, credentials: CREDENTIALS, sha256: Sha256 });
  const url = new URL(endpoint);
  const query: Record<string, string> = {};
  for (const [key, value] of request.query) query[key] = value;
  const recomputed = await verifier.sign(
    { method: request.method, protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: request.path, query, headers, ...(rawBody !== undefined ? { body: rawBody } : {}) },
    { signingDate, unsignableHeaders: new Set(Object.keys(request.headers).filter((name) => !signedHeaderList.split(';').includes(name))) },
  );
  return recomputed.headers.authorization === authorization;
}

let api: StubApi;

beforeEach(async () => {
  api = await startStubApi({
    'GET /crisis': () => ({ status: 200, body: { active: false } }),
    'PUT /crisis': (request) => ({ status: 200, body: { active: true, ...(request.body as object), version: 1 } }),
    'GET /crisis/audit': () => ({ status: 200, body: { entries: [] } }),
    'GET /messages': () => ({ status: 200, body: { messages: [] } }),
  });
});

afterEach(async () => {
  await api.close();
  vi.unstubAllEnvs();
});

describe('when requests are signed', () => {
  it('signs for an execute-api endpoint by default, in the region its hostname names', () => {
    expect(regionOfEndpoint(new URL('https://abc123xyz.execute-api.eu-central-1.amazonaws.com/prod'))).toBe('eu-central-1');
    expect(signerFor({ auth: 'auto', endpoint: 'https://abc123xyz.execute-api.eu-central-1.amazonaws.com/prod', region: undefined, env: {}, credentials: CREDENTIALS })).toBeTypeOf('function');
  });

  it('does not sign for the local runtime unless asked', () => {
    expect(signerFor({ auth: 'auto', endpoint: 'http://127.0.0.1:3000', region: undefined, env: {} })).toBeUndefined();
    expect(signerFor({ auth: 'none', endpoint: 'https://abc.execute-api.eu-central-1.amazonaws.com/prod', region: undefined, env: {} })).toBeUndefined();
  });

  it('refuses --auth iam without any region, with a usage error that says where to give one', () => {
    const attempt = () => signerFor({ auth: 'iam', endpoint: 'https://journeys.example.com', region: undefined, env: {}, credentials: CREDENTIALS });
    expect(attempt).toThrow(UsageError);
    expect(attempt).toThrow('--auth iam needs a region: pass --region <region> or set AWS_REGION');
  });

  it('takes the region from --region, then the endpoint, then AWS_REGION', async () => {
    const regionSigned = async (settings: { endpoint: string; region?: string; env?: Record<string, string> }) => {
      const sign = signerFor({ auth: 'iam', region: settings.region, endpoint: settings.endpoint, env: settings.env ?? {}, credentials: CREDENTIALS });
      const headers = await sign!({ method: 'GET', url: new URL(`${settings.endpoint}/crisis`), headers: {}, body: undefined });
      return AUTHORIZATION.exec(headers.authorization ?? '')?.[2];
    };
    expect(await regionSigned({ endpoint: 'https://journeys.example.com', env: { AWS_REGION: 'us-east-1' } })).toBe('us-east-1');
    expect(await regionSigned({ endpoint: 'https://abc.execute-api.eu-west-1.amazonaws.com', env: { AWS_REGION: 'us-east-1' } })).toBe('eu-west-1');
    expect(await regionSigned({ endpoint: 'https://abc.execute-api.eu-west-1.amazonaws.com', region: 'ap-south-1' })).toBe('ap-south-1');
  });
});

describe('what a signed request carries', () => {
  it('a signature over the body, path and query the server received, and no bearer token', async () => {
    const sign = signerFor({ auth: 'iam', endpoint: api.endpoint, region: 'eu-central-1', env: {}, credentials: CREDENTIALS });
    const client = new JourneysClient({ endpoint: api.endpoint, token: 'local-oncall-token', sign });
    const declaration = { severity: 'sev1', headline: 'Payments outage – ünïcode', message: { en: 'Down.' }, affected: { all: true } };
    await client.putCrisis(declaration, 4);
    await client.messages('c-1', 5);

    const [put, get] = api.requests;
    expect(put?.headers.authorization).toMatch(AUTHORIZATION);
    expect(put?.headers['x-amz-security-token']).toBe(CREDENTIALS.sessionToken);
    expect(put?.headers.authorization).not.toContain('Bearer');
    expect(await signatureMatches(put!, JSON.stringify(put?.body), api.endpoint)).toBe(true);
    expect(get?.query.get('customerId')).toBe('c-1');
    expect(await signatureMatches(get!, undefined, api.endpoint)).toBe(true);
    // The check can fail: the same signature does not cover another body or another query.
    expect(await signatureMatches(put!, JSON.stringify({ ...(put?.body as object), headline: 'changed' }), api.endpoint)).toBe(false);
    get?.query.set('customerId', 'c-2');
    expect(await signatureMatches(get!, undefined, api.endpoint)).toBe(false);
  });

  it('the CLI signs with the credentials the standard AWS chain finds (here: the environment)', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', CREDENTIALS.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', CREDENTIALS.secretAccessKey);
    vi.stubEnv('AWS_SESSION_TOKEN', CREDENTIALS.sessionToken);
    const result = await run(['--endpoint', api.endpoint, '--auth', 'iam', '--region', 'eu-central-1', '--token', 'local-oncall-token', 'crisis', 'status']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(api.requests.length).toBeGreaterThan(0);
    for (const request of api.requests) {
      expect(request.headers.authorization).toMatch(AUTHORIZATION);
      expect(await signatureMatches(request, undefined, api.endpoint)).toBe(true);
    }
  });

  it('an unknown --auth mode is a usage error (exit 2)', async () => {
    const result = await run(['--endpoint', api.endpoint, '--auth', 'kerberos', 'crisis', 'status']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("argument 'kerberos' is invalid. Allowed choices are auto, iam, none.");
    expect(api.requests).toHaveLength(0);
  });

  it('a 403 on a signed request says which role is needed', async () => {
    api.routes.set('PUT /crisis', () => ({ status: 403, body: { message: 'User: arn:aws:sts::1:assumed-role/Ops is not authorized' } }));
    vi.stubEnv('AWS_ACCESS_KEY_ID', CREDENTIALS.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', CREDENTIALS.secretAccessKey);
    const result = await run(['--endpoint', api.endpoint, '--auth', 'iam', '--region', 'eu-central-1', 'crisis', 'declare', '--severity', 'sev2', '--headline', 'Slow', '--message', 'en=Slow.', '--affected', 'all']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('crisis mode can only be changed with the on-call role (OnCallRole)');
  });
});
