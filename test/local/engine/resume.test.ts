/**
 * Resume after a restart (local/engine/replay.ts): the restart of an interrupted execution (`<name>-r1`) answers
 * the Tasks and Waits it had finished from the journal — no handler runs twice — and goes on from the state it was
 * in with that state's original deadline: a Wait ends when it would have, a deferred message's wait until `sendAt`
 * still ends at `sendAt`, a callback wait gets a new token and what is left of its timeout.
 */
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalStepFunctions, VirtualClock } from '../../../local/engine';
import { DAY_MS, START, eventually, fullHistory, parse, tempDir } from './support';

const HOUR_MS = 3_600_000;
const LAMBDA = (name: string) => `arn:aws:lambda:eu-central-1:000000000000:function:${name}`;

/** Welcome, a 3-day pause, a message deferred to `sendAt` and delivered again, a 2-day callback wait, done. */
const JOURNEY = JSON.stringify({
  StartAt: 'Welcome',
  States: {
    Welcome: { Type: 'Task', Resource: LAMBDA('deliver'), Parameters: { 'step.$': '$$.State.Name' }, ResultPath: '$.welcome', Next: 'Pause' },
    Pause: { Type: 'Wait', Seconds: 3 * 86_400, Next: 'Tip' },
    Tip: { Type: 'Task', Resource: LAMBDA('deliver'), Parameters: { 'step.$': '$$.State.Name' }, ResultPath: '$.delivery', Next: 'Deferred?' },
    'Deferred?': { Type: 'Choice', Choices: [{ Variable: '$.delivery.outcome', StringEquals: 'deferred', Next: 'Wait until sendAt' }], Default: 'Wait for answer' },
    'Wait until sendAt': { Type: 'Wait', TimestampPath: '$.delivery.sendAt', Next: 'Tip again' },
    'Tip again': { Type: 'Task', Resource: LAMBDA('deliver'), Parameters: { step: 'Tip again' }, ResultPath: '$.delivery', Next: 'Wait for answer' },
    'Wait for answer': {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: LAMBDA('park'), Payload: { 'token.$': '$$.Task.Token' } },
      TimeoutSeconds: 2 * 86_400,
      ResultPath: '$.answer',
      Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.answer', Next: 'Done' }],
      Next: 'Done',
    },
    Done: { Type: 'Succeed' },
  },
});

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Engines over one journal and one clock, recording every delivery (step, virtual time) and parked token. */
function journeyEngines() {
  const dataDir = tempDir();
  dirs.push(dataDir);
  const clock = VirtualClock.manual(START);
  const deliveries: Array<{ step: string; at: string }> = [];
  const tokens: string[] = [];
  const open = () =>
    new LocalStepFunctions({
      dataDir,
      clock,
      handlers: {
        deliver: async (payload) => {
          const { step } = payload as { step: string };
          deliveries.push({ step, at: clock.date().toISOString() });
          // The first tip falls in quiet hours: deferred to 07:00 local the next morning (06:00Z).
          if (step === 'Tip') return { outcome: 'deferred', sendAt: new Date(Date.parse(START) + 3 * DAY_MS + 20 * HOUR_MS).toISOString() };
          return { outcome: 'sent' };
        },
        park: async (payload) => {
          tokens.push((payload as { token: string }).token);
          return {};
        },
      },
    });
  return { clock, deliveries, tokens, open };
}

/**
 * The execution started and entered its first Wait: the Wait's deadline counts from there, so a test advancing the
 * clock must not get ahead of the engine's first turns.
 */
async function waiting(engine: LocalStepFunctions, executionArn: string): Promise<void> {
  await eventually(async () => (await fullHistory(engine, executionArn)).some((event) => event.type === 'WaitStateEntered'));
}

async function restart(engine: LocalStepFunctions, open: () => LocalStepFunctions): Promise<{ engine: LocalStepFunctions; executionArn: string }> {
  await engine.close();
  const next = open();
  const [interrupted] = next.interruptedExecutions();
  const { executionArn } = await next.restartInterrupted(interrupted as string);
  return { engine: next, executionArn };
}

describe('an execution interrupted by a restart goes on where it stopped', () => {
  it('mid-Wait: nothing finished runs again, the Wait ends when it would have, and the execution finishes', async () => {
    const { clock, deliveries, tokens, open } = journeyEngines();
    const first = open();
    const { stateMachineArn } = await first.createStateMachine({ name: 'journey', definition: JOURNEY });
    const started = await first.startExecution({ stateMachineArn, name: 'c-1-signup', input: '{"customerId":"c-1"}' });
    await waiting(first, started.executionArn);
    await clock.advance(DAY_MS);
    expect(deliveries.map((d) => d.step)).toEqual(['Welcome']);

    // Stopped one day into the 3-day pause.
    const { engine } = await restart(first, open);
    await clock.advance(2 * DAY_MS - 1);
    expect(deliveries.map((d) => d.step)).toEqual(['Welcome']); // not welcomed again, the pause not started over
    await clock.advance(1);
    // The Wait's timer fires on the advance; the Tip task after it runs on the engine's next turns, not within it.
    await eventually(() => deliveries.length === 2);
    expect(deliveries).toEqual([
      { step: 'Welcome', at: START },
      { step: 'Tip', at: new Date(Date.parse(START) + 3 * DAY_MS).toISOString() },
    ]);

    // Stopped again while the tip waits for its sendAt (deferred by quiet hours): delivered at sendAt all the same.
    const again = await restart(engine, open);
    expect(again.executionArn).toMatch(/c-1-signup-r2$/);
    await clock.advance(20 * HOUR_MS);
    await eventually(() => deliveries.length === 3);
    expect(deliveries.map((d) => d.step)).toEqual(['Welcome', 'Tip', 'Tip again']);
    expect(deliveries[2]?.at).toBe(new Date(Date.parse(START) + 3 * DAY_MS + 20 * HOUR_MS).toISOString());
    await eventually(() => tokens.length === 1);

    // Stopped a day into the 2-day callback wait: parked again with a new token, answered, done.
    const third = await restart(again.engine, open);
    await eventually(() => tokens.length === 2);
    expect(tokens[1]).not.toBe(tokens[0]);
    await clock.advance(HOUR_MS);
    await third.engine.sendTaskSuccess({ taskToken: tokens[1] as string, output: '{"score":9}' });
    const done = await third.engine.waitForExecution(third.executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(parse(done.output)).toMatchObject({ customerId: 'c-1', welcome: { outcome: 'sent' }, delivery: { outcome: 'sent' }, answer: { score: 9 } });
    expect(deliveries.map((d) => d.step)).toEqual(['Welcome', 'Tip', 'Tip again']);
    // The replayed tasks are in the restart's history too, so a restart of the restart can replay them.
    const scheduled = (await fullHistory(third.engine, third.executionArn)).filter((event) => event.type === 'LambdaFunctionScheduled' || event.type === 'TaskScheduled');
    expect(scheduled).toHaveLength(4);
    await third.engine.close();
  });

  it('mid-callback: the timeout counts from the original wait, not from the restart', async () => {
    const { clock, tokens, open } = journeyEngines();
    const first = open();
    const { stateMachineArn } = await first.createStateMachine({ name: 'journey', definition: JOURNEY });
    const started = await first.startExecution({ stateMachineArn, name: 'c-2-signup', input: '{"customerId":"c-2"}' });
    await waiting(first, started.executionArn);
    await clock.advance(3 * DAY_MS + 20 * HOUR_MS); // welcome, pause, deferred tip, tip again: parked from here
    await eventually(() => tokens.length === 1);
    await clock.advance(DAY_MS + 12 * HOUR_MS);

    const { engine, executionArn } = await restart(first, open);
    await eventually(() => tokens.length === 2);
    await clock.advance(12 * HOUR_MS - 1);
    expect((await engine.describeExecution(executionArn)).status).toBe('RUNNING');
    await clock.advance(1);
    const done = await engine.waitForExecution(executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(parse(done.output)).toMatchObject({ answer: { Error: 'States.Timeout' } });
    expect((done.stopDate as Date).toISOString()).toBe(new Date(Date.parse(START) + 5 * DAY_MS + 20 * HOUR_MS).toISOString());
    await engine.close();
  });

  it('mid-Map: the states before it answer from the journal, the Map runs again, the states after it for real', async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const clock = VirtualClock.manual(START);
    const calls: string[] = [];
    const open = () =>
      new LocalStepFunctions({
        dataDir,
        clock,
        handlers: {
          step: async (payload) => {
            const { step, item } = payload as { step: string; item?: number };
            calls.push(item === undefined ? step : `${step} ${item}`);
            return { ok: true };
          },
        },
      });
    const step = (name: string, next: string | undefined, parameters: Record<string, unknown> = {}) => ({
      Type: 'Task',
      Resource: LAMBDA('step'),
      Parameters: { step: name, ...parameters },
      ResultPath: null,
      ...(next ? { Next: next } : { End: true }),
    });
    const definition = JSON.stringify({
      StartAt: 'Before',
      States: {
        Before: step('Before', 'Pause'),
        Pause: { Type: 'Wait', Seconds: 3600, Next: 'Each' },
        Each: {
          Type: 'Map',
          ItemsPath: '$.items',
          ItemSelector: { 'item.$': '$$.Map.Item.Value' },
          ItemProcessor: { StartAt: 'Inner wait', States: { 'Inner wait': { Type: 'Wait', Seconds: 86_400, Next: 'Inner' }, Inner: step('Inner', undefined, { 'item.$': '$.item' }) } },
          ResultPath: null,
          Next: 'After',
        },
        After: step('After', undefined),
      },
    });
    const first = open();
    const { stateMachineArn } = await first.createStateMachine({ name: 'fan', definition });
    const started = await first.startExecution({ stateMachineArn, name: 'fan-1', input: '{"items":[1,2]}' });
    await waiting(first, started.executionArn);
    await clock.advance(2 * HOUR_MS); // Before, the pause, and an hour into the Map's waits
    expect(calls).toEqual(['Before']);

    const { engine, executionArn } = await restart(first, open);
    // The Map's iterations start again (their waits from the restart), nothing before the Map runs again.
    await clock.advance(DAY_MS);
    const done = await engine.waitForExecution(executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect([...calls.slice(0, 1), ...calls.slice(1, 3).sort(), ...calls.slice(3)]).toEqual(['Before', 'Inner 1', 'Inner 2', 'After']);
    await engine.close();
  });
});
