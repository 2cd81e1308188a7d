/**
 * Versions and aliases: publishing (idempotent per revision), weighted routing, executions that keep their version
 * across an update and a restart, and the service's error names.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { ConflictException, LocalStepFunctions, ResourceNotFound, ValidationException, VirtualClock } from '../../../local/engine';
import { START, eventually, fullHistory, tempDir } from './support';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A definition parked on a task token in a state whose name says which version it is. */
function parkedIn(stateName: string): string {
  return JSON.stringify({
    StartAt: stateName,
    States: {
      [stateName]: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: { FunctionName: 'arn:aws:lambda:local:000000000000:function:park', Payload: { 'taskToken.$': '$$.Task.Token' } },
        End: true,
      },
    },
  });
}

function engineOver(dataDir: string | undefined, parked: string[], random?: () => number): LocalStepFunctions {
  return new LocalStepFunctions({
    ...(dataDir ? { dataDir } : {}),
    clock: VirtualClock.manual(START),
    ...(random ? { random } : {}),
    handlers: {
      park: async (payload) => {
        parked.push((payload as { taskToken: string }).taskToken);
        return {};
      },
    },
  });
}

describe('versions', () => {
  it('publishes a version per revision, idempotently, and refuses a stale revisionId with ConflictException', async () => {
    const engine = engineOver(undefined, []);
    const { stateMachineArn } = await engine.createStateMachine({ name: 'onboarding', definition: parkedIn('V1 step') });
    const { revisionId } = await engine.describeStateMachine(stateMachineArn);
    const v1 = await engine.publishStateMachineVersion({ stateMachineArn, revisionId, description: 'first' });
    expect(v1.stateMachineVersionArn).toBe(`${stateMachineArn}:1`);
    expect((await engine.publishStateMachineVersion({ stateMachineArn })).stateMachineVersionArn).toBe(`${stateMachineArn}:1`);

    await engine.updateStateMachine({ stateMachineArn, definition: parkedIn('V2 step') });
    await expect(engine.publishStateMachineVersion({ stateMachineArn, revisionId })).rejects.toBeInstanceOf(ConflictException);
    const v2 = await engine.publishStateMachineVersion({ stateMachineArn });
    expect(v2.stateMachineVersionArn).toBe(`${stateMachineArn}:2`);
    expect((await engine.listStateMachineVersions({ stateMachineArn })).stateMachineVersions.map((item) => item.stateMachineVersionArn)).toEqual([`${stateMachineArn}:2`, `${stateMachineArn}:1`]);
    expect(await engine.describeStateMachine(v1.stateMachineVersionArn)).toMatchObject({ stateMachineArn: `${stateMachineArn}:1`, revisionId, description: 'first', definition: parkedIn('V1 step') });
    await expect(engine.describeStateMachine(`${stateMachineArn}:9`)).rejects.toBeInstanceOf(ResourceNotFound);
  });

  it('routes alias starts by weight and records the version and alias on the execution', async () => {
    let draw = 0;
    const draws = [0.05, 0.5, 0.95];
    const engine = engineOver(undefined, [], () => draws[draw++ % draws.length] as number);
    const { stateMachineArn } = await engine.createStateMachine({ name: 'onboarding', definition: parkedIn('V1 step'), publish: true });
    const { stateMachineVersionArn: v2 } = await engine.updateStateMachine({ stateMachineArn, definition: parkedIn('V2 step'), publish: true });
    const v1 = `${stateMachineArn}:1`;
    const { stateMachineAliasArn } = await engine.createStateMachineAlias({ name: 'live', routingConfiguration: [{ stateMachineVersionArn: v1, weight: 90 }, { stateMachineVersionArn: v2 as string, weight: 10 }] });
    expect(stateMachineAliasArn).toBe(`${stateMachineArn}:live`);

    const versions: string[] = [];
    for (const name of ['a', 'b', 'c']) {
      const { executionArn } = await engine.startExecution({ stateMachineArn: stateMachineAliasArn, name });
      const described = await engine.describeExecution(executionArn);
      expect(described.stateMachineArn).toBe(stateMachineArn);
      expect(described.stateMachineAliasArn).toBe(stateMachineAliasArn);
      versions.push(described.stateMachineVersionArn as string);
    }
    // Draws 0.05 and 0.5 fall in v1's 90 %, 0.95 in v2's 10 %.
    expect(versions).toEqual([v1, v1, v2]);
    const started = await fullHistory(engine, `${stateMachineArn.replace(':stateMachine:', ':execution:')}:c`);
    expect(started[0]?.executionStartedEventDetails).toMatchObject({ stateMachineVersionArn: v2, stateMachineAliasArn });
    expect((await engine.listExecutions({ stateMachineArn: v1 })).executions.map((item) => item.name).sort()).toEqual(['a', 'b']);
    expect((await engine.listExecutions({ stateMachineArn: stateMachineAliasArn })).executions).toHaveLength(3);

    // A version an alias routes to cannot be deleted; once routed away, it can.
    await expect(engine.deleteStateMachineVersion(v1)).rejects.toBeInstanceOf(ConflictException);
    await engine.updateStateMachineAlias({ stateMachineAliasArn, routingConfiguration: [{ stateMachineVersionArn: v2 as string, weight: 100 }] });
    expect((await engine.describeStateMachineAlias(stateMachineAliasArn)).routingConfiguration).toEqual([{ stateMachineVersionArn: v2, weight: 100 }]);
    await engine.deleteStateMachineVersion(v1);
    await expect(engine.startExecution({ stateMachineArn: v1 })).rejects.toBeInstanceOf(ResourceNotFound);
  });

  it('a 10 % canary sends 10 % of 1,000 starts to the new version (within ±40: over 4 standard deviations)', async () => {
    // Math.random, as the runtime routes: the binomial(1000, 0.1) count has a standard deviation of 9.5, so a
    // correct router falls outside 60–140 about once in 30,000 runs; a router that ignores the weights never lands in it.
    const engine = engineOver(undefined, []);
    const pass = JSON.stringify({ StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } });
    const { stateMachineArn, stateMachineVersionArn: v1 } = await engine.createStateMachine({ name: 'canary', definition: pass, publish: true });
    const { stateMachineVersionArn: v2 } = await engine.updateStateMachine({ stateMachineArn, definition: pass.replace('Done', 'Finished').replace('Done', 'Finished'), publish: true });
    const { stateMachineAliasArn } = await engine.createStateMachineAlias({ name: 'live', routingConfiguration: [{ stateMachineVersionArn: v1 as string, weight: 90 }, { stateMachineVersionArn: v2 as string, weight: 10 }] });
    for (let start = 0; start < 1000; start++) await engine.startExecution({ stateMachineArn: stateMachineAliasArn, name: `start-${start}` });
    const onV2 = (await engine.listExecutions({ stateMachineArn: v2 as string, maxResults: 1000 })).executions.length;
    const onV1 = (await engine.listExecutions({ stateMachineArn: v1 as string, maxResults: 1000 })).executions.length;
    expect(onV1 + onV2).toBe(1000);
    expect(onV2).toBeGreaterThanOrEqual(60);
    expect(onV2).toBeLessThanOrEqual(140);
  });

  it('refuses routing that does not sum to 100, a third version, numeric alias names and unknown aliases', async () => {
    const engine = engineOver(undefined, []);
    const { stateMachineArn, stateMachineVersionArn } = await engine.createStateMachine({ name: 'onboarding', definition: parkedIn('V1 step'), publish: true });
    const v1 = stateMachineVersionArn as string;
    await expect(engine.createStateMachineAlias({ name: 'live', routingConfiguration: [{ stateMachineVersionArn: v1, weight: 90 }] })).rejects.toBeInstanceOf(ValidationException);
    await expect(engine.createStateMachineAlias({ name: '7', routingConfiguration: [{ stateMachineVersionArn: v1, weight: 100 }] })).rejects.toBeInstanceOf(ValidationException);
    await expect(engine.createStateMachineAlias({ name: 'live', routingConfiguration: [{ stateMachineVersionArn: `${stateMachineArn}:5`, weight: 100 }] })).rejects.toBeInstanceOf(ResourceNotFound);
    await expect(engine.describeStateMachineAlias(`${stateMachineArn}:nope`)).rejects.toBeInstanceOf(ResourceNotFound);
    await engine.createStateMachineAlias({ name: 'live', routingConfiguration: [{ stateMachineVersionArn: v1, weight: 100 }] });
    // The same alias again is idempotent; another routing under the same name is a conflict.
    await engine.createStateMachineAlias({ name: 'live', routingConfiguration: [{ stateMachineVersionArn: v1, weight: 100 }] });
    await engine.updateStateMachine({ stateMachineArn, definition: parkedIn('V2 step'), publish: true });
    await expect(engine.createStateMachineAlias({ name: 'live', routingConfiguration: [{ stateMachineVersionArn: `${stateMachineArn}:2`, weight: 100 }] })).rejects.toBeInstanceOf(ConflictException);
  });

  it('keeps an execution on its version across an update and a restart, while new alias starts take the new version', async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const parked: string[] = [];
    const first = engineOver(dataDir, parked);
    const { stateMachineArn, stateMachineVersionArn } = await first.createStateMachine({ name: 'onboarding', definition: parkedIn('V1 step'), publish: true });
    const { stateMachineAliasArn } = await first.createStateMachineAlias({ name: 'live', routingConfiguration: [{ stateMachineVersionArn: stateMachineVersionArn as string, weight: 100 }] });
    const old = await first.startExecution({ stateMachineArn: stateMachineAliasArn, name: 'customer-1' });
    await eventually(() => parked.length === 1);
    await first.close();

    const second = engineOver(dataDir, parked);
    const { stateMachineVersionArn: v2 } = await second.updateStateMachine({ stateMachineArn, definition: parkedIn('V2 step'), publish: true });
    await second.updateStateMachineAlias({ stateMachineAliasArn, routingConfiguration: [{ stateMachineVersionArn: v2 as string, weight: 100 }] });
    const restarted = await second.restartInterrupted(old.executionArn);
    const fresh = await second.startExecution({ stateMachineArn: stateMachineAliasArn, name: 'customer-2' });
    await eventually(() => parked.length === 3);

    expect(await second.describeExecution(restarted.executionArn)).toMatchObject({ stateMachineVersionArn: `${stateMachineArn}:1`, stateMachineAliasArn });
    const restartedStates = (await fullHistory(second, restarted.executionArn)).flatMap((event) => event.stateEnteredEventDetails?.name ?? []);
    expect(restartedStates).toEqual(['V1 step']);
    const freshStates = (await fullHistory(second, fresh.executionArn)).flatMap((event) => event.stateEnteredEventDetails?.name ?? []);
    expect(freshStates).toEqual(['V2 step']);
    expect((await second.describeExecution(fresh.executionArn)).stateMachineVersionArn).toBe(v2);
    await second.close();
  });
});
