/**
 * Wait states on the virtual clock, as the docs describe Wait: `Seconds` pauses that long, `TimestampPath`
 * until that instant — one in the past continues at once — and InputPath/OutputPath apply as for any state.
 * `$$.Execution.StartTime` and `$$.State.EnteredTime` are virtual times.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../local/engine';
import { DAY_MS, START, eventually, fullHistory, parse, testEngine, types } from './support';

describe('Wait states on a manual clock', () => {
  it('finishes a 3-day Wait after advance(3 days) and not before', async () => {
    const { engine, clock, machine } = testEngine();
    const sendAt = new Date(Date.parse(START) + 3 * DAY_MS + 3_600_000).toISOString(); // an hour after the 3 days
    const { executionArn } = await engine.startExecution({ stateMachineArn: await machine('waits.asl.json'), name: 'c-1-tips', input: JSON.stringify({ customerId: 'c-1', sendAt }) });
    // The Wait starts when the engine enters it, which may be a few turns after the start returns: advancing the
    // clock before that would start the 3 days later (as it should), not test the boundary.
    await eventually(async () => types(await fullHistory(engine, executionArn)).includes('WaitStateEntered'));

    await clock.advance(3 * DAY_MS - 1);
    let history = await fullHistory(engine, executionArn);
    expect(types(history)).toEqual(['ExecutionStarted', 'WaitStateEntered']);
    await clock.advance(1);
    // The timer fired inside advance(); the engine records its next states on the turns after (a loaded machine may
    // need several).
    await eventually(async () => (await fullHistory(engine, executionArn)).length >= 4);
    history = await fullHistory(engine, executionArn);
    expect(types(history)).toEqual(['ExecutionStarted', 'WaitStateEntered', 'WaitStateExited', 'WaitStateEntered']);
    expect((await engine.describeExecution(executionArn)).status).toBe('RUNNING');

    await clock.advance(3_600_000);
    const done = await engine.waitForExecution(executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(parse(done.output)).toEqual({
      customerId: 'c-1',
      startedAt: START,
      resumedAt: sendAt,
      state: 'Record times',
      execution: 'c-1-tips',
    });
    expect((done.stopDate as Date).toISOString()).toBe(sendAt);
  });

  it('runs consecutive waits within one advance, each starting when the previous ended', async () => {
    const { engine, clock, machine } = testEngine();
    const sendAt = new Date(Date.parse(START) + 5 * DAY_MS).toISOString();
    const { executionArn } = await engine.startExecution({ stateMachineArn: await machine('waits.asl.json'), input: JSON.stringify({ customerId: 'c-2', sendAt }) });
    await clock.advance(10 * DAY_MS);
    const done = await engine.waitForExecution(executionArn);
    expect(parse(done.output)).toMatchObject({ resumedAt: sendAt });
    const exits = (await fullHistory(engine, executionArn)).filter((event) => event.type === 'WaitStateExited');
    expect(exits.map((event) => (event.timestamp as Date).toISOString())).toEqual([new Date(Date.parse(START) + 3 * DAY_MS).toISOString(), sendAt]);
  });

  it('continues at once when TimestampPath is in the past (a deferred message already due)', async () => {
    const { engine, machine } = testEngine();
    const { executionArn } = await engine.startExecution({
      stateMachineArn: await machine('deferred-send.asl.json'),
      input: JSON.stringify({ decision: { sendAt: '2026-11-22T21:00:00+01:00', messageId: 'm-7' }, other: 'dropped by InputPath' }),
    });
    const done = await engine.waitForExecution(executionArn);
    expect(done.status).toBe('SUCCEEDED');
    // InputPath selected the decision, OutputPath its messageId: the Wait's data flow is unchanged.
    expect(parse(done.output)).toBe('m-7');
    const entered = (await fullHistory(engine, executionArn)).find((event) => event.type === 'WaitStateEntered');
    expect(parse(entered?.stateEnteredEventDetails?.input)).toMatchObject({ other: 'dropped by InputPath' });
  });

  it('fails with States.Runtime when TimestampPath is not a timestamp', async () => {
    const { engine, machine } = testEngine();
    const { executionArn } = await engine.startExecution({ stateMachineArn: await machine('deferred-send.asl.json'), input: '{"decision":{"sendAt":"tomorrow"}}' });
    expect(await engine.waitForExecution(executionArn)).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });
});

describe('Wait states on a scaled clock', () => {
  it('finishes a 3-day Wait by itself on a scaled clock (a day in 1 ms of real time)', async () => {
    const clock = VirtualClock.scaled(86_400_000);
    const { engine, machine } = testEngine({}, { clock });
    const { executionArn } = await engine.startExecution({ stateMachineArn: await machine('waits.asl.json'), input: JSON.stringify({ customerId: 'c-3', sendAt: '2000-01-01T00:00:00Z' }) });
    // Ordering and completion only: the 3-day wait is over before the execution completes. Nothing is asserted at a
    // wall-clock moment (the wait lasts ~3 ms of real time, a timer the clock arms by itself; "still RUNNING" would
    // race a loaded machine — the manual-clock tests above pin that).
    const done = await engine.waitForExecution(executionArn);
    expect(done.status).toBe('SUCCEEDED');
    const history = await fullHistory(engine, executionArn);
    const entered = history.find((event) => event.type === 'WaitStateEntered')?.timestamp as Date;
    const exited = history.find((event) => event.type === 'WaitStateExited')?.timestamp as Date;
    expect(exited.getTime() - entered.getTime()).toBeGreaterThanOrEqual(3 * DAY_MS);
    clock.dispose();
  });
});
