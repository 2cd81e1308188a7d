/**
 * The runtime's one HTTP port. It listens first (a port of 0 is only known once bound, and the handlers'
 * environment needs the URL) and answers 503 until `ready()` hands it the services. Then, by request:
 * - `POST /` with `X-Amz-Target: DynamoDB_*` → dynalite (the handlers' DynamoDB endpoint; body untouched);
 * - `/v2/email/*` → the SES v2 proxy in front of aws-ses-v2-local;
 * - `POST /` with `X-Amz-Target: AWSEvents.*|AWSStepFunctions.*` → the AWS JSON protocol;
 * - `POST /` form-encoded → SNS Publish (Query protocol);
 * - `/health`, `/outbox`, `/dlq` → the runtime's own routes;
 * - `GET /` → a browser to the console (302), other clients a JSON index of these URLs (root.ts);
 * - `/console/…` → the ops console and its read-only helpers (console.ts);
 * - everything else → the HTTP API (API Gateway + the api-* handlers), 404/405 in the contract's error shape.
 * Request bodies are limited to 1 MiB (413 once the rest is read and dropped, up to 64 MiB; see body.ts). Before
 * any of it, request-guard.ts refuses requests not addressed to a loopback name and state-changing requests from
 * other sites' web pages.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalDynamo } from '../dynamodb';
import { erasedCustomerId, type LocalErasure } from '../erasure';
import type { VirtualClock } from '../engine';
import { MissingHandlerError, type HandlerCatalog } from '../handlers';
import type { RuntimeLog } from '../log';
import { proxySes, SES_PATH_PREFIX, type SesProxyOptions } from '../ses-proxy';
import { handleSnsQuery, type SnsEndpointOptions } from '../sns-endpoint';
import { toProxyEvent, writeProxyResult } from './api-gateway';
import { matchRoute, type HttpMethod } from './api-routes';
import { handleAwsJson, isAwsJsonTarget, type AwsJsonServices } from './aws-json';
import { answerWhenDrained, discardRest, readBody } from './body';
import { handleConsole, isConsolePath } from './console';
import { DEFAULT_POLICY, type Policy } from '../../functions/domain/policy';
import { identityFor } from './identity';
import { handleLocal, isLocalPath, type LocalApiServices } from './local-api';
import { refusalOf } from './request-guard';
import { sendError } from './responses';
import { handleRoot, isRootPath } from './root';

/** The HTTP API's hard limit on request bodies (handlers have their own, smaller ones). */
export const MAX_BODY_BYTES = 1024 * 1024;
/** SES v2 accepts messages up to 40 MB. */
const MAX_EMAIL_BYTES = 40 * 1024 * 1024;

export interface ServerServices {
  oncallToken: string;
  clock: VirtualClock;
  catalog: HandlerCatalog;
  aws: AwsJsonServices;
  dynamo: LocalDynamo;
  ses: SesProxyOptions;
  sns: SnsEndpointOptions;
  local: LocalApiServices;
  /** A customer's local copies (inbox, outbox), removed when DELETE /profiles/{id} erased the customer. */
  erasure?: LocalErasure;
  log: RuntimeLog;
  /** The effective crisis playbook (policy override applied), for the console; the default policy's when absent. */
  crisisPlaybook?: Policy['crisisPlaybook'];
}

export interface RuntimeServer {
  readonly url: string;
  readonly port: number;
  ready(services: ServerServices): void;
  close(): Promise<void>;
}

export async function startServer(options: { host: string; port: number }): Promise<RuntimeServer> {
  let services: ServerServices | undefined;
  const server: Server = createServer((request, response) => {
    const refused = refusalOf(request, options.host);
    if (refused) {
      sendError(response, refused.status, refused.code, refused.message, { headers: { connection: 'close' } });
      discardRest(request);
      return;
    }
    dispatch(request, response, services).catch((error: unknown) => {
      // The path's first segment only: the rest (customer ids, query strings) may be personal data.
      services?.log.warn(`request ${request.method ?? '?'} /${firstSegment(request)} failed: ${(error as Error).name}`);
      if (!response.headersSent) sendError(response, 500, 'internal_error', 'the local runtime failed to process the request');
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`PORT ${options.port} on ${options.host} is already in use: set PORT to a free port, or 0 to pick one`) : error),
    );
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    port,
    ready: (ready) => {
      services = ready;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
        // Keep-alive clients (SDKs) hold connections open; nothing more is coming once the runtime stops.
        setTimeout(() => server.closeAllConnections(), 1000).unref();
      }),
  };
}

async function dispatch(request: IncomingMessage, response: ServerResponse, services: ServerServices | undefined): Promise<void> {
  const method = request.method ?? 'GET';
  const url = new URL(request.url ?? '/', 'http://runtime.local');
  if (!services) {
    sendError(response, 503, 'starting', 'the local runtime is still starting; retry in a moment', { headers: { 'retry-after': '1' } });
    return;
  }
  const target = headerOf(request, 'x-amz-target');

  if (method === 'POST' && url.pathname === '/' && target?.startsWith('DynamoDB_')) {
    services.dynamo.handle(request, response);
    return;
  }
  if (url.pathname.startsWith(SES_PATH_PREFIX)) {
    const body = await readBody(request, MAX_EMAIL_BYTES);
    if (!body.ok) return tooLarge(request, response, 'the email is larger than SES accepts');
    await proxySes({ method, path: `${url.pathname}${url.search}`, headers: request.headers, body: body.body }, response, services.ses);
    return;
  }
  if (method === 'POST' && url.pathname === '/') {
    await awsProtocol(request, response, target, services);
    return;
  }
  if (isLocalPath(url.pathname)) {
    await handleLocal(method, url, response, services.local);
    return;
  }
  if (isRootPath(url.pathname, request.url)) {
    discardRest(request);
    handleRoot(request, response);
    return;
  }
  if (isConsolePath(url.pathname)) {
    discardRest(request);
    await handleConsole(request, response, url, {
      engine: services.aws.engine,
      crisisPlaybook: services.crisisPlaybook ?? DEFAULT_POLICY.crisisPlaybook,
      oncallToken: services.oncallToken,
      clock: services.clock,
      log: services.log,
    });
    return;
  }
  await api(request, response, method, url, services);
}

async function awsProtocol(request: IncomingMessage, response: ServerResponse, target: string | undefined, services: ServerServices): Promise<void> {
  const isJson = isAwsJsonTarget(target);
  const isQuery = (headerOf(request, 'content-type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
  if (!isJson && !isQuery) {
    sendError(response, 404, 'not_found', 'POST / takes AWS JSON (X-Amz-Target: AWSEvents.* or AWSStepFunctions.*) or SNS Query requests');
    return;
  }
  const body = await readBody(request, MAX_BODY_BYTES);
  if (!body.ok) return tooLarge(request, response, `the request is larger than ${MAX_BODY_BYTES} bytes`);
  if (isJson) {
    await handleAwsJson(target as string, body.body, response, services.aws);
    return;
  }
  // A test's hold (faults.sns.holdAfter): the provider stalls here, as a slow one would, until released.
  await services.sns.faults.wait();
  const answer = handleSnsQuery(new URLSearchParams(body.body.toString('utf8')), services.sns);
  response.writeHead(answer.status, { 'content-type': 'text/xml', 'content-length': String(Buffer.byteLength(answer.body)) });
  response.end(answer.body);
}

async function api(request: IncomingMessage, response: ServerResponse, method: string, url: URL, services: ServerServices): Promise<void> {
  const match = matchRoute(url.pathname);
  if (!match) {
    sendError(response, 404, 'not_found', `no route for ${url.pathname}`);
    return;
  }
  const functionName = match.route.methods[method as HttpMethod];
  if (!functionName) {
    const allowed = Object.keys(match.route.methods).join(', ');
    sendError(response, 405, 'method_not_allowed', `${method} is not supported on ${match.route.resource}; use ${allowed}`, { headers: { allow: allowed } });
    return;
  }
  const body = await readBody(request, MAX_BODY_BYTES);
  if (!body.ok) return tooLarge(request, response, `the body is larger than ${MAX_BODY_BYTES} bytes`);

  const onCall = match.route.onCall?.includes(method as HttpMethod) ?? false;
  const identity = onCall ? identityFor(headerOf(request, 'authorization'), services.oncallToken) : undefined;
  const event = toProxyEvent(
    { method, url: request.url ?? '/', rawHeaders: request.rawHeaders, body: body.body, sourceIp: request.socket.remoteAddress ?? '127.0.0.1' },
    { resource: match.route.resource, pathParameters: match.pathParameters },
    identity,
    services.clock.date(),
  );
  // Erasure: what names the customer's local copies is read before the handler erases the collection.
  const erased = services.erasure ? erasedCustomerId(method, match.route.resource, match.pathParameters) : undefined;
  const copies =
    erased === undefined
      ? undefined
      : await services.erasure?.collect(erased).catch((error: unknown) => {
          services.log.warn(`erasure: could not list the local copies (inbox, outbox) to remove: ${(error as Error).name}`);
          return undefined;
        });
  let result: unknown;
  try {
    result = await services.catalog.invoke(functionName, event);
  } catch (error) {
    if (error instanceof MissingHandlerError) {
      sendError(response, 501, 'not_implemented', error.message);
      return;
    }
    // A function error is API Gateway's 502; the details stay in the handler's own log.
    services.log.warn(`${functionName} failed on ${method} ${match.route.resource}: ${(error as Error).name}`);
    sendError(response, 502, 'bad_gateway', `the ${functionName} function failed; the request may not have been applied`);
    return;
  }
  if (copies && (result as { statusCode?: unknown } | undefined)?.statusCode === 204) services.erasure?.erase(copies);
  writeProxyResult(response, result);
}

/** 413 once the client has finished sending (body.ts): a client still writing would see a reset instead. */
function tooLarge(request: IncomingMessage, response: ServerResponse, message: string): void {
  answerWhenDrained(request, (close) => sendError(response, 413, 'payload_too_large', message, close ? { headers: { connection: 'close' } } : {}));
}

function headerOf(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[value.length - 1] : value;
}

function firstSegment(request: IncomingMessage): string {
  return (request.url ?? '/').split('?')[0]?.split('/')[1] ?? '';
}
