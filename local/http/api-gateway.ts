/**
 * Plays API Gateway (REST API, Lambda proxy integration) in front of the api-* handlers: an HTTP request becomes
 * the `APIGatewayProxyEvent` the deployed functions receive, and their `APIGatewayProxyResult` becomes the answer.
 *
 * As the service does it: header names keep the client's case, with the last value in `headers` and all of them
 * in `multiValueHeaders`; query values are decoded, the last one in `queryStringParameters`; path parameters are
 * passed as they appear in the path (the handlers decode them); no parameters → `null`, not `{}`. A body that is
 * not UTF-8 text (or is declared binary) arrives base64-encoded with `isBase64Encoded: true`.
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { CallerIdentity } from './identity';
import { sendError } from './responses';

export const LOCAL_STAGE = 'local';
const LOCAL_API_ID = 'journeyslocal';

export interface IncomingApiRequest {
  method: string;
  /** The request target: path and query string, as received. */
  url: string;
  rawHeaders: readonly string[];
  body: Buffer;
  sourceIp: string;
}

export function toProxyEvent(
  request: IncomingApiRequest,
  route: { resource: string; pathParameters: Record<string, string> },
  identity: CallerIdentity | undefined,
  now: Date,
): APIGatewayProxyEvent {
  const queryIndex = request.url.indexOf('?');
  const path = queryIndex < 0 ? request.url : request.url.slice(0, queryIndex);
  const { single: headers, multi: multiValueHeaders } = headerMaps(request.rawHeaders);
  const query = queryMaps(queryIndex < 0 ? '' : request.url.slice(queryIndex + 1));
  const { body, isBase64Encoded } = encodeBody(request.body, headers);
  const userAgent = lastHeader(headers, 'user-agent') ?? null;
  return {
    resource: route.resource,
    path,
    httpMethod: request.method,
    headers,
    multiValueHeaders,
    queryStringParameters: query.single,
    multiValueQueryStringParameters: query.multi,
    pathParameters: Object.keys(route.pathParameters).length > 0 ? Object.assign(nameMap<string>(), route.pathParameters) : null,
    stageVariables: null,
    body,
    isBase64Encoded,
    requestContext: {
      accountId: '000000000000',
      apiId: LOCAL_API_ID,
      authorizer: null,
      protocol: 'HTTP/1.1',
      httpMethod: request.method,
      path: `/${LOCAL_STAGE}${path}`,
      stage: LOCAL_STAGE,
      requestId: randomUUID(),
      requestTimeEpoch: now.getTime(),
      resourceId: route.resource,
      resourcePath: route.resource,
      identity: {
        accessKey: null,
        accountId: identity ? '000000000000' : null,
        apiKey: null,
        apiKeyId: null,
        caller: identity?.caller ?? null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: request.sourceIp,
        user: identity?.user ?? null,
        userAgent,
        userArn: identity?.userArn ?? null,
      },
    },
  };
}

/**
 * Writes a handler's result. Anything that is not a proxy result is what API Gateway calls a malformed Lambda
 * proxy response: a 502, here in the contract's error shape. Without a content type, JSON is assumed.
 */
export function writeProxyResult(response: ServerResponse, result: unknown): void {
  if (!isProxyResult(result)) {
    sendError(response, 502, 'bad_gateway', 'the function returned a malformed proxy response');
    return;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name.toLowerCase()] = String(value);
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) {
    headers[name.toLowerCase()] = (values as unknown[]).map(String);
  }
  const body = result.body === undefined || result.body === null ? Buffer.alloc(0) : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  if (body.length > 0 && headers['content-type'] === undefined) headers['content-type'] = 'application/json; charset=utf-8';
  headers['content-length'] = String(body.length);
  response.writeHead(result.statusCode, headers);
  response.end(body);
}

interface ProxyResult {
  statusCode: number;
  headers?: Record<string, unknown>;
  multiValueHeaders?: Record<string, unknown[]>;
  body?: string | null;
  isBase64Encoded?: boolean;
}

function isProxyResult(value: unknown): value is ProxyResult {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  if (typeof candidate.statusCode !== 'number' || !Number.isInteger(candidate.statusCode) || candidate.statusCode < 100 || candidate.statusCode > 599) return false;
  if (candidate.body !== undefined && candidate.body !== null && typeof candidate.body !== 'string') return false;
  if (candidate.headers !== undefined && (typeof candidate.headers !== 'object' || candidate.headers === null)) return false;
  if (candidate.multiValueHeaders !== undefined) {
    if (typeof candidate.multiValueHeaders !== 'object' || candidate.multiValueHeaders === null) return false;
    if (!Object.values(candidate.multiValueHeaders).every(Array.isArray)) return false;
  }
  return true;
}

/**
 * Maps keyed by names the client chose: without a prototype, `__proto__` or `constructor` is a name like any
 * other (an ordinary object would hand back Object.prototype for them).
 */
function nameMap<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

function headerMaps(rawHeaders: readonly string[]): { single: Record<string, string>; multi: Record<string, string[]> } {
  const single = nameMap<string>();
  const multi = nameMap<string[]>();
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const name = rawHeaders[index] as string;
    const value = rawHeaders[index + 1] as string;
    // One entry per header name, whatever case repeats used: the first spelling wins, as it does at the gateway.
    const key = Object.keys(multi).find((existing) => existing.toLowerCase() === name.toLowerCase()) ?? name;
    (multi[key] ??= []).push(value);
    single[key] = value;
  }
  return { single, multi };
}

function lastHeader(headers: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

function queryMaps(query: string): { single: Record<string, string> | null; multi: Record<string, string[]> | null } {
  if (query === '') return { single: null, multi: null };
  const single = nameMap<string>();
  const multi = nameMap<string[]>();
  for (const [name, value] of new URLSearchParams(query)) {
    (multi[name] ??= []).push(value);
    single[name] = value;
  }
  return Object.keys(single).length === 0 ? { single: null, multi: null } : { single, multi };
}

const BINARY_TYPES = /^(application\/(octet-stream|pdf|zip|gzip)|image\/|audio\/|video\/)/i;

function encodeBody(bytes: Buffer, headers: Record<string, string>): { body: string | null; isBase64Encoded: boolean } {
  if (bytes.length === 0) return { body: null, isBase64Encoded: false };
  const binary = BINARY_TYPES.test(lastHeader(headers, 'content-type') ?? '');
  if (!binary) {
    try {
      return { body: new TextDecoder('utf-8', { fatal: true }).decode(bytes), isBase64Encoded: false };
    } catch {
      // Not UTF-8: pass the bytes through untouched, as API Gateway does for binary media.
    }
  }
  return { body: bytes.toString('base64'), isBase64Encoded: true };
}
