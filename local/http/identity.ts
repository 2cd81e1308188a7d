/**
 * Who is calling, as API Gateway's IAM authorizer would put it in `requestContext.identity`. Deployed, on-call
 * staff sign requests with the on-call role; locally they send `Authorization: Bearer <JOURNEYS_ONCALL_TOKEN>`.
 * - the right token → the on-call identity (the same marker the handlers' `callerOf` recognises);
 * - `JOURNEYS_OPS_TOKEN`, when set → the ops identity (journey lifecycle routes);
 * - any other credentials → an identity that is not on call (the handler answers 403);
 * - none → no identity (the handler answers 401).
 * Only the on-call routes get an identity, as only they have the IAM authorizer.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export interface CallerIdentity {
  user: string;
  userArn: string;
  caller: string;
}

export const ONCALL_IDENTITY: CallerIdentity = {
  user: 'oncall',
  userArn: 'arn:aws:sts::000000000000:assumed-role/JourneysOnCall/local',
  caller: 'AROALOCALONCALL:local',
};

/** `Authorization: Bearer $JOURNEYS_OPS_TOKEN`: marketing ops (journey lifecycle routes, not the crisis switch). */
export const OPS_IDENTITY: CallerIdentity = {
  user: 'ops',
  userArn: 'arn:aws:sts::000000000000:assumed-role/JourneysOps/local',
  caller: 'AROALOCALOPS:local',
};

const NOT_ON_CALL: CallerIdentity = {
  user: 'local-caller',
  userArn: 'arn:aws:iam::000000000000:user/local-caller',
  caller: 'AIDALOCALCALLER',
};

export function identityFor(authorization: string | undefined, oncallToken: string, opsToken = process.env.JOURNEYS_OPS_TOKEN): CallerIdentity | undefined {
  if (authorization === undefined || authorization.trim() === '') return undefined;
  const bearer = /^Bearer\s+(.+)$/i.exec(authorization.trim())?.[1];
  if (bearer !== undefined && sameSecret(bearer, oncallToken)) return ONCALL_IDENTITY;
  if (bearer !== undefined && opsToken !== undefined && opsToken !== '' && sameSecret(bearer, opsToken)) return OPS_IDENTITY;
  return NOT_ON_CALL;
}

/** Constant-time comparison (of digests, so lengths leak nothing either). */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
