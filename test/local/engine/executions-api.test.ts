/**
 * The execution API with the service's semantics: StartExecution idempotency per name (same input while
 * running → same execution; different input, or a closed execution → ExecutionAlreadyExists), StopExecution
 * (ABORTED, tokens no longer accepted), execution TimeoutSeconds (TIMED_OUT), and the documented error names.
 */
import { describe, expect, it } from 'vitest';
import {
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  InvalidArn,
  InvalidDefinition,
  InvalidExecutionInput,
  InvalidName,
  StateMachineAlreadyExists,
  StateMachineDoesNotExist,
  TaskTimedOut,
  type EngineEvent,
} from '../../../local/engine';
import { DAY_MS, eventually, fixture, fullHistory, parse, testEngine, types } from './support';

const waitForever = () => {
  const parked: Array<{ taskToken: string }> = [];
  const test = testEngine({
    'wait-for-event': async (payload) => {
      parked.push(payload as { taskToken: string });
      return {};
    },
  });
  return { ...test, parked };
};

describe('StartExecution', () => {
  it('returns the running execution for the same name and input, and ExecutionAlreadyExists for a different input', async () => {
    const { engine, machine, parked } = waitForever();
    const stateMachineArn = await machine('callback.asl.json');
    const input = JSON.stringify({ customerId: 'c-1', waitKey: 'activation' });
    const first = await engine.startExecution({ stateMachineArn, name: 'onboarding-evt-1', input });
    const again = await engine.startExecution({ stateMachineArn, name: 'onboarding-evt-1', input });
    expect(again).toEqual(first);
    await expect(engine.startExecution({ stateMachineArn, name: 'onboarding-evt-1', input: '{"customerId":"c-2"}' })).rejects.toBeInstanceOf(ExecutionAlreadyExists);
    const { executions } = await engine.listExecutions({ stateMachineArn });
    expect(executions).toHaveLength(1);

    // Once closed, the name is taken whatever the input (for the retention period).
    await eventually(() => parked.length === 1);
    await engine.sendTaskSuccess({ taskToken: (parked[0] as { taskToken: string }).taskToken, output: '{}' });
    await engine.waitForExecution(first.executionArn);
    await expect(engine.startExecution({ stateMachineArn, name: 'onboarding-evt-1', input })).rejects.toBeInstanceOf(ExecutionAlreadyExists);
  });

  it('reuses a name after the retention period (90 days by default)', async () => {
    const { engine, clock, machine } = testEngine({}, {});
    const stateMachineArn = await machine('deferred-send.asl.json');
    const input = JSON.stringify({ decision: { sendAt: '2020-01-01T00:00:00Z', messageId: 'm-1' } });
    const { executionArn } = await engine.startExecution({ stateMachineArn, name: 'once', input });
    await engine.waitForExecution(executionArn);
    await clock.advance(91 * DAY_MS);
    const again = await engine.startExecution({ stateMachineArn, name: 'once', input });
    expect(again.executionArn).toBe(executionArn);
    expect((await engine.waitForExecution(executionArn)).status).toBe('SUCCEEDED');
  });

  it('names executions with a UUID when no name is given and validates names, ARNs and input', async () => {
    const { engine, machine } = testEngine();
    const stateMachineArn = await machine('deferred-send.asl.json');
    const { executionArn } = await engine.startExecution({ stateMachineArn, input: { decision: { sendAt: '2020-01-01T00:00:00Z', messageId: 'm' } } });
    expect(executionArn).toMatch(/^arn:aws:states:local:000000000000:execution:deferred-send:[0-9a-f-]{36}$/);
    await expect(engine.startExecution({ stateMachineArn, name: 'has space' })).rejects.toBeInstanceOf(InvalidName);
    await expect(engine.startExecution({ stateMachineArn, name: 'x'.repeat(81) })).rejects.toBeInstanceOf(InvalidName);
    await expect(engine.startExecution({ stateMachineArn, name: 'ok', input: '{not json' })).rejects.toBeInstanceOf(InvalidExecutionInput);
    await expect(engine.startExecution({ stateMachineArn: 'arn:aws:states:local:000000000000:stateMachine:nope' })).rejects.toBeInstanceOf(StateMachineDoesNotExist);
    await expect(engine.startExecution({ stateMachineArn: 'not-an-arn' })).rejects.toBeInstanceOf(InvalidArn);
    await expect(engine.describeExecution('arn:aws:states:local:000000000000:execution:deferred-send:nope')).rejects.toBeInstanceOf(ExecutionDoesNotExist);
    await expect(engine.describeExecution('arn:aws:states:local:000000000000:stateMachine:deferred-send')).rejects.toBeInstanceOf(InvalidArn);
  });
});

describe('CreateStateMachine', () => {
  it('is idempotent for the same definition, refuses a different one and invalid definitions', async () => {
    const { engine } = testEngine();
    const definition = fixture('callback.asl.json');
    const first = await engine.createStateMachine({ name: 'incident', definition });
    expect(await engine.createStateMachine({ name: 'incident', definition })).toEqual(first);
    await expect(engine.createStateMachine({ name: 'incident', definition: fixture('waits.asl.json') })).rejects.toBeInstanceOf(StateMachineAlreadyExists);
    await expect(engine.createStateMachine({ name: 'broken', definition: '{"StartAt":"Missing","States":{}}' })).rejects.toBeInstanceOf(InvalidDefinition);
    await expect(engine.createStateMachine({ name: 'bad name', definition })).rejects.toBeInstanceOf(InvalidName);
    expect((await engine.listStateMachines()).stateMachines).toEqual([
      { stateMachineArn: 'arn:aws:states:local:000000000000:stateMachine:incident', name: 'incident', type: 'STANDARD', creationDate: first.creationDate },
    ]);
  });
});

describe('StopExecution', () => {
  it('aborts a running execution with the given error and cause, and its task token stops being accepted', async () => {
    const { engine, machine, parked } = waitForever();
    const { executionArn } = await engine.startExecution({ stateMachineArn: await machine('callback.asl.json'), input: '{"customerId":"c-1","waitKey":"k"}' });
    await eventually(() => parked.length === 1);
    const { stopDate } = await engine.stopExecution(executionArn, { error: 'CrisisDeclared', cause: 'superseded by the crisis journey' });

    const described = await engine.describeExecution(executionArn);
    expect(described).toMatchObject({ status: 'ABORTED', error: 'CrisisDeclared', cause: 'superseded by the crisis journey', stopDate });
    await expect(engine.sendTaskSuccess({ taskToken: (parked[0] as { taskToken: string }).taskToken, output: '{}' })).rejects.toBeInstanceOf(TaskTimedOut);
    await engine.waitForExecution(executionArn);
    const history = await fullHistory(engine, executionArn);
    expect(types(history).slice(-2)).toEqual(['TaskStateAborted', 'ExecutionAborted']);
    expect(history.at(-1)?.executionAbortedEventDetails).toEqual({ error: 'CrisisDeclared', cause: 'superseded by the crisis journey' });
    expect((await engine.listExecutions({ stateMachineArn: described.stateMachineArn, statusFilter: 'ABORTED' })).executions).toHaveLength(1);
    expect((await engine.listExecutions({ stateMachineArn: described.stateMachineArn, statusFilter: 'RUNNING' })).executions).toHaveLength(0);
  });

  it('aborts a Wait and leaves no timer behind', async () => {
    const { engine, clock, machine } = testEngine();
    const { executionArn } = await engine.startExecution({ stateMachineArn: await machine('waits.asl.json'), input: '{"sendAt":"2030-01-01T00:00:00Z"}' });
    await eventually(() => clock.pendingTimers() === 1);
    await engine.stopExecution(executionArn);
    await engine.waitForExecution(executionArn);
    expect(clock.pendingTimers()).toBe(0);
    expect((await fullHistory(engine, executionArn)).map((event) => event.type).slice(-2)).toEqual(['WaitStateAborted', 'ExecutionAborted']);
  });
});

describe('Execution outcomes', () => {
  it('times out after the definition TimeoutSeconds of virtual time', async () => {
    const { engine, clock } = testEngine({ 'wait-for-event': async () => ({}) });
    const definition = JSON.parse(fixture('callback.asl.json')) as Record<string, unknown>;
    const { stateMachineArn } = await engine.createStateMachine({ name: 'bounded', definition: JSON.stringify({ ...definition, TimeoutSeconds: 3_600 }) });
    const { executionArn } = await engine.startExecution({ stateMachineArn, input: '{"customerId":"c-1","waitKey":"k"}' });
    await clock.advance(3_600_000);
    const done = await engine.waitForExecution(executionArn);
    expect(done).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout' });
    expect((await fullHistory(engine, executionArn)).at(-1)?.type).toBe('ExecutionTimedOut');
  });

  it('fails with a Fail state error and a cause read by CausePath', async () => {
    const { engine, machine } = testEngine();
    const { executionArn } = await engine.startExecution({ stateMachineArn: await machine('fan-out.asl.json'), input: '{"kind":"mystery"}' });
    expect(await engine.waitForExecution(executionArn)).toMatchObject({ status: 'FAILED', error: 'UnknownKind', cause: 'mystery' });
  });

  it('leaves error and cause unset for a Fail state without them, as the service does', async () => {
    const { engine } = testEngine();
    const { stateMachineArn } = await engine.createStateMachine({ name: 'bare-fail', definition: '{"StartAt":"F","States":{"F":{"Type":"Fail"}}}' });
    const { executionArn } = await engine.startExecution({ stateMachineArn });
    const done = await engine.waitForExecution(executionArn);
    expect(done.status).toBe('FAILED');
    expect(done.error).toBeUndefined();
    expect(done.cause).toBeUndefined();
  });

  it('emits live history and status events', async () => {
    const { engine, machine } = testEngine();
    const seen: EngineEvent[] = [];
    const unsubscribe = engine.onEvent((event) => seen.push(event));
    const { executionArn } = await engine.startExecution({ stateMachineArn: await machine('deferred-send.asl.json'), input: '{"decision":{"sendAt":"2020-01-01T00:00:00Z","messageId":"m-1"}}' });
    const done = await engine.waitForExecution(executionArn);
    unsubscribe();
    expect(parse(done.output)).toBe('m-1');
    expect(seen.filter((event) => event.type === 'status').map((event) => (event.type === 'status' ? event.status : ''))).toEqual(['RUNNING', 'SUCCEEDED']);
    expect(seen.filter((event) => event.type === 'history')).toHaveLength((await fullHistory(engine, executionArn)).length);
  });
});
