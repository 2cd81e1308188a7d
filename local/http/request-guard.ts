/**
 * What keeps web pages the developer visits away from the runtime. Everything on the port is unauthenticated
 * (profiles, events, the DynamoDB endpoint), so:
 * - DNS rebinding: a page on `evil.example` that re-resolves its name to 127.0.0.1 reaches the port, but its
 *   requests still say `Host: evil.example`; only loopback names (and the address the runtime was bound to) are
 *   answered.
 * - Cross-site requests: a page can POST without a preflight (a "simple" request: a form, or `fetch` with no
 *   content type). Requests that may change state (anything but GET/HEAD/OPTIONS) are refused when the browser
 *   says they come from another site (`Sec-Fetch-Site: cross-site`) or from a non-loopback `Origin`. Clients that
 *   are not browsers (the CLI, SDKs, curl) send neither header and are unaffected.
 */
import type { IncomingMessage } from 'node:http';

export interface Refusal {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const WILDCARD_ADDRESSES = new Set(['0.0.0.0', '::', '[::]']);

/** `localhost`, `*.localhost` (browsers resolve these to loopback themselves), 127.0.0.0/8, ::1. */
export function isLoopbackName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(name) || name === '[::1]' || name === '::1';
}

function hostnameOf(authority: string): string | undefined {
  try {
    return new URL(`http://${authority}`).hostname;
  } catch {
    return undefined;
  }
}

function trustedHost(hostname: string | undefined, boundHost: string): boolean {
  if (hostname === undefined) return false;
  if (isLoopbackName(hostname)) return true;
  // Bound to a specific address on purpose (a container's): that address is the runtime's own name too.
  const bound = boundHost.includes(':') && !boundHost.startsWith('[') ? `[${boundHost}]` : boundHost;
  return !WILDCARD_ADDRESSES.has(boundHost) && hostname.toLowerCase() === bound.toLowerCase();
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[value.length - 1] : value;
}

/** Why the request must not be served, or undefined. */
export function refusalOf(request: IncomingMessage, boundHost: string): Refusal | undefined {
  const host = header(request, 'host');
  if (host === undefined || !trustedHost(hostnameOf(host), boundHost)) {
    return {
      status: 403,
      code: 'untrusted_host',
      message: `the local runtime answers only requests addressed to a loopback name (localhost, 127.0.0.1, [::1]), not ${JSON.stringify((host ?? '').slice(0, 100))}`,
    };
  }
  if (SAFE_METHODS.has(request.method ?? 'GET')) return undefined;
  const origin = header(request, 'origin');
  const site = header(request, 'sec-fetch-site');
  const originHost = origin === undefined ? undefined : origin === 'null' ? undefined : hostnameOf(origin.replace(/^[a-z][a-z0-9+.-]*:\/\//i, ''));
  if (site === 'cross-site' || (origin !== undefined && !trustedHost(originHost, boundHost))) {
    return {
      status: 403,
      code: 'cross_origin',
      message: `the local runtime refuses ${request.method ?? ''} requests from web pages of other sites (Origin ${JSON.stringify((origin ?? '').slice(0, 100))}, Sec-Fetch-Site ${JSON.stringify(site ?? '')})`,
    };
  }
  return undefined;
}
