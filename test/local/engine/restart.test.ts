/**
 * Restart: executions are journaled under `dataDir`. A new engine over the same directory knows every state
 * machine and execution (with its history); one that was RUNNING when the previous engine stopped is reported,
 * never silently lost: ABORTED with `Local.RuntimeRestarted`, its tokens closed, and `restartInterrupted()`
 * starts it again as `<name>-r1` with the same input.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { LocalStepFunctions, TaskTimedOut, VirtualClock } from '../../../local/engine';
import { START, eventually, fixture, fullHistory, parse, tempDir } from './support';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function engineOver(dataDir: string, parked: Array<{ taskToken: string }>) {
  return new LocalStepFunctions({
    dataDir,
    clock: VirtualClock.manual(START),
    handlers: {
      'wait-for-event': async (payload) => {
        parked.push(payload as { taskToken: string });
        return {};
      },
    },
  });
}

describe('restart over a journal', () => {
  it('reports an execution that was RUNNING as ABORTED Local.RuntimeRestarted and restarts it on request', async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const parked: Array<{ taskToken: string }> = [];
    const first = engineOver(dataDir, parked);
    const { stateMachineArn } = await first.createStateMachine({ name: 'post-resolution', definition: fixture('callback.asl.json') });
    const input = JSON.stringify({ customerId: 'c-1', waitKey: 'survey:s-1' });
    const finished = await first.startExecution({ stateMachineArn, name: 'finished-before', input });
    await eventually(() => parked.length === 1);
    await first.sendTaskSuccess({ taskToken: (parked[0] as { taskToken: string }).taskToken, output: '{"score":10}' });
    await first.waitForExecution(finished.executionArn);
    const running = await first.startExecution({ stateMachineArn, name: 'evt-42', input });
    await eventually(() => parked.length === 2);
    const oldToken = (parked[1] as { taskToken: string }).taskToken;
    await first.close(); // the process stops; the journal shows evt-42 still running

    const second = engineOver(dataDir, parked);
    expect(second.interruptedExecutions()).toEqual([running.executionArn]);
    expect((await second.listStateMachines()).stateMachines.map((machine) => machine.name)).toEqual(['post-resolution']);
    expect(await second.describeExecution(finished.executionArn)).toMatchObject({ status: 'SUCCEEDED', output: JSON.stringify({ customerId: 'c-1', waitKey: 'survey:s-1', answer: { score: 10 } }) });
    const interrupted = await second.describeExecution(running.executionArn);
    expect(interrupted).toMatchObject({ status: 'ABORTED', error: 'Local.RuntimeRestarted', input });
    expect(interrupted.cause).toContain("in state 'Wait for answer'");
    const history = await fullHistory(second, running.executionArn);
    expect(history.map((event) => event.type)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'ExecutionAborted']);
    expect(second.getExecutionUsage(running.executionArn)).toEqual({ stateTransitions: 1, taskInvocations: {} });
    // The old task is gone: its token answers TaskTimedOut, as for any closed task.
    await expect(second.sendTaskSuccess({ taskToken: oldToken, output: '{}' })).rejects.toBeInstanceOf(TaskTimedOut);

    const restarted = await second.restartInterrupted(running.executionArn);
    expect(restarted.executionArn).toBe(running.executionArn.replace(/evt-42$/, 'evt-42-r1'));
    await eventually(() => parked.length === 3);
    await second.sendTaskSuccess({ taskToken: (parked[2] as { taskToken: string }).taskToken, output: '{"score":7}' });
    expect(parse((await second.waitForExecution(restarted.executionArn)).output)).toMatchObject({ answer: { score: 7 } });
    await second.close();

    // Reported once: a third engine sees a closed execution, not a new interruption.
    const third = engineOver(dataDir, parked);
    expect(third.interruptedExecutions()).toEqual([]);
    expect((await third.describeExecution(running.executionArn)).status).toBe('ABORTED');
    expect((await third.describeExecution(restarted.executionArn)).status).toBe('SUCCEEDED');
    const names = (await third.listExecutions({ stateMachineArn })).executions.map((execution) => execution.name);
    expect(names.sort()).toEqual(['evt-42', 'evt-42-r1', 'finished-before']);
    await third.close();
  });

  it('tolerates a journal line torn by a crash', async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const first = engineOver(dataDir, []);
    await first.createStateMachine({ name: 'incident', definition: fixture('callback.asl.json') });
    await first.close();
    const { appendFileSync } = await import('node:fs');
    appendFileSync(`${dataDir}/stepfunctions.jsonl`, '{"r":"started","arn":"arn:aws:sta');
    const second = engineOver(dataDir, []);
    expect((await second.listStateMachines()).stateMachines).toHaveLength(1);
    await second.close();
  });
});
