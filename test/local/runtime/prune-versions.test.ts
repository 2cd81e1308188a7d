/**
 * Pruning versions through the runtime's Step Functions endpoint, as `npm run prune-versions` does deployed: only
 * versions that are neither the newest, nor routed to, nor running anything go.
 */
import { ListStateMachineVersionsCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { pruneVersions } from '../../../scripts/prune-versions';
import { eventually } from '../../support/runtime';
import { useSfnRuntime } from '../../support/sfn-runtime';

const t = useSfnRuntime();

const parked = (state: string) =>
  JSON.stringify({
    StartAt: state,
    States: { [state]: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken', Parameters: { FunctionName: 'arn:aws:lambda:local:000000000000:function:prune-park', Payload: { 'token.$': '$$.Task.Token' } }, End: true } },
  });

describe('pruning versions', () => {
  it('deletes only versions with nothing in flight that no alias routes to and that are not the newest', async () => {
    const tokens: string[] = [];
    t.runtime.engine.registerHandler('prune-park', async (payload) => {
      tokens.push((payload as { token: string }).token);
      return {};
    });
    const engine = t.runtime.engine;
    const { stateMachineArn } = await engine.createStateMachine({ name: 'prune-me', definition: parked('One'), publish: true });
    await engine.startExecution({ stateMachineArn: `${stateMachineArn}:1`, name: 'waiting-on-v1' });
    await eventually(() => tokens.length === 1);
    await engine.updateStateMachine({ stateMachineArn, definition: parked('Two'), publish: true });
    await engine.updateStateMachine({ stateMachineArn, definition: parked('Three'), publish: true });
    await engine.updateStateMachine({ stateMachineArn, definition: parked('Four'), publish: true });
    await engine.createStateMachineAlias({ name: 'live', routingConfiguration: [{ stateMachineVersionArn: `${stateMachineArn}:3`, weight: 100 }] });

    const dry = await pruneVersions(t.sfn, stateMachineArn, { apply: false });
    expect(dry.deleted).toEqual([`${stateMachineArn}:2`]);
    expect(dry.kept).toEqual([
      { versionArn: `${stateMachineArn}:4`, why: 'newest' },
      { versionArn: `${stateMachineArn}:3`, why: 'routed' },
      { versionArn: `${stateMachineArn}:1`, why: 'in flight' },
    ]);
    const listed = async () => ((await t.sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn }))).stateMachineVersions ?? []).map((v) => v.stateMachineVersionArn);
    expect(await listed()).toHaveLength(4);

    await pruneVersions(t.sfn, stateMachineArn, { apply: true });
    expect(await listed()).toEqual([`${stateMachineArn}:4`, `${stateMachineArn}:3`, `${stateMachineArn}:1`]);

    // Once the customer on v1 is done, v1 goes too.
    await engine.sendTaskSuccess({ taskToken: tokens[0] as string, output: '{}' });
    await eventually(async () => (await engine.describeExecution(`${stateMachineArn.replace(':stateMachine:', ':execution:')}:waiting-on-v1`)).status === 'SUCCEEDED');
    expect((await pruneVersions(t.sfn, stateMachineArn, { apply: true })).deleted).toEqual([`${stateMachineArn}:1`]);
  });
});
