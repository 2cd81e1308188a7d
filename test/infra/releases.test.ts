/**
 * How a journey change reaches customers, deployed: a retained state machine version per journey (described by a
 * hash of its definition), the alias `live` with the deployment preference from `-c journeys:rollout` and rollback
 * alarms, and every starter going through the alias.
 */
import { describe, expect, it } from 'vitest';
import { JOURNEYS } from '../../functions/domain/model/primitives';
import { parseRollout } from '../../infra/constructs/journey-release';
import { JOURNEY_TASK_FUNCTIONS } from '../../infra/journeys-stack';
import { actionsOf, dig, flat, functionLogicalId, functionRole, roleStatements, synthesize, type CfnResource, type CfnTemplate } from './support';

const ofType = (json: CfnTemplate, type: string) => Object.entries(json.Resources).filter(([, r]) => r.Type === type);

describe('versions and the alias live', () => {
  const { json } = synthesize();

  it('one retained version per journey, published from the state machine revision, described by its definition hash', () => {
    const versions = ofType(json, 'AWS::StepFunctions::StateMachineVersion');
    expect(versions).toHaveLength(JOURNEYS.length);
    const machines = ofType(json, 'AWS::StepFunctions::StateMachine').map(([id]) => id);
    for (const [id, version] of versions) {
      expect(version.DeletionPolicy, id).toBe('Retain');
      expect(version.UpdateReplacePolicy, id).toBe('Retain');
      expect(machines).toContain((dig(version, 'Properties', 'StateMachineArn') as { Ref: string }).Ref);
      expect(dig(version, 'Properties', 'StateMachineRevisionId', 'Fn::GetAtt', 1)).toBe('StateMachineRevisionId');
      expect(dig(version, 'Properties', 'Description')).toMatch(/^definition sha256:[0-9a-f]{16}$/);
    }
    const descriptions = new Set(versions.map(([, version]) => dig(version, 'Properties', 'Description')));
    expect(descriptions.size).toBe(JOURNEYS.length);
  });

  it('the alias live per journey, all at once by default, with rollback alarms', () => {
    const aliases = ofType(json, 'AWS::StepFunctions::StateMachineAlias');
    expect(aliases).toHaveLength(JOURNEYS.length);
    for (const [id, alias] of aliases) {
      expect(dig(alias, 'Properties', 'Name'), id).toBe('live');
      const preference = dig(alias, 'Properties', 'DeploymentPreference') as Record<string, unknown>;
      expect(preference.Type).toBe('ALL_AT_ONCE');
      expect(dig(preference, 'StateMachineVersionArn', 'Fn::GetAtt', 1)).toBe('Arn');
      // The journey's failed executions, parked messages, and the errors of the 8 functions the journeys invoke.
      expect((preference.Alarms as unknown[]).length).toBe(10);
    }
  });

  it('route-event, the crisis switch and the lifecycle API start executions on the alias only, and know its ARN', () => {
    for (const name of ['route-event', 'api-crisis', 'api-journeys']) {
      const fnId = functionLogicalId(json, name);
      const starts = roleStatements(json, functionRole(json, fnId)).filter((st) => actionsOf([st]).includes('states:StartExecution'));
      expect(starts.length, name).toBeGreaterThan(0);
      for (const statement of starts) {
        const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
        for (const resource of resources) expect(dig(resource, 'Fn::Join', 1, 1), name).toBe(':live');
      }
      const variables = dig(json.Resources[fnId], 'Properties', 'Environment', 'Variables') as Record<string, unknown>;
      const arns = Object.entries(variables).filter(([key]) => key.startsWith('STATE_MACHINE_ARN_'));
      expect(arns.length, name).toBeGreaterThan(0);
      for (const [, value] of arns) expect(dig(value, 'Fn::Join', 1, 1)).toBe(':live');
    }
  });
});

describe('-c journeys:rollout', () => {
  it('maps canary and linear to the alias deployment preference', () => {
    const { json } = synthesize({ 'journeys:rollout': 'canary:10:30' });
    for (const [, alias] of ofType(json, 'AWS::StepFunctions::StateMachineAlias')) {
      expect(dig(alias, 'Properties', 'DeploymentPreference')).toMatchObject({ Type: 'CANARY', Percentage: 10, Interval: 30 });
    }
    expect(parseRollout('linear:20:5')).toEqual({ type: 'LINEAR', percentage: 20, intervalMinutes: 5 });
    expect(parseRollout(undefined)).toEqual({ type: 'ALL_AT_ONCE' });
  });

  it('refuses a rollout it cannot map', () => {
    for (const bad of ['canary', 'canary:0:5', 'linear:100:5', 'canary:10:0', 'blue-green:10:5']) expect(() => parseRollout(bad), bad).toThrow(/journeys:rollout/);
  });
});

describe('code pinned per state machine version', () => {
  const { json } = synthesize();
  const resources = json.Resources;

  /** A definition with each intrinsic replaced by a marker naming what it refers to, parsed. */
  function markedDefinition(machine: CfnResource): unknown {
    const body = dig(machine, 'Properties', 'DefinitionString') as { 'Fn::Join': [string, unknown[]] };
    const text = body['Fn::Join'][1]
      .map((part) => {
        if (typeof part === 'string') return part;
        const ref = dig(part, 'Ref');
        if (typeof ref === 'string' && resources[ref]?.Type === 'AWS::Lambda::Version') return `<version:${ref}>`;
        const getAtt = dig(part, 'Fn::GetAtt', 0);
        if (typeof getAtt === 'string' && resources[getAtt]?.Type === 'AWS::Lambda::Function') return `<function:${getAtt}>`;
        return '<other>';
      })
      .join('');
    return JSON.parse(text);
  }

  /** Every Task state, Parallel branches and Map item processors included. */
  function tasks(definition: unknown): Record<string, unknown>[] {
    const states = Object.values((dig(definition, 'States') ?? {}) as Record<string, Record<string, unknown>>);
    return states.flatMap((state) => [
      ...(state.Type === 'Task' ? [state] : []),
      ...((state.Branches ?? []) as unknown[]).flatMap(tasks),
      ...(state.ItemProcessor ? tasks(state.ItemProcessor) : []),
      ...(state.Iterator ? tasks(state.Iterator) : []),
    ]);
  }

  const machines = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::StepFunctions::StateMachine');
  const invokedVersions = (machine: CfnResource): string[] =>
    tasks(markedDefinition(machine)).flatMap((task) => {
      const target = typeof task.Resource === 'string' && task.Resource.startsWith('<') ? task.Resource : dig(task, 'Parameters', 'FunctionName');
      return typeof target === 'string' && /^<(version|function):/.test(target) ? [target] : [];
    });

  it('every Lambda task of every journey invokes a published version (a qualified ARN), never the function', () => {
    expect(machines).toHaveLength(JOURNEYS.length);
    for (const [id, machine] of machines) {
      const targets = invokedVersions(machine);
      expect(targets.length, id).toBeGreaterThan(0);
      for (const target of targets) expect(target, id).toMatch(/^<version:/);
      // Nothing else in the definition names an unqualified function either.
      expect(JSON.stringify(markedDefinition(machine)), id).not.toContain('<function:');
    }
  });

  it("one retained version for each of the 9 functions the journeys invoke, kept on deploy and on replacement", () => {
    const versions = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Lambda::Version');
    const published = versions.map(([, version]) => {
      const fnId = dig(version, 'Properties', 'FunctionName', 'Ref') as string;
      return dig(resources[fnId], 'Properties', 'Environment', 'Variables', 'JOURNEYS_FUNCTION');
    });
    expect(published.sort()).toEqual([...JOURNEY_TASK_FUNCTIONS].sort());
    for (const [id, version] of versions) {
      expect(version.DeletionPolicy, id).toBe('Retain');
      expect(version.UpdateReplacePolicy, id).toBe('Retain');
    }
    const referenced = new Set(machines.flatMap(([, machine]) => invokedVersions(machine)).map((target) => target.slice('<version:'.length, -1)));
    expect([...referenced].sort()).toEqual(versions.map(([id]) => id).sort());
  });

  it("each state machine's role may invoke every version of the functions it invokes (<function ARN>:*), older ones included", () => {
    for (const [id, machine] of machines) {
      const role = dig(machine, 'Properties', 'RoleArn', 'Fn::GetAtt', 0) as string;
      const invokable = roleStatements(json, role)
        .filter((statement) => actionsOf([statement]).includes('lambda:InvokeFunction'))
        .flatMap((statement) => (Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource]))
        .map(flat);
      for (const target of invokedVersions(machine)) {
        const fnId = dig(resources[target.slice('<version:'.length, -1)], 'Properties', 'FunctionName', 'Ref') as string;
        expect(invokable, `${id} → ${fnId}`).toContain(`<${fnId}.Arn>:*`);
      }
    }
  });
});
