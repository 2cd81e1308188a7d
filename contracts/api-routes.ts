/**
 * The HTTP API's routes (docs/api.md), once: the CDK stack builds API Gateway's resources, methods, validation,
 * throttling and roles from it (infra/constructs/journeys-api.ts), and the local runtime's API Gateway routes the
 * same requests to the same functions (local/http/api-routes.ts).
 */
import type { FunctionName } from './functions';

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE';

export interface ApiRoute {
  readonly method: HttpMethod;
  /** API Gateway resource path, `{name}` for a path parameter. */
  readonly path: string;
  readonly function: FunctionName;
  /** Reachable without AWS credentials. */
  readonly public?: boolean;
  /** A route of the crisis switch: the on-call role may invoke it. */
  readonly crisis?: boolean;
  /** Only on call: deployed, only the on-call role may invoke it; locally, only with the on-call bearer token. */
  readonly onCall?: boolean;
  /** Journey lifecycle (routing, pause, stop): ops and on-call both. */
  readonly lifecycle?: boolean;
  /** The request has a JSON body (validated to be an object). */
  readonly body?: boolean;
  /** Required query string parameters. */
  readonly requiredQuery?: readonly string[];
  /** Per-route throttling, for public routes. */
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
}

export const API_ROUTES: readonly ApiRoute[] = [
  { method: 'GET', path: '/health', function: 'api-health', public: true, throttle: { rateLimit: 10, burstLimit: 20 } },
  { method: 'PUT', path: '/profiles/{customerId}', function: 'api-profiles', body: true },
  { method: 'GET', path: '/profiles/{customerId}', function: 'api-profiles' },
  { method: 'DELETE', path: '/profiles/{customerId}', function: 'api-profiles' },
  { method: 'POST', path: '/events', function: 'api-events', body: true },
  { method: 'GET', path: '/crisis', function: 'api-crisis', crisis: true },
  { method: 'PUT', path: '/crisis', function: 'api-crisis', crisis: true, onCall: true, body: true },
  { method: 'DELETE', path: '/crisis', function: 'api-crisis', crisis: true, onCall: true },
  { method: 'GET', path: '/crisis/audit', function: 'api-crisis', crisis: true, onCall: true },
  { method: 'POST', path: '/crisis/replay', function: 'api-crisis', crisis: true, onCall: true, body: true },
  { method: 'GET', path: '/status', function: 'api-status', public: true, throttle: { rateLimit: 200, burstLimit: 400 } },
  { method: 'GET', path: '/surveys/{token}', function: 'api-surveys', public: true, throttle: { rateLimit: 20, burstLimit: 40 } },
  { method: 'POST', path: '/surveys/{token}', function: 'api-surveys', public: true, body: true, throttle: { rateLimit: 20, burstLimit: 40 } },
  { method: 'GET', path: '/messages', function: 'api-messages', requiredQuery: ['customerId'] },
  { method: 'GET', path: '/executions', function: 'api-executions', requiredQuery: ['customerId'] },
  { method: 'GET', path: '/journeys', function: 'api-journeys', lifecycle: true },
  { method: 'GET', path: '/journeys/{name}', function: 'api-journeys', lifecycle: true },
  { method: 'PUT', path: '/journeys/{name}/routing', function: 'api-journeys', lifecycle: true, body: true },
  { method: 'PUT', path: '/journeys/{name}/pause', function: 'api-journeys', lifecycle: true, body: true },
  { method: 'DELETE', path: '/journeys/{name}/pause', function: 'api-journeys', lifecycle: true },
  { method: 'POST', path: '/journeys/{name}/stop', function: 'api-journeys', lifecycle: true, body: true },
  { method: 'GET', path: '/freeze', function: 'api-journeys', lifecycle: true },
  { method: 'PUT', path: '/freeze', function: 'api-journeys', lifecycle: true, body: true },
  { method: 'DELETE', path: '/freeze', function: 'api-journeys', lifecycle: true },
  // Parked messages. Locally `/dlq` and `/dlq/replay` are answered first by the runtime's own route (local-api.ts),
  // which adds the bus's route dead letters; deployed, api-dlq answers for the parked messages.
  { method: 'GET', path: '/dlq', function: 'api-dlq' },
  { method: 'POST', path: '/dlq/replay', function: 'api-dlq' },
  { method: 'GET', path: '/unsubscribe', function: 'api-unsubscribe', public: true, throttle: { rateLimit: 20, burstLimit: 40 } },
  { method: 'POST', path: '/unsubscribe', function: 'api-unsubscribe', public: true, throttle: { rateLimit: 20, burstLimit: 40 } },
  { method: 'GET', path: '/experiments', function: 'api-experiments' },
  { method: 'GET', path: '/experiments/{id}', function: 'api-experiments' },
];
