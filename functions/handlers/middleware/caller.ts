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
/** Marketing ops: may change live journeys (routing, pause, stop, freeze), not crisis mode. */
export const OPS_ROLE = 'ops';

export function callerOf(event: APIGatewayProxyEvent): Caller | undefined {
  const identity = event.requestContext?.identity;
  const actor = identity?.userArn ?? identity?.caller ?? undefined;
  if (!actor) return undefined;
  // Deployed: the on-call role's session ARN names the role; locally the server sets the same marker.
  const roles: string[] = [];
  if (/:assumed-role\/[^/]*OnCall/i.test(actor) || identity?.user === ONCALL_ROLE) roles.push(ONCALL_ROLE);
  if (/:assumed-role\/[^/]*Ops\//i.test(actor) || identity?.user === OPS_ROLE) roles.push(OPS_ROLE);
  return { actor, roles };
}

export function requireOnCall(event: APIGatewayProxyEvent): Caller {
  const caller = callerOf(event);
  if (!caller) throw new UnauthorizedError('on-call credentials are required for this route');
  if (!caller.roles.includes(ONCALL_ROLE)) throw new ForbiddenError(`${caller.actor} is not on call: only the on-call role may change crisis mode`);
  return caller;
}

/** The journey lifecycle routes: ops or on-call staff. */
export function requireOpsOrOnCall(event: APIGatewayProxyEvent): Caller {
  const caller = callerOf(event);
  if (!caller) throw new UnauthorizedError('ops or on-call credentials are required for this route');
  if (!caller.roles.includes(OPS_ROLE) && !caller.roles.includes(ONCALL_ROLE)) throw new ForbiddenError(`${caller.actor} is neither ops nor on call: only they may change live journeys`);
  return caller;
}
