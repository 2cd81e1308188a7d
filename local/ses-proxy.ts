/**
 * The handlers' SES v2 endpoint (`AWS_ENDPOINT_URL_SESV2` = the runtime): `/v2/email/*` is forwarded to the
 * aws-ses-v2-local emulator unchanged, except that
 * - an armed SES fault answers SendEmail instead, in SES v2's REST-JSON error format (`x-amzn-ErrorType` header
 *   and `{"message"}` body), so `@aws-sdk/client-sesv2` raises the named exception;
 * - an accepted SendEmail is handed to `onSent` (the inbox persists it).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { FaultSwitch } from './faults';

export const SES_PATH_PREFIX = '/v2/email/';
const SEND_EMAIL_PATH = '/v2/email/outbound-emails';

/** Hop-by-hop and length headers are the proxy's business, not the emulator's answer to copy. */
const SKIPPED_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host', 'content-encoding']);

export interface SesProxyOptions {
  emulatorUrl: string;
  faults: FaultSwitch;
  onSent(messageId: string): void;
}

export async function proxySes(
  request: { method: string; path: string; headers: IncomingHttpHeaders; body: Buffer },
  response: ServerResponse,
  options: SesProxyOptions,
): Promise<void> {
  const isSend = request.method === 'POST' && request.path.split('?')[0] === SEND_EMAIL_PATH;
  if (isSend) {
    const fault = options.faults.take(firstRecipient(request.body));
    if (fault) {
      const body = JSON.stringify({ message: fault.message ?? `${fault.name} (injected by the local runtime)` });
      response.writeHead(fault.status, { 'content-type': 'application/json', 'x-amzn-errortype': fault.name, 'x-amzn-requestid': randomUUID() });
      response.end(body);
      return;
    }
  }
  const forwarded = await fetch(`${options.emulatorUrl}${request.path}`, {
    method: request.method,
    headers: Object.fromEntries(
      Object.entries(request.headers)
        .filter(([name, value]) => !SKIPPED_HEADERS.has(name) && typeof value === 'string')
        .map(([name, value]) => [name, value as string]),
    ),
    ...(request.method === 'GET' || request.method === 'HEAD' ? {} : { body: new Uint8Array(request.body) }),
  });
  const answer = Buffer.from(await forwarded.arrayBuffer());
  if (isSend && forwarded.ok) {
    const messageId = messageIdOf(answer);
    if (messageId) options.onSent(messageId);
  }
  const headers: Record<string, string> = {};
  forwarded.headers.forEach((value, name) => {
    if (!SKIPPED_HEADERS.has(name)) headers[name] = value;
  });
  response.writeHead(forwarded.status, headers);
  response.end(answer);
}

function firstRecipient(body: Buffer): string | undefined {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { Destination?: { ToAddresses?: unknown[] } };
    const first = parsed.Destination?.ToAddresses?.[0];
    return typeof first === 'string' ? first : undefined;
  } catch {
    return undefined;
  }
}

function messageIdOf(body: Buffer): string | undefined {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { MessageId?: unknown };
    return typeof parsed.MessageId === 'string' ? parsed.MessageId : undefined;
  } catch {
    return undefined;
  }
}
