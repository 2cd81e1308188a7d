/**
 * Invokes an in-process handler the way Lambda invokes a function for Step Functions:
 * - the payload and the result cross a JSON boundary (the handler gets a copy; `undefined` becomes `null`);
 * - a thrown error becomes the function error Step Functions sees: error name = the error's `name` (the Node.js
 *   runtime's `errorType`), cause = `{"errorType","errorMessage","trace"}` as a JSON string — so
 *   `ErrorEquals: ["ProviderRetryableError"]` matches an error whose `name` is `ProviderRetryableError`;
 * - `lambda:invoke` results come in the service's envelope (`Payload`, `StatusCode`, …), so `ResultSelector`
 *   and `OutputPath: "$.Payload"` behave as in the cloud.
 */
import { randomUUID } from 'node:crypto';
import { localFunctionArn, lambdaFunctionName, type ArnScope } from './arns';
import { ErrorNames, StatesError } from './errors';
import type { JsonValue, LambdaContext, LocalLambdaHandler } from './types';

/** Lambda's maximum; the context's remaining time counts down from it (handlers only use it for deadlines). */
const FUNCTION_TIMEOUT_MS = 900_000;

export interface LambdaInvocation {
  functionName: string;
  functionArn: string;
  requestId: string;
  result: JsonValue;
}

export async function invokeLocalLambda(
  handlers: ReadonlyMap<string, LocalLambdaHandler>,
  functionReference: string,
  payload: unknown,
  scope: ArnScope,
): Promise<LambdaInvocation> {
  const functionName = lambdaFunctionName(functionReference);
  const handler = functionName === undefined ? undefined : handlers.get(functionName);
  if (functionName === undefined || handler === undefined) {
    throw new StatesError(
      ErrorNames.lambdaNotFound,
      `Function not found: ${functionReference} (Service: Lambda, Status Code: 404, Request ID: ${randomUUID()})`,
    );
  }
  const functionArn = functionReference.startsWith('arn:') ? functionReference : localFunctionArn(functionName, scope);
  const requestId = randomUUID();
  const context = lambdaContext(functionName, functionArn, requestId);
  let returned: unknown;
  try {
    returned = await handler(jsonCopy(payload ?? null), context);
  } catch (error) {
    throw functionError(error);
  }
  return { functionName, functionArn, requestId, result: jsonCopy(returned ?? null) };
}

/** The `lambda:invoke` integration's result: what `ResultSelector`/`ResultPath` see in the cloud. */
export function invokeEnvelope(invocation: LambdaInvocation, date: Date): JsonValue {
  const body = JSON.stringify(invocation.result);
  const headers: Record<string, string> = {
    Connection: 'keep-alive',
    'Content-Length': String(Buffer.byteLength(body)),
    'Content-Type': 'application/json',
    Date: date.toUTCString(),
    'X-Amz-Executed-Version': '$LATEST',
    'x-amzn-Remapped-Content-Length': '0',
    'x-amzn-RequestId': invocation.requestId,
  };
  return {
    ExecutedVersion: '$LATEST',
    Payload: invocation.result,
    SdkHttpMetadata: {
      AllHttpHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
      HttpHeaders: headers,
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: invocation.requestId },
    StatusCode: 200,
  };
}

function functionError(error: unknown): StatesError {
  const isError = error instanceof Error || (typeof error === 'object' && error !== null && 'message' in error);
  const errorType = isError && typeof (error as Error).name === 'string' && (error as Error).name ? (error as Error).name : 'Error';
  const errorMessage = isError ? String((error as Error).message) : String(error);
  const trace = isError && typeof (error as Error).stack === 'string' ? ((error as Error).stack as string).split('\n') : [];
  return new StatesError(errorType, JSON.stringify({ errorType, errorMessage, trace }));
}

function lambdaContext(functionName: string, invokedFunctionArn: string, awsRequestId: string): LambdaContext {
  const deadline = Date.now() + FUNCTION_TIMEOUT_MS;
  const unsupported = () => {
    throw new Error('The callback-style Lambda context methods are not supported; return or throw instead');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn,
    memoryLimitInMB: '512',
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/[$LATEST]${awsRequestId.replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

function jsonCopy(value: unknown): JsonValue {
  const text = JSON.stringify(value);
  return text === undefined ? null : (JSON.parse(text) as JsonValue);
}
