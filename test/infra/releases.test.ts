/**
 * How a journey change reaches customers, deployed: a retained state machine version per journey (described by a
 * hash of its definition), the alias `live` with the deployment preference from `-c journeys:rollout` and rollback
 * alarms, and every starter going through the alias.
 */
import { describe, expect, it } from 'vitest';
import { JOURNEYS } from '../../functions/domain/model/primitives';
import { parseRollout } from '../../infra/constructs/journey-release';
import { actionsOf, dig, functionLogicalId, functionRole, roleStatements, synthesize, type CfnTemplate } from './support';

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
      // The journey's failed executions, parked messages, and the errors of the 9 functions the journeys invoke.
      expect((preference.Alarms as unknown[]).length).toBe(11);
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
