/**
 * Reading the parts of an API Gateway request the HTTP handlers share, each failing with an API error
 * before anything is written: path identifiers, query strings (validated with zod like bodies), a JSON body a
 * handler parses itself (after authenticating, say), `If-Match` versions and content negotiation.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import * as z from '../../domain/zod';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../../domain/errors';
import { parseOrThrow } from '../../domain/validation';
import { headerValue, jsonBody, type JsonEvent } from './json-body';

/** A path parameter, percent-decoded; a missing or undecodable one is a 400 naming the parameter. */
export function pathId(event: APIGatewayProxyEvent, name: string): string {
  const raw = event.pathParameters?.[name];
  if (raw === undefined || raw === null || raw === '') throw new ValidationError(`missing path parameter ${name}`, [{ path: name, message: 'required' }]);
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new ValidationError(`path parameter ${name} is not valid percent-encoding`, [{ path: name, message: 'invalid percent-encoding' }]);
  }
}

/** The query string as an object of its single values (API Gateway keeps the last of repeated ones). */
export function queryOf(event: APIGatewayProxyEvent): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(event.queryStringParameters ?? {})) if (value !== undefined) out[key] = value;
  return out;
}

/** Validates the query string; issues name the parameter (`limit: …`). Unknown parameters are ignored. */
export function parseQuery<S extends z.ZodMiniType>(schema: S, event: APIGatewayProxyEvent): z.infer<S> {
  return parseOrThrow(schema, queryOf(event), 'query');
}

/** A required query parameter: "required" rather than zod's "expected string, received undefined". */
export function requiredParam<S extends z.ZodMiniType<unknown, string>>(schema: S) {
  return z.pipe(z.string({ error: (issue) => (issue.input === undefined ? 'required' : 'must be a single value') }), schema);
}

/** An integer query parameter in [min, max], written in plain decimal digits. */
export function intParam(min: number, max: number) {
  const message = `must be an integer from ${min} to ${max}`;
  return z.pipe(
    z.pipe(z.string().check(z.regex(/^\d{1,6}$/, message)), z.transform(Number)),
    z.number().check(z.int(), z.gte(min, message), z.lte(max, message)),
  );
}

/**
 * The JSON body, parsed with the same checks as the `httpHandler` chain (413, 415, UTF-8, JSON), for handlers
 * that must do something first (check the caller) and so opt out of parsing in the chain (`bodyMethods: []`).
 */
export async function readJsonBody(event: APIGatewayProxyEvent, options: { maxBytes?: number; optional?: boolean } = {}): Promise<unknown> {
  const parse = jsonBody(options);
  await parse.before!({ event } as never);
  return (event as JsonEvent).json;
}

/**
 * The raw body bytes, size-limited (413), for non-JSON bodies (form posts). `allowedTypes` are media types
 * (`application/x-www-form-urlencoded`); a body with any other content type is a 415. An absent content type is
 * accepted, as mail clients' one-click POSTs may omit it.
 */
export function readRawBody(event: APIGatewayProxyEvent, options: { maxBytes: number; allowedTypes: readonly string[] }): Buffer {
  const raw = event.body;
  if (raw === null || raw === undefined || raw === '') return Buffer.alloc(0);
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.length > options.maxBytes) throw new PayloadTooLargeError(`the body is ${bytes.length} bytes; at most ${options.maxBytes} are accepted`);
  const contentType = headerValue(event.headers, 'content-type');
  if (contentType) {
    const media = contentType.split(';')[0]!.trim().toLowerCase();
    if (!options.allowedTypes.includes(media)) {
      throw new UnsupportedMediaTypeError(`content-type must be one of ${options.allowedTypes.join(', ')}, not ${contentType.slice(0, 80)}`);
    }
  }
  return bytes;
}

/** Text of a body that must be UTF-8 (400 otherwise). */
export function utf8(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ValidationError('the body is not valid UTF-8', [{ path: '(body)', message: 'invalid UTF-8' }]);
  }
}

/**
 * The version an `If-Match` header names: `"3"`, `3` and `W/"3"` all mean version 3 (the ETag is the version).
 * Undefined when absent; a 400 for anything else (`*` included: changing a crisis needs the version you saw).
 */
export function ifMatchVersion(event: APIGatewayProxyEvent): number | undefined {
  const value = headerValue(event.headers, 'if-match');
  if (value === undefined) return undefined;
  const match = /^\s*(?:W\/)?("?)(\d{1,12})\1\s*$/.exec(value);
  if (!match) {
    throw new ValidationError('If-Match must be the version of the crisis record, e.g. If-Match: "3"', [
      { path: 'headers.If-Match', message: 'must be a version number such as "3"' },
    ]);
  }
  return Number(match[2]);
}

/** The ETag of a versioned record. */
export function etag(version: number | undefined): string {
  return `"${version ?? 0}"`;
}

/** True when the client asked for HTML (a browser), judged from `Accept`. */
export function acceptsHtml(event: APIGatewayProxyEvent): boolean {
  return /\btext\/html\b/i.test(headerValue(event.headers, 'accept') ?? '');
}

export { headerValue };
