/**
 * The journey lifecycle for ops and on-call staff (401 without credentials, 403 for anyone else):
 * - `GET /journeys`, `GET /journeys/{name}`: status, versions with customers in flight, routing, pause;
 * - `PUT /journeys/{name}/routing`: the alias `live`'s weights (new entries only; customers inside stay put);
 * - `PUT /journeys/{name}/pause` (`{until?, entries?, reason}`), `DELETE /journeys/{name}/pause`: resume, which also
 *   reopens a stopped journey and starts the queued entries once each, in arrival order;
 * - `POST /journeys/{name}/stop` (`{mode: drain|now, reason}`): no new entries; `now` also stops every running
 *   execution (the engine stops between tasks, so no message is half-sent; sends are idempotent per message);
 * - `GET /freeze`, `PUT /freeze` (`{until?, reason}`), `DELETE /freeze`: all marketing held in every journey.
 * Resume and unfreeze wake the messages the pause or freeze held (services/journey-resume.ts).
 * Every change is audited with the caller as the actor.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors';
import { activePause, freezeFrom, journeyStatus, pauseFrom } from '../domain/journey-control';
import { FreezeSchema, PauseSchema, RoutingSchema, StopSchema, type JourneyControl, type JourneyStatus, type Routing } from '../domain/model/journey-control';
import { activeFreeze } from '../domain/rules/journey-hold';
import { JOURNEYS, JourneyName } from '../domain/model/primitives';
import { parseOrThrow } from '../domain/validation';
import { requireOpsOrOnCall } from './middleware/caller';
import { byMethod, httpHandler } from './middleware/http-handler';
import type { JsonEvent } from './middleware/json-body';
import { pathId, readJsonBody } from './middleware/request';
import { json } from './middleware/responses';
import { clock } from './runtime/clock';
import { dependencies } from './runtime/dependencies';
import { endFreeze, resumeJourney } from '../services/journey-resume';
import { journeyVersions, setRouting, stopRunning } from '../services/journey-versions';
import { logger } from './runtime/logger';
import './runtime/wiring/journey-control'; // builds the pause, stop and freeze stores this module uses (runtime/dependencies.ts)

const MAX_BODY_BYTES = 8 * 1024;

export interface JourneyView {
  name: JourneyName;
  status: JourneyStatus;
  version: number;
  routing: Routing;
  inFlight: Record<string, number>;
  versions?: Array<{ version: number; createdAt: string; inFlight: number }>;
  pause?: NonNullable<JourneyControl['pause']>;
  stop?: NonNullable<JourneyControl['stop']>;
}

const collection = byMethod({ GET: async (event) => (requireOpsOrOnCall(event), json(200, { journeys: await Promise.all(JOURNEYS.map((name) => view(name, false))) })) });
const one = byMethod({ GET: async (event) => (requireOpsOrOnCall(event), json(200, await view(journeyOf(event), true))) });
const routing = byMethod({ PUT: putRouting });
const pause = byMethod({ PUT: putPause, DELETE: deletePause });
const stop = byMethod({ POST: postStop });
const freeze = byMethod({ GET: getFreeze, PUT: putFreeze, DELETE: deleteFreeze });

export const handler = httpHandler(
  (event, context) => {
    if (/\/freeze\/?$/.test(event.path ?? '')) return freeze(event, context);
    const sub = /\/journeys(?:\/[^/]+(?:\/(routing|pause|stop))?)?\/?$/.exec(event.path ?? '');
    if (event.pathParameters?.name === undefined) return collection(event, context);
    switch (sub?.[1]) {
      case 'routing':
        return routing(event, context);
      case 'pause':
        return pause(event, context);
      case 'stop':
        return stop(event, context);
      default:
        return one(event, context);
    }
  },
  // Bodies are read after the caller is known.
  { bodyMethods: [] },
);

function journeyOf(event: APIGatewayProxyEvent): JourneyName {
  const name = JourneyName.safeParse(pathId(event, 'name'));
  if (!name.success) throw new NotFoundError(`no journey named ${pathId(event, 'name')}; journeys: ${JOURNEYS.join(', ')}`);
  return name.data;
}

async function view(name: JourneyName, withVersions: boolean): Promise<JourneyView> {
  const [control, versions] = await Promise.all([dependencies().journeyControl.get(name), journeyVersions(name)]);
  const now = clock.now();
  const inFlight = Object.fromEntries(versions.versions.filter((version) => version.inFlight > 0).map((version) => [String(version.version), version.inFlight]));
  const total = versions.versions.reduce((sum, version) => sum + version.inFlight, 0);
  const currentPause = activePause(control, now);
  return {
    name,
    status: journeyStatus(control, total, now),
    version: versions.versions[0]?.version ?? 0,
    routing: versions.routing,
    inFlight,
    ...(withVersions ? { versions: versions.versions.map(({ version, createdAt, inFlight: count }) => ({ version, createdAt, inFlight: count })) } : {}),
    ...(currentPause && !control?.stop ? { pause: currentPause } : {}),
    ...(control?.stop ? { stop: control.stop } : {}),
  };
}

async function putRouting(event: JsonEvent) {
  const caller = requireOpsOrOnCall(event);
  const journey = journeyOf(event);
  const { routing: requested } = parseOrThrow(RoutingSchema, await readJsonBody(event, { maxBytes: MAX_BODY_BYTES }), 'routing');
  const known = new Set((await journeyVersions(journey)).versions.map((version) => version.version));
  const issues = requested.flatMap((route, index) => (known.has(route.version) ? [] : [{ path: `routing.${index}.version`, message: `${journey} has no version ${route.version}` }]));
  if (issues.length > 0) throw new ValidationError('routing names a version that does not exist', issues);
  await dependencies().journeyControl.audit(journey, { action: 'routing', actor: caller.actor, at: clock.now().toISOString(), detail: { routing: requested } });
  await setRouting(journey, requested);
  logger.info('journey routing changed', { journey, routing: requested, actor: caller.actor });
  return json(200, await view(journey, true));
}

async function putPause(event: JsonEvent) {
  const caller = requireOpsOrOnCall(event);
  const journey = journeyOf(event);
  const request = parseOrThrow(PauseSchema, await readJsonBody(event, { maxBytes: MAX_BODY_BYTES }), 'pause');
  const { journeyControl } = dependencies();
  const control = await journeyControl.get(journey);
  if (control?.stop) throw new ConflictError(`${journey} is stopped; resume it (DELETE /journeys/${journey}/pause) before pausing it`);
  const next = pauseFrom(request, caller.actor, clock.now());
  await journeyControl.set(journey, { pause: next }, { action: 'pause', actor: caller.actor, at: next.at, detail: { ...next } });
  logger.info('journey paused', { journey, until: next.until, entries: next.entries, actor: caller.actor });
  return json(200, await view(journey, true));
}

/** Resume: running again; queued entries start once each (the execution name is the event's), oldest first; held messages go out. */
async function deletePause(event: JsonEvent) {
  const caller = requireOpsOrOnCall(event);
  const journey = journeyOf(event);
  await resumeJourney(journey, caller.actor);
  return json(200, await view(journey, true));
}

async function postStop(event: JsonEvent) {
  const caller = requireOpsOrOnCall(event);
  const journey = journeyOf(event);
  const request = parseOrThrow(StopSchema, await readJsonBody(event, { maxBytes: MAX_BODY_BYTES }), 'stop');
  const at = clock.now().toISOString();
  const { journeyControl } = dependencies();
  // The stop is recorded first: no entry starts while the running executions are being stopped.
  await journeyControl.set(journey, { stop: { ...request, by: caller.actor, at } }, { action: 'stop', actor: caller.actor, at, detail: { ...request } });
  const stopped = request.mode === 'now' ? await stopRunning(journey, `${journey} stopped by ${caller.actor}: ${request.reason}`) : 0;
  logger.info('journey stopped', { journey, mode: request.mode, stopped, actor: caller.actor });
  return json(200, await view(journey, true));
}

async function freezeView() {
  const current = activeFreeze(await dependencies().freeze.get(), clock.now());
  return current ? { active: true, until: current.until, reason: current.reason, by: current.by } : { active: false };
}

async function getFreeze(event: JsonEvent) {
  requireOpsOrOnCall(event);
  return json(200, await freezeView());
}

/** Freeze (or change the freeze): `marketing` messages of every journey are held until unfrozen or `until`. */
async function putFreeze(event: JsonEvent) {
  const caller = requireOpsOrOnCall(event);
  const request = parseOrThrow(FreezeSchema, await readJsonBody(event, { maxBytes: MAX_BODY_BYTES }), 'freeze');
  const next = freezeFrom(request, caller.actor, clock.now());
  await dependencies().freeze.set(next, { action: 'freeze', actor: caller.actor, at: next.at, detail: { ...next } });
  logger.info('marketing frozen', { until: next.until, actor: caller.actor });
  return json(200, await freezeView());
}

async function deleteFreeze(event: JsonEvent) {
  const caller = requireOpsOrOnCall(event);
  const released = await endFreeze(caller.actor);
  logger.info('marketing unfrozen', { released, actor: caller.actor });
  return json(200, await freezeView());
}
