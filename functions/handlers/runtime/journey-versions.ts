/**
 * A journey's versions as Step Functions keeps them: the alias `live` (what every starter uses) names the state
 * machine; versions and their running executions are listed page by page (ListExecutions accepts a version ARN
 * and then lists the executions started on that version, alias starts included).
 */
import {
  DescribeStateMachineAliasCommand,
  ListExecutionsCommand,
  ListStateMachineVersionsCommand,
  StopExecutionCommand,
  UpdateStateMachineAliasCommand,
  type ExecutionListItem,
} from '@aws-sdk/client-sfn';
import type { JourneyName } from '../../domain/model/primitives';
import type { Routing } from '../../domain/model/journey-control';
import { dependencies, stateMachineArn as aliasArnOf } from './dependencies';

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
  const { sfn } = dependencies();
  const aliasArn = aliasArnOf(journey);
  const stateMachineArn = unqualified(aliasArn);
  const listed: Array<{ arn: string; createdAt: Date }> = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn, maxResults: 1000, ...(nextToken ? { nextToken } : {}) }));
    for (const item of page.stateMachineVersions ?? []) listed.push({ arn: item.stateMachineVersionArn as string, createdAt: item.creationDate as Date });
    nextToken = page.nextToken;
  } while (nextToken);
  const versions = await Promise.all(
    listed.map(async ({ arn, createdAt }) => ({ version: versionNumber(arn), createdAt: createdAt.toISOString(), inFlight: (await running(arn)).length, arn })),
  );
  const alias = await sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: aliasArn }));
  const routing = (alias.routingConfiguration ?? []).map((route) => ({ version: versionNumber(route.stateMachineVersionArn as string), weight: route.weight as number }));
  return { aliasArn, stateMachineArn, versions: versions.sort((a, b) => b.version - a.version), routing };
}

export async function setRouting(journey: JourneyName, routing: Routing): Promise<void> {
  const aliasArn = aliasArnOf(journey);
  const stateMachineArn = unqualified(aliasArn);
  await dependencies().sfn.send(
    new UpdateStateMachineAliasCommand({
      stateMachineAliasArn: aliasArn,
      routingConfiguration: routing.map((route) => ({ stateMachineVersionArn: `${stateMachineArn}:${route.version}`, weight: route.weight })),
    }),
  );
}

/** Stops every running execution of the journey (every version), page by page; returns how many were stopped. */
export async function stopRunning(journey: JourneyName, reason: string): Promise<number> {
  const { sfn } = dependencies();
  const executions = await running(unqualified(aliasArnOf(journey)));
  for (const execution of executions) {
    await sfn.send(new StopExecutionCommand({ executionArn: execution.executionArn, error: 'Journeys.Stopped', cause: reason }));
  }
  return executions.length;
}

async function running(stateMachineArn: string): Promise<ExecutionListItem[]> {
  const { sfn } = dependencies();
  const executions: ExecutionListItem[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'RUNNING', maxResults: 1000, ...(nextToken ? { nextToken } : {}) }));
    executions.push(...(page.executions ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return executions;
}

function versionNumber(versionArn: string): number {
  return Number(versionArn.split(':')[7]);
}
