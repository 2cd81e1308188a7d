/** Writing answers: JSON in the contract's error shape for the HTTP API, with nothing cached. */
import type { ServerResponse } from 'node:http';
import type { FieldIssue } from '../../functions/domain/errors';

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  response.end(text);
}

/** `{"error": {"code", "message", "issues"?}}` — the API's error body (docs/api.md). */
export function sendError(response: ServerResponse, status: number, code: string, message: string, options: { issues?: FieldIssue[]; headers?: Record<string, string> } = {}): void {
  sendJson(response, status, { error: { code, message, ...(options.issues ? { issues: options.issues } : {}) } }, options.headers);
}
