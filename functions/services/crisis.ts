/**
 * The crisis switch's orchestration (api-crisis.ts keeps the HTTP): declaring records the crisis and starts the
 * crisis journey `crisis-<crisisId>` (the execution name is unique, so declaring twice never starts two
 * broadcasts); a change or the resolution wakes the journey waiting on `crisis:<id>` with `{event: {type:
 * 'crisis.updated'|'crisis.resolved', version, …}}`; a replay is an execution of the crisis state machine with
 * `$.replay`, over the failure records only (send claims keep anyone already reached from getting it twice).
 * Every change is audited with the caller as the actor.
 */
import { createHash } from 'node:crypto';
import { BroadcastStore } from '../adapters/broadcast-store';
import { tableNameFrom } from '../adapters/client-config';
import type { InactiveCrisis } from '../adapters/crisis-store';
import { ConflictError, JourneysError } from '../domain/errors';
import type { ActiveCrisis, CrisisDeclaration, CrisisResolution } from '../domain/model/crisis';
import type { CrisisJourneyInput } from '../../contracts/payloads';
import { waitKeys } from '../../contracts/routes';
import { clock } from '../handlers/runtime/clock';
import { dependencies } from '../handlers/runtime/dependencies';
import { logger } from '../handlers/runtime/logger';
import { count } from '../handlers/runtime/metrics';
import { GLOBAL_WAIT_OWNER, signal } from './signals';
import { stateMachineArn } from '../handlers/runtime/wiring/step-functions'; // also builds the executions this module uses (runtime/dependencies.ts)
import '../handlers/runtime/wiring/crisis'; // builds the crisis this module uses (runtime/dependencies.ts)

/** The crisis is recorded, but its journey could not be started: the caller must know broadcasts are not going out. */
export class JourneyNotStartedError extends JourneysError {
  readonly code = 'journey_not_started';
  readonly status = 502;
}

export interface ReplayRequest {
  version?: number | undefined;
  kind?: 'alert' | 'update' | 'all-clear' | undefined;
  round?: number | undefined;
}

/** Records the declaration and starts its journey; a journey that did not start is a JourneyNotStartedError (502). */
export async function declareCrisis(declaration: CrisisDeclaration, actor: string): Promise<ActiveCrisis> {
  const crisisArn = stateMachineArn('crisis');
  const record = await dependencies().crisis.declare(declaration, actor, clock.now());
  count('CrisisChanges', { action: 'declare', severity: record.severity });
  logger.info('crisis declared', { crisisId: record.id, version: record.version, severity: record.severity, actor });
  const outcome = await startCrisisJourney(crisisArn, record).catch((error: unknown) => {
    logger.error('the crisis journey did not start', { crisisId: record.id, error: error as Error });
    count('CrisisJourneyStartFailed', {});
    throw new JourneyNotStartedError(
      `the crisis is declared (version ${record.version}) but its broadcast did not start (${(error as Error).name}); ` +
        `send a change with PUT /crisis and If-Match: "${record.version}" to start it`,
    );
  });
  if (outcome === 'exists') logger.info('the crisis journey was already running', { crisisId: record.id });
  return record;
}

/** Applies a change on top of version `ifMatch` and wakes the journey (or starts it, if its start had failed). */
export async function updateCrisis(patch: Partial<CrisisDeclaration>, ifMatch: number, actor: string): Promise<ActiveCrisis> {
  const crisisArn = stateMachineArn('crisis');
  const record = await dependencies().crisis.update(patch, ifMatch, actor, clock.now());
  count('CrisisChanges', { action: 'update', severity: record.severity });
  logger.info('crisis updated', { crisisId: record.id, version: record.version, fields: Object.keys(patch), actor });

  // Normally the journey is running and this is ExecutionAlreadyExists. If its start had failed at declaration,
  // it starts now with the current version — and then needs no signal (it broadcasts this version first).
  const outcome = await startCrisisJourney(crisisArn, record).catch((error: unknown) => {
    logger.error('could not check the crisis journey', { crisisId: record.id, error: error as Error });
    return 'unknown' as const;
  });
  if (outcome === 'started') logger.warn('the crisis journey was missing and has been started', { crisisId: record.id, version: record.version });
  else await notify(record.id, record.version, { type: 'crisis.updated', version: record.version, cadenceSeconds: record.cadenceMinutes * 60 });
  return record;
}

/** Resolves the crisis and wakes the journey for the all-clear. */
export async function resolveCrisis(resolution: CrisisResolution, actor: string, ifMatch: number | undefined): Promise<InactiveCrisis> {
  const record: InactiveCrisis = await dependencies().crisis.resolve(resolution, actor, clock.now(), ifMatch);
  count('CrisisChanges', { action: 'resolve', severity: record.severity ?? 'unknown' });
  logger.info('crisis resolved', { crisisId: record.id, version: record.version, actor });
  if (record.id && record.version !== undefined) {
    await notify(record.id, record.version, {
      type: 'crisis.resolved',
      version: record.version,
      ...(record.postmortemUrl ? { postmortemUrl: record.postmortemUrl } : {}),
    });
  }
  return record;
}

/**
 * Sends a broadcast again to the recipients recorded as failed: the one asked for, else the last one. Answers the
 * broadcast, its failures and the execution started (none when nobody failed).
 */
export async function replayBroadcast(asked: ReplayRequest, actor: string) {
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
  logger.info('crisis replay requested', { ...replay, failures, actor });
  if (failures === 0) return { replay, failures, execution: null };

  const name = replayExecutionName(replay, clock.now());
  const input = { journey: 'crisis', crisisId: record.id, replay: { version, kind, round } };
  await dependencies().executions.start(crisisArn, name, input);
  count('CrisisReplays', { kind });
  return { replay, failures, execution: name };
}

/** Unique per request (a replay may be asked for again after it ran), at most 80 characters. */
function replayExecutionName(replay: { crisisId: string; version: number; kind: string; round: number }, now: Date): string {
  const name = `crisis-${replay.crisisId}-replay-v${replay.version}-${replay.kind}-${replay.round}-${now.getTime()}`.replace(/[^A-Za-z0-9_-]/g, '_');
  if (name.length <= 80) return name;
  return `crisis-replay-${createHash('sha256').update(name).digest('hex').slice(0, 40)}-${now.getTime()}`;
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
