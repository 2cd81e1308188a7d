/**
 * Who is calling. Deployed, API Gateway's IAM authorizer has verified a SigV4 signature and put the caller's
 * ARN in the request context; locally the runtime's HTTP server plays API Gateway and does the same for the
 * on-call bearer token. Handlers only read the verified identity — and refuse if there is none, so a route
 * misconfigured without auth fails closed.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { ForbiddenError, UnauthorizedError } from '../../domain/errors';

export interface Caller {
  /** The IAM principal or local identity; recorded as the actor in audit trails. */
  actor: string;
  roles: readonly string[];
}

export const ONCALL_ROLE = 'oncall';

export function callerOf(event: APIGatewayProxyEvent): Caller | undefined {
  const identity = event.requestContext?.identity;
  const actor = identity?.userArn ?? identity?.caller ?? undefined;
  if (!actor) return undefined;
  // Deployed: the on-call role's session ARN names the role; locally the server sets the same marker.
  const roles = /:assumed-role\/[^/]*OnCall/i.test(actor) || identity?.user === ONCALL_ROLE ? [ONCALL_ROLE] : [];
  return { actor, roles };
}

export function requireOnCall(event: APIGatewayProxyEvent): Caller {
  const caller = callerOf(event);
  if (!caller) throw new UnauthorizedError('on-call credentials are required for this route');
  if (!caller.roles.includes(ONCALL_ROLE)) throw new ForbiddenError(`${caller.actor} is not on call: only the on-call role may change crisis mode`);
  return caller;
}
