/**
 * The HTTP API's route table (shared/CONTRACT.md), as API Gateway has it: resource path → method → function.
 * Mirrors `API_ROUTES` of infra/constructs/journeys-api.ts (a test keeps the two in step) without importing
 * aws-cdk-lib into the runtime. `onCall` marks the methods API Gateway's IAM authorizer guards with the on-call
 * role; locally the bearer token plays that part (identity.ts).
 */
import type { FunctionName } from '../../functions/handlers/catalog';

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE';

export interface ApiRoute {
  /** API Gateway resource path, `{name}` for a path parameter. */
  resource: string;
  methods: Partial<Record<HttpMethod, FunctionName>>;
  onCall?: readonly HttpMethod[];
}

export const API_ROUTES: readonly ApiRoute[] = [
  { resource: '/profiles/{customerId}', methods: { PUT: 'api-profiles', GET: 'api-profiles', DELETE: 'api-profiles' } },
  { resource: '/events', methods: { POST: 'api-events' } },
  { resource: '/crisis', methods: { GET: 'api-crisis', PUT: 'api-crisis', DELETE: 'api-crisis' }, onCall: ['PUT', 'DELETE'] },
  { resource: '/crisis/audit', methods: { GET: 'api-crisis' }, onCall: ['GET'] },
  { resource: '/crisis/replay', methods: { POST: 'api-crisis' }, onCall: ['POST'] },
  { resource: '/status', methods: { GET: 'api-status' } },
  { resource: '/surveys/{token}', methods: { GET: 'api-surveys', POST: 'api-surveys' } },
  { resource: '/messages', methods: { GET: 'api-messages' } },
  { resource: '/executions', methods: { GET: 'api-executions' } },
  { resource: '/journeys', methods: { GET: 'api-journeys' }, onCall: ['GET'] },
  { resource: '/journeys/{name}', methods: { GET: 'api-journeys' }, onCall: ['GET'] },
  { resource: '/journeys/{name}/routing', methods: { PUT: 'api-journeys' }, onCall: ['PUT'] },
  { resource: '/journeys/{name}/pause', methods: { PUT: 'api-journeys', DELETE: 'api-journeys' }, onCall: ['PUT', 'DELETE'] },
  { resource: '/journeys/{name}/stop', methods: { POST: 'api-journeys' }, onCall: ['POST'] },
  { resource: '/unsubscribe', methods: { GET: 'api-unsubscribe', POST: 'api-unsubscribe' } },
];

export interface RouteMatch {
  route: ApiRoute;
  /** Raw (still percent-encoded) segments, as API Gateway REST passes them; handlers decode. */
  pathParameters: Record<string, string>;
}

const compiled = API_ROUTES.map((route) => {
  const names: string[] = [];
  const pattern = route.resource.replace(/\{([^}]+)\}/g, (_whole, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { route, names, regex: new RegExp(`^${pattern}/?$`) };
});

export function matchRoute(path: string): RouteMatch | undefined {
  for (const { route, names, regex } of compiled) {
    const match = regex.exec(path);
    if (!match) continue;
    const pathParameters: Record<string, string> = {};
    names.forEach((name, index) => (pathParameters[name] = match[index + 1] as string));
    return { route, pathParameters };
  }
  return undefined;
}
