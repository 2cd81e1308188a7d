/**
 * A journey's versions as Step Functions keeps them (through the adapter, journey-executions.ts): the alias `live`
 * (what every starter uses) names the state machine; a version's customers in flight are its running executions.
 */
import type { JourneyName } from '../domain/model/primitives';
import type { Routing } from '../domain/model/journey-control';
import { dependencies } from '../handlers/runtime/dependencies';
import { stateMachineArn as aliasArnOf } from '../handlers/runtime/wiring/step-functions'; // also builds the executions this module uses (runtime/dependencies.ts)

export interface JourneyVersion {
  version: number;
  createdAt: string;
  inFlight: number;
  arn: string;
}

export interface JourneyVersions {
  aliasArn: string;
  stateMachineArn: string;
  /** Newest first. */
  versions: JourneyVersion[];
  routing: Routing;
}

/** `arn:…:stateMachine:onboarding:live` → `arn:…:stateMachine:onboarding`. */
export function unqualified(aliasArn: string): string {
  return aliasArn.split(':').slice(0, 7).join(':');
}

export async function journeyVersions(journey: JourneyName): Promise<JourneyVersions> {
  const { executions } = dependencies();
  const aliasArn = aliasArnOf(journey);
  const stateMachineArn = unqualified(aliasArn);
  const listed = await executions.versions(stateMachineArn);
  const versions = await Promise.all(
    listed.map(async ({ arn, createdAt }) => ({ version: versionNumber(arn), createdAt: createdAt.toISOString(), inFlight: (await executions.running(arn)).length, arn })),
  );
  const routing = (await executions.routing(aliasArn)).map((route) => ({ version: versionNumber(route.versionArn), weight: route.weight }));
  return { aliasArn, stateMachineArn, versions: versions.sort((a, b) => b.version - a.version), routing };
}

export async function setRouting(journey: JourneyName, routing: Routing): Promise<void> {
  const aliasArn = aliasArnOf(journey);
  const stateMachineArn = unqualified(aliasArn);
  await dependencies().executions.route(
    aliasArn,
    routing.map((route) => ({ versionArn: `${stateMachineArn}:${route.version}`, weight: route.weight })),
  );
}

/**
 * Stops every running execution of the journey (every version), page by page; returns how many were stopped (one
 * that ended on its own meanwhile is not counted).
 */
export async function stopRunning(journey: JourneyName, reason: string): Promise<number> {
  const { executions } = dependencies();
  let stopped = 0;
  for (const executionArn of await executions.running(unqualified(aliasArnOf(journey)))) {
    if (await executions.stop(executionArn, 'Journeys.Stopped', reason)) stopped++;
  }
  return stopped;
}

function versionNumber(versionArn: string): number {
  return Number(versionArn.split(':')[7]);
}
