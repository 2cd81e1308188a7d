/**
 * Parses a JSON request body with the checks a public API needs before anything else runs: a size limit
 * (413), a JSON content type (415, also when absent), valid UTF-8, valid JSON, no repeated or `__proto__` keys and no absurd nesting
 * (400, see domain/json-structure.ts). The parsed value replaces `event.body`'s role as `event.json`.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../../domain/errors';
import { jsonStructureIssues } from '../../domain/json-structure';

export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

export type JsonEvent = APIGatewayProxyEvent & { json: unknown };

export function jsonBody(options: { maxBytes?: number; optional?: boolean } = {}): MiddlewareObj<APIGatewayProxyEvent> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BODY_BYTES;
  return {
    before: async (request) => {
      const event = request.event as JsonEvent;
      const raw = event.body;
      if (raw === null || raw === undefined || raw === '') {
        if (options.optional) {
          event.json = undefined;
          return;
        }
        throw new ValidationError('the request needs a JSON body', [{ path: '(body)', message: 'required' }]);
      }
      const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
      if (bytes.length > maxBytes) throw new PayloadTooLargeError(`the body is ${bytes.length} bytes; at most ${maxBytes} are accepted`);
      const contentType = headerValue(event.headers, 'content-type');
      // Required, not only checked when present: a web page can send a body without a content type and without
      // a CORS preflight, and such a request must not change anything.
      if (contentType === undefined) throw new UnsupportedMediaTypeError('the body must be sent with content-type: application/json');
      if (!/^application\/([a-z.+-]*\+)?json\b/i.test(contentType)) {
        throw new UnsupportedMediaTypeError(`content-type must be application/json, not ${contentType.slice(0, 80)}`);
      }
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        throw new ValidationError('the body is not valid UTF-8', [{ path: '(body)', message: 'invalid UTF-8' }]);
      }
      try {
        event.json = JSON.parse(text);
      } catch (error) {
        throw new ValidationError('the body is not valid JSON', [{ path: '(body)', message: (error as Error).message }]);
      }
      const structureIssues = jsonStructureIssues(text);
      if (structureIssues.length > 0) {
        const first = structureIssues[0]!;
        throw new ValidationError(`the body is not acceptable JSON: ${first.path}: ${first.message}`, structureIssues);
      }
    },
  };
}

export function headerValue(headers: APIGatewayProxyEvent['headers'] | null | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === lower && value !== undefined) return value;
  return undefined;
}
