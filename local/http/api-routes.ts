/**
 * The HTTP API's routes (contracts/api-routes.ts) as API Gateway resolves them: resource path → method →
 * function. `onCall` lists the methods API Gateway's IAM authorizer guards with the on-call role; locally the
 * bearer token plays that part (identity.ts).
 */
import { API_ROUTES as DEPLOYED_ROUTES, type HttpMethod } from '../../contracts/api-routes';
import type { FunctionName } from '../../contracts/functions';

export type { HttpMethod };

export interface ApiRoute {
  /** API Gateway resource path, `{name}` for a path parameter. */
  resource: string;
  methods: Partial<Record<HttpMethod, FunctionName>>;
  onCall?: HttpMethod[];
}

/** Grouped by resource; GET /health is the runtime's own locally (it reports the virtual clock, local-api.ts). */
export const API_ROUTES: readonly ApiRoute[] = DEPLOYED_ROUTES.filter((route) => route.function !== 'api-health').reduce<ApiRoute[]>((routes, route) => {
  let resource = routes.find((existing) => existing.resource === route.path);
  if (!resource) routes.push((resource = { resource: route.path, methods: {} }));
  resource.methods[route.method] = route.function;
  // Locally the bearer token plays the IAM authorizer for the on-call and the journey lifecycle routes.
  if (route.onCall || route.lifecycle) (resource.onCall ??= []).push(route.method);
  return routes;
}, []);

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
