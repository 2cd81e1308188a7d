/**
 * Step Functions versions and aliases on the runtime's AWS endpoint, through @aws-sdk/client-sfn as an ops script
 * would call them: the journeys' own `live` alias, publishing, alias routing, executions that name their version
 * and alias, and the service's named exceptions.
 */
import {
  ConflictException,
  CreateStateMachineAliasCommand,
  DeleteStateMachineVersionCommand,
  DescribeExecutionCommand,
  DescribeStateMachineAliasCommand,
  DescribeStateMachineCommand,
  ListStateMachineAliasesCommand,
  ListStateMachineVersionsCommand,
  PublishStateMachineVersionCommand,
  ResourceNotFound,
  StartExecutionCommand,
  UpdateStateMachineAliasCommand,
  ValidationException,
} from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { useSfnRuntime } from '../../support/sfn-runtime';

const t = useSfnRuntime();

const definition = (state: string) => JSON.stringify({ StartAt: state, States: { [state]: { Type: 'Pass', End: true } } });

describe('Step Functions versions and aliases', () => {
  it('each journey has version 1 and the alias live routing 100 % to it', async () => {
    for (const journey of ['onboarding', 'incident', 'crisis', 'post-resolution']) {
      const stateMachineArn = t.runtime.stateMachineArns[journey] as string;
      const versions = await t.sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn }));
      expect(versions.stateMachineVersions?.map((version) => version.stateMachineVersionArn)).toEqual([`${stateMachineArn}:1`]);
      const aliases = await t.sfn.send(new ListStateMachineAliasesCommand({ stateMachineArn }));
      expect(aliases.stateMachineAliases?.map((alias) => alias.stateMachineAliasArn)).toEqual([`${stateMachineArn}:live`]);
      const live = await t.sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: `${stateMachineArn}:live` }));
      expect(live).toMatchObject({ name: 'live', routingConfiguration: [{ stateMachineVersionArn: `${stateMachineArn}:1`, weight: 100 }] });
      expect(live.creationDate).toBeInstanceOf(Date);
      expect(t.runtime.aliasArns[journey]).toBe(`${stateMachineArn}:live`);
    }
  });

  it('publishes, routes and starts on versions and aliases with the service shapes and errors', async () => {
    const { stateMachineArn } = await t.runtime.engine.createStateMachine({ name: 'sdk-versions', definition: definition('First') });
    const described = await t.sfn.send(new DescribeStateMachineCommand({ stateMachineArn }));
    expect(described.revisionId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const v1 = await t.sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn, revisionId: described.revisionId, description: 'first' }));
    expect(v1.stateMachineVersionArn).toBe(`${stateMachineArn}:1`);
    expect(v1.creationDate).toBeInstanceOf(Date);
    await t.runtime.engine.updateStateMachine({ stateMachineArn, definition: definition('Second') });
    await expect(t.sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn, revisionId: described.revisionId }))).rejects.toBeInstanceOf(ConflictException);
    const v2 = await t.sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn }));
    expect(v2.stateMachineVersionArn).toBe(`${stateMachineArn}:2`);

    await expect(
      t.sfn.send(new CreateStateMachineAliasCommand({ name: 'prod', routingConfiguration: [{ stateMachineVersionArn: v1.stateMachineVersionArn, weight: 50 }] })),
    ).rejects.toBeInstanceOf(ValidationException);
    const alias = await t.sfn.send(new CreateStateMachineAliasCommand({ name: 'prod', routingConfiguration: [{ stateMachineVersionArn: v1.stateMachineVersionArn, weight: 100 }] }));
    expect(alias.stateMachineAliasArn).toBe(`${stateMachineArn}:prod`);

    const onAlias = await t.sfn.send(new StartExecutionCommand({ stateMachineArn: alias.stateMachineAliasArn, name: 'via-alias' }));
    expect(await t.sfn.send(new DescribeExecutionCommand({ executionArn: onAlias.executionArn }))).toMatchObject({
      stateMachineArn,
      stateMachineVersionArn: v1.stateMachineVersionArn,
      stateMachineAliasArn: alias.stateMachineAliasArn,
    });
    const onVersion = await t.sfn.send(new StartExecutionCommand({ stateMachineArn: v2.stateMachineVersionArn, name: 'via-version' }));
    const byVersion = await t.sfn.send(new DescribeExecutionCommand({ executionArn: onVersion.executionArn }));
    expect(byVersion.stateMachineVersionArn).toBe(v2.stateMachineVersionArn);
    expect(byVersion.stateMachineAliasArn).toBeUndefined();

    const updated = await t.sfn.send(new UpdateStateMachineAliasCommand({ stateMachineAliasArn: alias.stateMachineAliasArn, routingConfiguration: [{ stateMachineVersionArn: v2.stateMachineVersionArn, weight: 100 }] }));
    expect(updated.updateDate).toBeInstanceOf(Date);
    await expect(t.sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: v2.stateMachineVersionArn }))).rejects.toBeInstanceOf(ConflictException);
    await t.sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: v1.stateMachineVersionArn }));
    await expect(t.sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: `${stateMachineArn}:missing` }))).rejects.toBeInstanceOf(ResourceNotFound);
    await expect(t.sfn.send(new StartExecutionCommand({ stateMachineArn: v1.stateMachineVersionArn }))).rejects.toBeInstanceOf(ResourceNotFound);
  });
});
