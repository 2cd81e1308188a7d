/**
 * `.waitForTaskToken` as the Step Functions docs describe it: the token reaches the target through
 * `$$.Task.Token`, the task waits for SendTaskSuccess (its output is the task result) or SendTaskFailure (its
 * error is retried/caught by name), `TimeoutSeconds` ends it with `States.Timeout`, a missed `HeartbeatSeconds`
 * with `States.HeartbeatTimeout`. Tokens answer InvalidToken when malformed, TaskDoesNotExist when unknown and
 * TaskTimedOut once their task is closed.
 */
import { describe, expect, it } from 'vitest';
import { InvalidOutput, InvalidToken, TaskDoesNotExist, TaskTimedOut } from '../../../local/engine';
import { DAY_MS, eventually, fullHistory, parse, testEngine, types } from './support';

interface WaitPayload {
  taskToken: string;
  waitKey: string;
  customerId: string;
  execution: string;
}

function parkingEngine() {
  const parked: WaitPayload[] = [];
  const test = testEngine({
    'wait-for-event': async (payload) => {
      parked.push(payload as WaitPayload);
      return { parked: true };
    },
  });
  return { ...test, parked };
}

const INPUT = JSON.stringify({ customerId: 'c-1', waitKey: 'survey:s-1' });

describe('waitForTaskToken', () => {
  it('passes the token in the payload and puts the SendTaskSuccess output at ResultPath', async () => {
    const { engine, machine, parked } = parkingEngine();
    const { executionArn } = await engine.startExecution({ stateMachineArn: await machine('callback.asl.json'), name: 'survey-1', input: INPUT });
    await eventually(() => parked.length === 1);
    const payload = parked[0] as WaitPayload;
    expect(payload).toMatchObject({ waitKey: 'survey:s-1', customerId: 'c-1', execution: executionArn });
    expect(payload.taskToken).toMatch(/^AQ[A-Za-z0-9_-]{64}$/);
    expect((await engine.describeExecution(executionArn)).status).toBe('RUNNING');

    await engine.sendTaskSuccess({ taskToken: payload.taskToken, output: JSON.stringify({ score: 9 }) });
    const done = await engine.waitForExecution(executionArn);

    expect(done.status).toBe('SUCCEEDED');
    expect(parse(done.output)).toEqual({ customerId: 'c-1', waitKey: 'survey:s-1', answer: { score: 9 } });
    const history = await fullHistory(engine, executionArn);
    expect(types(history)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
    const submitted = history.find((event) => event.type === 'TaskSubmitted');
    expect(submitted?.taskSubmittedEventDetails?.resource).toBe('invoke.waitForTaskToken');
    expect(parse(submitted?.taskSubmittedEventDetails?.output)).toMatchObject({ Payload: { parked: true }, StatusCode: 200 });
    expect(parse(history.find((event) => event.type === 'TaskScheduled')?.taskScheduledEventDetails?.parameters)).toMatchObject({
      Payload: { taskToken: payload.taskToken },
    });
  });

  it('accepts a callback sent while the target is still running', async () => {
    const test = testEngine({
      'wait-for-event': async (payload) => {
        await test.engine.sendTaskSuccess({ taskToken: (payload as WaitPayload).taskToken, output: '"early"' });
        return {};
      },
    });
    const { executionArn } = await test.engine.startExecution({ stateMachineArn: await test.machine('callback.asl.json'), input: INPUT });
    const done = await test.engine.waitForExecution(executionArn);
    expect(parse(done.output)).toMatchObject({ answer: 'early' });
  });

  it('surfaces SendTaskFailure as the state error, caught by name with {Error, Cause}', async () => {
    const { engine, machine, parked } = parkingEngine();
    const { executionArn } = await engine.startExecution({ stateMachineArn: await machine('callback.asl.json'), input: INPUT });
    await eventually(() => parked.length === 1);
    await engine.sendTaskFailure({ taskToken: (parked[0] as WaitPayload).taskToken, error: 'SurveyDeclined', cause: 'customer opted out of surveys' });
    const done = await engine.waitForExecution(executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(parse(done.output)).toMatchObject({ error: { Error: 'SurveyDeclined', Cause: 'customer opted out of surveys' } });
    const history = await fullHistory(engine, executionArn);
    expect(history.find((event) => event.type === 'TaskFailed')?.taskFailedEventDetails).toMatchObject({ error: 'SurveyDeclined', resourceType: 'lambda' });
    expect(history.find((event) => event.type === 'PassStateEntered')?.stateEnteredEventDetails?.name).toBe('Declined');
  });

  it('fails the execution with an uncaught SendTaskFailure error', async () => {
    const { engine, machine, parked } = parkingEngine();
    const { executionArn } = await engine.startExecution({ stateMachineArn: await machine('callback.asl.json'), input: INPUT });
    await eventually(() => parked.length === 1);
    await engine.sendTaskFailure({ taskToken: (parked[0] as WaitPayload).taskToken, error: 'Unexpected', cause: 'boom' });
    const done = await engine.waitForExecution(executionArn);
    expect(done).toMatchObject({ status: 'FAILED', error: 'Unexpected', cause: 'boom' });
  });

  it('times out after TimeoutSeconds of virtual time with States.Timeout, which the Catch handles', async () => {
    const { engine, clock, machine, parked } = parkingEngine();
    const { executionArn } = await engine.startExecution({ stateMachineArn: await machine('callback.asl.json'), input: INPUT });
    await eventually(() => parked.length === 1);
    await clock.advance(DAY_MS - 1);
    expect((await engine.describeExecution(executionArn)).status).toBe('RUNNING');
    await clock.advance(1);
    const done = await engine.waitForExecution(executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(parse(done.output)).toMatchObject({ error: { Error: 'States.Timeout' } });
    const history = await fullHistory(engine, executionArn);
    expect(history.find((event) => event.type === 'TaskTimedOut')?.taskTimedOutEventDetails?.error).toBe('States.Timeout');
    // The token of a timed-out task is closed.
    await expect(engine.sendTaskSuccess({ taskToken: (parked[0] as WaitPayload).taskToken, output: '{}' })).rejects.toBeInstanceOf(TaskTimedOut);
  });

  it('ends with States.HeartbeatTimeout when no heartbeat arrives within HeartbeatSeconds; heartbeats keep it alive', async () => {
    const tokens: string[] = [];
    const { engine, clock, machine } = testEngine({
      'crisis-broadcast': async (payload) => {
        tokens.push((payload as { token: string }).token);
        return {};
      },
    });
    const { executionArn } = await engine.startExecution({
      stateMachineArn: await machine('callback-heartbeat.asl.json'),
      input: JSON.stringify({ crisisId: 'cr-1', timeoutSeconds: 86_400 }),
    });
    await eventually(() => tokens.length === 1);
    const token = tokens[0] as string;
    await clock.advance(50 * 60_000);
    await engine.sendTaskHeartbeat({ taskToken: token });
    await clock.advance(50 * 60_000); // 100 min since start, 50 since the heartbeat
    expect((await engine.describeExecution(executionArn)).status).toBe('RUNNING');
    await clock.advance(10 * 60_000); // an hour since the heartbeat
    const done = await engine.waitForExecution(executionArn);
    expect(parse(done.output)).toMatchObject({ error: { Error: 'States.HeartbeatTimeout' } });
    await expect(engine.sendTaskHeartbeat({ taskToken: token })).rejects.toBeInstanceOf(TaskTimedOut);
  });

  it('does not let States.TaskFailed catch States.Timeout (it matches every other task error)', async () => {
    const { engine, clock } = testEngine({ 'wait-for-event': async () => ({}) });
    const catchers = (resource: string) => ({
      StartAt: 'Wait',
      States: {
        Wait: {
          Type: 'Task',
          Resource: resource,
          Parameters: { FunctionName: 'wait-for-event', Payload: { 'token.$': '$$.Task.Token' } },
          TimeoutSeconds: 60,
          Catch: [
            { ErrorEquals: ['States.TaskFailed'], ResultPath: '$.caughtBy', Next: 'TaskFailed' },
            { ErrorEquals: ['States.Timeout'], ResultPath: '$.caughtBy', Next: 'Timeout' },
          ],
          End: true,
        },
        TaskFailed: { Type: 'Pass', Result: 'States.TaskFailed', End: true },
        Timeout: { Type: 'Pass', Result: 'States.Timeout', End: true },
      },
    });
    const { stateMachineArn } = await engine.createStateMachine({ name: 'catchers', definition: JSON.stringify(catchers('arn:aws:states:::lambda:invoke.waitForTaskToken')) });
    const { executionArn } = await engine.startExecution({ stateMachineArn });
    await clock.advance(60_000);
    expect(parse((await engine.waitForExecution(executionArn)).output)).toBe('States.Timeout');
  });

  it('answers InvalidToken, TaskDoesNotExist and TaskTimedOut like the service', async () => {
    const { engine, machine, parked } = parkingEngine();
    await expect(engine.sendTaskSuccess({ taskToken: 'not-a-token', output: '{}' })).rejects.toBeInstanceOf(InvalidToken);
    await expect(engine.sendTaskSuccess({ taskToken: `AQ${'x'.repeat(64)}`, output: '{}' })).rejects.toBeInstanceOf(TaskDoesNotExist);
    await expect(engine.sendTaskFailure({ taskToken: `AQ${'x'.repeat(64)}` })).rejects.toMatchObject({ name: 'TaskDoesNotExist' });

    const { executionArn } = await engine.startExecution({ stateMachineArn: await machine('callback.asl.json'), input: INPUT });
    await eventually(() => parked.length === 1);
    const token = (parked[0] as WaitPayload).taskToken;
    await expect(engine.sendTaskSuccess({ taskToken: token, output: 'not json' })).rejects.toBeInstanceOf(InvalidOutput);
    await engine.sendTaskSuccess({ taskToken: token, output: '{"first":true}' });
    // Used twice: the task is closed, the service answers TaskTimedOut ("Provided task does not exist anymore").
    await expect(engine.sendTaskSuccess({ taskToken: token, output: '{"second":true}' })).rejects.toBeInstanceOf(TaskTimedOut);
    const done = await engine.waitForExecution(executionArn);
    expect(parse(done.output)).toMatchObject({ answer: { first: true } });
  });
});
