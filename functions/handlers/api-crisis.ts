/**
 * The crisis switch for on-call staff (rule 9), its HTTP side: `GET|PUT|DELETE /crisis`, `GET /crisis/audit`,
 * `POST /crisis/replay` (answers in docs/api.md); what a declaration, change, resolution or replay does is in
 * services/crisis.ts. The caller is checked before the body is even parsed, so an anonymous request learns nothing
 * about it.
 */
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import * as z from '../domain/zod';
import { PreconditionRequiredError, StaleVersionError } from '../domain/errors';
import { CrisisDeclarationSchema, CrisisResolutionSchema, type CrisisRecord } from '../domain/model/crisis';
import { parseOrThrow } from '../domain/validation';
import { declareCrisis, replayBroadcast, resolveCrisis, updateCrisis } from '../services/crisis';
import { requireOnCall } from './middleware/caller';
import { byMethod, httpHandler } from './middleware/http-handler';
import type { JsonEvent } from './middleware/json-body';
import { etag, ifMatchVersion, intParam, parseQuery, readJsonBody } from './middleware/request';
import { json } from './middleware/responses';
import { dependencies } from './runtime/dependencies';
import './runtime/wiring/crisis'; // builds the crisis this module uses (runtime/dependencies.ts)

export const MAX_CRISIS_BODY_BYTES = 64 * 1024;

/** A change names at least one field of the declaration. */
export const CrisisPatchSchema = z.partial(CrisisDeclarationSchema).check(
  z.refine((patch) => Object.values(patch).some((value) => value !== undefined), {
    message: 'name at least one field to change (severity, headline, message, affected, statusPageUrl, cadenceMinutes, customerMessagesPerDay)',
  }),
);

const AuditQuery = z.object({ limit: z.optional(intParam(1, 200)) });

const routes = byMethod({ GET: getCrisis, PUT: putCrisis, DELETE: deleteCrisis });
const auditRoutes = byMethod({ GET: getAudit });
const replayRoutes = byMethod({ POST: postReplay });

export const handler = httpHandler(
  (event, context) => (isSubPath(event, 'audit') ? auditRoutes(event, context) : isSubPath(event, 'replay') ? replayRoutes(event, context) : routes(event, context)),
  {
    // Bodies are parsed by the routes, after the caller is known.
    bodyMethods: [],
  },
);

function isSubPath(event: APIGatewayProxyEvent, name: 'audit' | 'replay'): boolean {
  return event.resource === `/crisis/${name}` || new RegExp(`/crisis/${name}/?$`).test(event.path ?? '');
}

export const CrisisReplaySchema = z.strictObject({
  version: z.optional(z.number().check(z.int(), z.positive())),
  kind: z.optional(z.enum(['alert', 'update', 'all-clear'])),
  round: z.optional(z.number().check(z.int(), z.gte(0))),
});

async function getCrisis(_event: JsonEvent) {
  const record = await dependencies().crisis.get();
  return crisisResponse(record);
}

async function putCrisis(event: JsonEvent, _context: Context) {
  const caller = requireOnCall(event);
  const body = await readJsonBody(event, { maxBytes: MAX_CRISIS_BODY_BYTES });
  const ifMatch = ifMatchVersion(event);
  const current = await dependencies().crisis.get();

  // A full declaration without If-Match is a declaration even while a crisis is active (the store answers 409).
  const declares = !current.active || (ifMatch === undefined && CrisisDeclarationSchema.safeParse(body).success);
  if (declares) {
    // A declaration. With If-Match on an inactive record, only on top of the version the caller saw: an update
    // meant for a crisis resolved meanwhile must not declare a new one.
    if (ifMatch !== undefined && ifMatch !== (current.version ?? 0)) throw new StaleVersionError(current.version ?? 0, ifMatch);
    const declaration = parseOrThrow(CrisisDeclarationSchema, body, 'crisis declaration');
    return crisisResponse(await declareCrisis(declaration, caller.actor));
  }

  if (ifMatch === undefined) {
    throw new PreconditionRequiredError(
      `a crisis is active (version ${current.version}); to change it send If-Match: "${current.version}" (the ETag of GET /crisis)`,
    );
  }
  const patch = parseOrThrow(CrisisPatchSchema, body, 'crisis update');
  return crisisResponse(await updateCrisis(patch, ifMatch, caller.actor));
}

async function deleteCrisis(event: JsonEvent) {
  const caller = requireOnCall(event);
  const body = await readJsonBody(event, { maxBytes: MAX_CRISIS_BODY_BYTES, optional: true });
  const ifMatch = ifMatchVersion(event);
  const resolution = parseOrThrow(CrisisResolutionSchema, body ?? {}, 'crisis resolution');
  return crisisResponse(await resolveCrisis(resolution, caller.actor, ifMatch));
}

async function getAudit(event: JsonEvent) {
  requireOnCall(event);
  const { limit } = parseQuery(AuditQuery, event);
  const entries = await dependencies().crisis.audit(limit ?? 50);
  return json(200, { entries });
}

async function postReplay(event: JsonEvent) {
  const caller = requireOnCall(event);
  const body = await readJsonBody(event, { maxBytes: MAX_CRISIS_BODY_BYTES, optional: true });
  const asked = parseOrThrow(CrisisReplaySchema, body ?? {}, 'crisis replay');
  const answer = await replayBroadcast(asked, caller.actor);
  return json(answer.execution === null ? 200 : 202, answer);
}

function crisisResponse(record: CrisisRecord) {
  return json(200, record, { etag: etag(record.version) });
}

