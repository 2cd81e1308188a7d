/**
 * `GET /`: a person opening the runtime's URL in a browser lands on the ops console (302 to `/console/`); any other
 * client (curl, scripts) gets a small JSON index of what the runtime serves, so the root never answers a bare 404.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { API_ROUTES } from './api-routes';
import { CONSOLE_PATH } from './console';
import { LOCAL_PATHS } from './local-api';
import { sendError, sendJson } from './responses';

/** The root as the client wrote it: a path that only resolves to `/` (`/profiles/%2E%2E`) is not a visit to it. */
export function isRootPath(path: string, rawUrl: string | undefined): boolean {
  return path === '/' && /^\/?(\?|$)/.test(rawUrl ?? '/');
}

export function handleRoot(request: IncomingMessage, response: ServerResponse): void {
  const method = request.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') {
    sendError(response, 405, 'method_not_allowed', `${method} is not supported on /; use GET`, { headers: { allow: 'GET, HEAD' } });
    return;
  }
  const accept = String(request.headers.accept ?? '').toLowerCase();
  if (accept.includes('text/html')) {
    response.writeHead(302, { location: `${CONSOLE_PATH}/`, 'cache-control': 'no-store', 'content-length': '0' });
    response.end();
    return;
  }
  sendJson(response, 200, {
    console: `${CONSOLE_PATH}/`,
    runtime: [...LOCAL_PATHS],
    api: API_ROUTES.map((route) => `${Object.keys(route.methods).join('|')} ${route.resource}`),
  });
}
