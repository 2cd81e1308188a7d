/**
 * API Gateway REST (v1) proxy events for handler tests, built by the local runtime's own API Gateway, and a Lambda
 * context, with the parts a test is about given by name.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { toProxyEvent } from '../../local/http/api-gateway';

export interface Identity {
  /** The caller's IAM ARN (the audit's actor). */
  userArn?: string;
  /** `oncall` marks the on-call role locally (see functions/handlers/middleware/caller.ts). */
  user?: string;
}

/** The deployed on-call role: a session of the role ONCALL_ROLE_ARN names (support/handler-env.ts). */
export const ONCALL: Identity = { userArn: 'arn:aws:sts::123456789012:assumed-role/JourneysOnCall/ana' };
/** The local runtime's on-call marker. */
export const LOCAL_ONCALL: Identity = { userArn: 'local:oncall-token', user: 'oncall' };
/** Signed in, but not on call. */
export const DEVELOPER: Identity = { userArn: 'arn:aws:sts::123456789012:assumed-role/Developer/bob' };

export interface ApiEventInput {
  method: string;
  path: string;
  /** The API Gateway resource, e.g. `/profiles/{customerId}`; defaults to the path. */
  resource?: string;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** An object is sent as JSON (with `content-type: application/json` unless headers say otherwise). */
  body?: unknown;
  /** Raw bytes, sent base64-encoded like API Gateway does for binary bodies. */
  rawBody?: Buffer;
  identity?: Identity;
}

/** The event the local runtime's API Gateway builds (local/http/api-gateway.ts) for this request. */
export function apiEvent(input: ApiEventInput): APIGatewayProxyEvent {
  const headers: Record<string, string> = { ...(input.headers ?? {}) };
  let body: Buffer = Buffer.alloc(0);
  if (input.rawBody !== undefined) {
    body = input.rawBody;
  } else if (typeof input.body === 'string') {
    body = Buffer.from(input.body, 'utf8');
  } else if (input.body !== undefined) {
    body = Buffer.from(JSON.stringify(input.body), 'utf8');
    if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  }
  const query = Object.entries(input.query ?? {})
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join('&');
  const event = toProxyEvent(
    { method: input.method, url: query ? `${input.path}?${query}` : input.path, rawHeaders: Object.entries(headers).flat(), body, sourceIp: '127.0.0.1' },
    { resource: input.resource ?? input.path, pathParameters: input.pathParameters ?? {} },
    undefined,
    new Date(0),
  );
  // Raw bytes stand for a binary body, which API Gateway passes base64-encoded whatever they decode to.
  if (input.rawBody !== undefined && input.rawBody.length > 0) Object.assign(event, { body: input.rawBody.toString('base64'), isBase64Encoded: true });
  Object.assign(event.requestContext.identity, { user: input.identity?.user ?? null, userArn: input.identity?.userArn ?? null });
  return event;
}

export function lambdaContext(functionName = 'journeys-test'): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-central-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: 'request-1',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export interface ApiAnswer {
  status: number;
  headers: Record<string, string | number | boolean>;
  body: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary answer shapes
}

type ApiHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** Invokes a middy HTTP handler with the event and answers status, headers and the (parsed) body. */
export async function invoke(handler: ApiHandler, input: ApiEventInput | APIGatewayProxyEvent): Promise<ApiAnswer> {
  const event = 'httpMethod' in input ? input : apiEvent(input);
  const result = await handler(event, lambdaContext());
  let parsed: unknown;
  try {
    parsed = result.body ? JSON.parse(result.body) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: result.statusCode, headers: (result.headers ?? {}) as ApiAnswer['headers'], body: result.body, json: parsed };
}
