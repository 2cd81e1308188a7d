/**
 * The crisis switch for on-call staff (rule 9): `GET|PUT|DELETE /crisis`, `GET /crisis/audit`,
 * `POST /crisis/replay` (answers in docs/api.md).
 *
 * Declaring starts the crisis journey `crisis-<crisisId>`; declaring twice never starts two broadcasts, because
 * the second declaration is refused before anything starts and the execution name is unique. A change or the
 * resolution wakes the journey waiting on `crisis:<id>` with `{event: {type: 'crisis.updated'|'crisis.resolved',
 * version, …}}`. A replay is an execution of the crisis state machine with `$.replay`, over the failure records
 * only (send claims keep anyone already reached from getting it twice).
 * The caller is checked before the body is even parsed, so an anonymous request learns nothing about it; every
 * change is audited with the caller's identity as the actor.
 */
import { createHash } from 'node:crypto';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import * as z from 'zod';
import { BroadcastStore } from '../adapters/broadcast-store';
import { tableNameFrom } from '../adapters/clients';
import type { InactiveCrisis } from '../adapters/crisis-store';
import { ConflictError, JourneysError, PreconditionRequiredError, StaleVersionError } from '../domain/errors';
import { CrisisDeclarationSchema, CrisisResolutionSchema, type ActiveCrisis, type CrisisRecord } from '../domain/model/crisis';
import { parseOrThrow } from '../domain/validation';
import type { CrisisJourneyInput } from '../../contracts/payloads';
import { waitKeys } from '../../contracts/routes';
import { requireOnCall } from './middleware/caller';
import { byMethod, httpHandler } from './middleware/http-handler';
import type { JsonEvent } from './middleware/json-body';
import { etag, ifMatchVersion, intParam, parseQuery, readJsonBody } from './middleware/request';
import { json } from './middleware/responses';
import { clock } from './runtime/clock';
import { dependencies, stateMachineArn } from './runtime/dependencies';
import { logger } from './runtime/logger';
import { count } from './runtime/metrics';
import { GLOBAL_WAIT_OWNER, signal } from './runtime/signals';

export const MAX_CRISIS_BODY_BYTES = 64 * 1024;

/** A change names at least one field of the declaration. */
export const CrisisPatchSchema = CrisisDeclarationSchema.partial().refine((patch) => Object.values(patch).some((value) => value !== undefined), {
  message: 'name at least one field to change (severity, headline, message, affected, statusPageUrl, cadenceMinutes, customerMessagesPerDay)',
});

const AuditQuery = z.object({ limit: intParam(1, 200).optional() });

/** The crisis is recorded, but its journey could not be started: the caller must know broadcasts are not going out. */
export class JourneyNotStartedError extends JourneysError {
  readonly code = 'journey_not_started';
  readonly status = 502;
}

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

export const CrisisReplaySchema = z
  .object({
    version: z.number().int().positive().optional(),
    kind: z.enum(['alert', 'update', 'all-clear']).optional(),
    round: z.number().int().min(0).optional(),
  })
  .strict();

async function getCrisis(_event: JsonEvent) {
  const record = await dependencies().crisis.get();
  return crisisResponse(record);
}

async function putCrisis(event: JsonEvent, _context: Context) {
  const caller = requireOnCall(event);
  const body = await readJsonBody(event, { maxBytes: MAX_CRISIS_BODY_BYTES });
  const crisisArn = stateMachineArn('crisis');
  const ifMatch = ifMatchVersion(event);
  const { crisis } = dependencies();
  const current = await crisis.get();

  // A full declaration without If-Match is a declaration even while a crisis is active (the store answers 409).
  const declares = !current.active || (ifMatch === undefined && CrisisDeclarationSchema.safeParse(body).success);
  if (declares) {
    // A declaration. With If-Match on an inactive record, only on top of the version the caller saw: an update
    // meant for a crisis resolved meanwhile must not declare a new one.
    if (ifMatch !== undefined && ifMatch !== (current.version ?? 0)) throw new StaleVersionError(current.version ?? 0, ifMatch);
    const declaration = parseOrThrow(CrisisDeclarationSchema, body, 'crisis declaration');
    const record = await crisis.declare(declaration, caller.actor, clock.now());
    count('CrisisChanges', { action: 'declare', severity: record.severity });
    logger.info('crisis declared', { crisisId: record.id, version: record.version, severity: record.severity, actor: caller.actor });
    const outcome = await startCrisisJourney(crisisArn, record).catch((error: unknown) => {
      logger.error('the crisis journey did not start', { crisisId: record.id, error: error as Error });
      count('CrisisJourneyStartFailed', {});
      throw new JourneyNotStartedError(
        `the crisis is declared (version ${record.version}) but its broadcast did not start (${(error as Error).name}); ` +
          `send a change with PUT /crisis and If-Match: "${record.version}" to start it`,
      );
    });
    if (outcome === 'exists') logger.info('the crisis journey was already running', { crisisId: record.id });
    return crisisResponse(record);
  }

  if (ifMatch === undefined) {
    throw new PreconditionRequiredError(
      `a crisis is active (version ${current.version}); to change it send If-Match: "${current.version}" (the ETag of GET /crisis)`,
    );
  }
  const patch = parseOrThrow(CrisisPatchSchema, body, 'crisis update');
  const record = await crisis.update(patch, ifMatch, caller.actor, clock.now());
  count('CrisisChanges', { action: 'update', severity: record.severity });
  logger.info('crisis updated', { crisisId: record.id, version: record.version, fields: Object.keys(patch), actor: caller.actor });

  // Normally the journey is running and this is ExecutionAlreadyExists. If its start had failed at declaration,
  // it starts now with the current version — and then needs no signal (it broadcasts this version first).
  const outcome = await startCrisisJourney(crisisArn, record).catch((error: unknown) => {
    logger.error('could not check the crisis journey', { crisisId: record.id, error: error as Error });
    return 'unknown' as const;
  });
  if (outcome === 'started') logger.warn('the crisis journey was missing and has been started', { crisisId: record.id, version: record.version });
  else await notify(record.id, record.version, { type: 'crisis.updated', version: record.version, cadenceSeconds: record.cadenceMinutes * 60 });
  return crisisResponse(record);
}

async function deleteCrisis(event: JsonEvent) {
  const caller = requireOnCall(event);
  const body = await readJsonBody(event, { maxBytes: MAX_CRISIS_BODY_BYTES, optional: true });
  const ifMatch = ifMatchVersion(event);
  const resolution = parseOrThrow(CrisisResolutionSchema, body ?? {}, 'crisis resolution');
  const record: InactiveCrisis = await dependencies().crisis.resolve(resolution, caller.actor, clock.now(), ifMatch);
  count('CrisisChanges', { action: 'resolve', severity: record.severity ?? 'unknown' });
  logger.info('crisis resolved', { crisisId: record.id, version: record.version, actor: caller.actor });
  if (record.id && record.version !== undefined) {
    await notify(record.id, record.version, {
      type: 'crisis.resolved',
      version: record.version,
      ...(record.postmortemUrl ? { postmortemUrl: record.postmortemUrl } : {}),
    });
  }
  return crisisResponse(record);
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
  const crisisArn = stateMachineArn('crisis');
  const { crisis, doc } = dependencies();
  const record = await crisis.get();
  const last = record.broadcast;
  const version = asked.version ?? last?.messageVersion;
  const kind = asked.kind ?? last?.kind;
  if (!record.id || version === undefined || kind === undefined) {
    throw new ConflictError('no broadcast to replay: none has run yet (name one with {version, kind, round})', 'nothing_to_replay');
  }
  const round = asked.round ?? (asked.version === undefined && asked.kind === undefined ? (last?.round ?? 0) : 0);
  const replay = { crisisId: record.id, version, kind, round };
  const failures = await new BroadcastStore(doc, { tableName: tableNameFrom() }).countFailures(replay);
  logger.info('crisis replay requested', { ...replay, failures, actor: caller.actor });
  if (failures === 0) return json(200, { replay, failures, execution: null });

  const name = replayExecutionName(replay, clock.now());
  const input = { journey: 'crisis', crisisId: record.id, replay: { version, kind, round } };
  await dependencies().executions.start(crisisArn, name, input);
  count('CrisisReplays', { kind });
  return json(202, { replay, failures, execution: name });
}

/** Unique per request (a replay may be asked for again after it ran), at most 80 characters. */
function replayExecutionName(replay: { crisisId: string; version: number; kind: string; round: number }, now: Date): string {
  const name = `crisis-${replay.crisisId}-replay-v${replay.version}-${replay.kind}-${replay.round}-${now.getTime()}`.replace(/[^A-Za-z0-9_-]/g, '_');
  if (name.length <= 80) return name;
  return `crisis-replay-${createHash('sha256').update(name).digest('hex').slice(0, 40)}-${now.getTime()}`;
}

function crisisResponse(record: CrisisRecord) {
  return json(200, record, { etag: etag(record.version) });
}

/** Starts `crisis-<crisisId>`; 'exists' when it was started before (the name is unique for 90 days). */
async function startCrisisJourney(crisisArn: string, record: ActiveCrisis): Promise<'started' | 'exists'> {
  const input: CrisisJourneyInput = {
    journey: 'crisis',
    crisisId: record.id,
    version: record.version,
    severity: record.severity,
    cadenceMinutes: record.cadenceMinutes,
    cadenceSeconds: record.cadenceMinutes * 60,
  };
  const outcome = await dependencies().executions.start(crisisArn, `crisis-${record.id}`, input);
  return outcome.started ? 'started' : 'exists';
}

/**
 * Wakes the crisis journey. The change is already committed (and audited) when this runs, so a failure here is
 * logged and counted for the alarm rather than reported as a failed request the caller would retry against a
 * newer version: the journey still sends its next cadence update from the current record.
 */
async function notify(crisisId: string, version: number, event: Record<string, unknown>): Promise<void> {
  try {
    const result = await signal(GLOBAL_WAIT_OWNER, waitKeys.crisis(crisisId), `v${version}`, { event });
    logger.info('crisis journey signalled', { crisisId, version, delivered: result.delivered, pending: result.pending });
  } catch (error) {
    logger.error('could not signal the crisis journey', { crisisId, version, error: error as Error });
    count('CrisisSignalFailed', {});
  }
}
