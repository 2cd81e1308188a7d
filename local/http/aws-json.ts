/**
 * The AWS JSON protocol on the runtime's port (`POST /` with `X-Amz-Target`), so event sources and ops scripts
 * run unchanged against it: `AWSEvents.PutEvents` (JSON 1.1) goes to the local bus, `AWSStepFunctions.*`
 * (JSON 1.0) to the engine. Any SigV4 signature is accepted. Errors are `{"__type", "message"}` with the
 * service's status, which the SDK turns into its named exception (`ExecutionAlreadyExists`…).
 */
import type { ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { AwsServiceError } from '../aws-error';
import { SfnServiceError, type LocalStepFunctions } from '../engine';
import type { LocalEventBus } from '../event-bus';
import { callStepFunctions } from './sfn-api';

export interface AwsJsonServices {
  bus: LocalEventBus;
  engine: LocalStepFunctions;
}

const CONTENT_TYPES = { AWSEvents: 'application/x-amz-json-1.1', AWSStepFunctions: 'application/x-amz-json-1.0' } as const;

export function isAwsJsonTarget(target: string | undefined): boolean {
  return target !== undefined && (target.startsWith('AWSEvents.') || target.startsWith('AWSStepFunctions.'));
}

export async function handleAwsJson(target: string, body: Buffer, response: ServerResponse, services: AwsJsonServices): Promise<void> {
  const [service, operation = ''] = target.split('.', 2) as [keyof typeof CONTENT_TYPES, string?];
  const contentType = CONTENT_TYPES[service] ?? 'application/x-amz-json-1.1';
  try {
    const input = parseInput(body);
    const output = service === 'AWSEvents' ? events(operation, input, services.bus) : await callStepFunctions(services.engine, operation, input);
    send(response, 200, contentType, output);
  } catch (error) {
    const { code, message, status } = wireError(error);
    send(response, status, contentType, { __type: code, message }, { 'x-amzn-errortype': code });
  }
}

function events(operation: string, input: Record<string, unknown>, bus: LocalEventBus): unknown {
  if (operation !== 'PutEvents') throw new AwsServiceError('UnknownOperationException', `The local runtime does not implement AWSEvents.${operation}`);
  return bus.putEvents(input);
}

function parseInput(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new AwsServiceError('SerializationException', 'The request body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new AwsServiceError('SerializationException', 'The request body must be a JSON object');
  return parsed as Record<string, unknown>;
}

function wireError(error: unknown): { code: string; message: string; status: number } {
  if (error instanceof AwsServiceError) return { code: error.code, message: error.message, status: error.status };
  if (error instanceof SfnServiceError) return { code: error.name, message: error.message, status: error.httpStatus };
  return { code: 'InternalFailure', message: 'The local runtime failed to process the request', status: 500 };
}

function send(response: ServerResponse, status: number, contentType: string, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': contentType,
    'content-length': String(Buffer.byteLength(text)),
    'x-amzn-requestid': randomUUID(),
    ...headers,
  });
  response.end(text);
}
