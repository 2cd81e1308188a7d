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

/** The stack's on-call role (set by infra on the crisis function); absent, nobody deployed is on call. */
export const ONCALL_ROLE_ARN_VARIABLE = 'ONCALL_ROLE_ARN';
/** The stack's ops role (set by infra on the journey lifecycle function); absent, nobody deployed is ops. */
export const OPS_ROLE_ARN_VARIABLE = 'OPS_ROLE_ARN';

export function callerOf(event: APIGatewayProxyEvent): Caller | undefined {
  const identity = event.requestContext?.identity;
  const actor = identity?.userArn ?? identity?.caller ?? undefined;
  if (!actor) return undefined;
  // Deployed: a session of exactly the stack's on-call role; locally the server sets the marker for the on-call token.
  const roles: string[] = [];
  if (isSessionOf(actor, process.env[ONCALL_ROLE_ARN_VARIABLE]) || identity?.user === ONCALL_ROLE) roles.push(ONCALL_ROLE);
  if (isSessionOf(actor, process.env[OPS_ROLE_ARN_VARIABLE]) || identity?.user === OPS_ROLE) roles.push(OPS_ROLE);
  return { actor, roles };
}

/**
 * Whether `actor` (`arn:aws:sts::<account>:assumed-role/<name>/<session>`) is a session of the role
 * `arn:aws:iam::<account>:role[/path]/<name>`: same partition, account and role name — not a role whose name
 * merely contains the on-call role's (`NotOnCall`, `OnCallReadOnly`).
 */
export function isSessionOf(actor: string, roleArn: string | undefined): boolean {
  const role = roleArn ? /^arn:(aws[a-z-]*):iam::(\d{12}):role\/(?:[^\s]*\/)?([\w+=,.@-]+)$/.exec(roleArn) : null;
  const session = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([\w+=,.@-]+)\/[\w+=,.@-]+$/.exec(actor);
  return role !== null && session !== null && role[1] === session[1] && role[2] === session[2] && role[3] === session[3];
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
