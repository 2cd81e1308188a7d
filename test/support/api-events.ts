/**
 * API Gateway REST (v1) proxy events for handler tests, and a Lambda context: just enough of each to look like
 * what API Gateway and Lambda pass, with the parts a test is about given by name.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';

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

export function apiEvent(input: ApiEventInput): APIGatewayProxyEvent {
  const headers: Record<string, string> = { ...(input.headers ?? {}) };
  let body: string | null = null;
  let isBase64Encoded = false;
  if (input.rawBody !== undefined) {
    body = input.rawBody.toString('base64');
    isBase64Encoded = true;
  } else if (typeof input.body === 'string') {
    body = input.body;
  } else if (input.body !== undefined) {
    body = JSON.stringify(input.body);
    if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  }
  return {
    httpMethod: input.method,
    path: input.path,
    resource: input.resource ?? input.path,
    pathParameters: input.pathParameters ?? null,
    queryStringParameters: input.query ?? null,
    multiValueQueryStringParameters: input.query ? Object.fromEntries(Object.entries(input.query).map(([k, v]) => [k, [v]])) : null,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    body,
    isBase64Encoded,
    stageVariables: null,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      authorizer: null,
      protocol: 'HTTP/1.1',
      httpMethod: input.method,
      path: `/prod${input.path}`,
      stage: 'prod',
      requestId: 'req-1',
      requestTimeEpoch: 0,
      resourceId: 'res',
      resourcePath: input.resource ?? input.path,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: '127.0.0.1',
        user: input.identity?.user ?? null,
        userAgent: 'vitest',
        userArn: input.identity?.userArn ?? null,
      },
    },
  } as APIGatewayProxyEvent;
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
