/**
 * `arn:aws:states:::states:startExecution` (request-response) as the service documents it: a Task starts an
 * execution — here of its own state machine, how a journey continues as new — and goes on with
 * `{ExecutionArn, StartDate}`; a name already used answers `StepFunctions.ExecutionAlreadyExistsException`
 * (catchable by name), the same name and input while that execution runs is the original answer.
 */
import { describe, expect, it } from 'vitest';
import { fullHistory, parse, testEngine } from './support';

/** Counts `$.n` up to `$.limit`, continuing as new at every step: `gen-<n>` starts `gen-<n+1>` and ends. */
const CHAIN = JSON.stringify({
  StartAt: 'Done?',
  States: {
    'Done?': { Type: 'Choice', Choices: [{ Variable: '$.n', NumericGreaterThanEqualsPath: '$.limit', Next: 'Finished' }], Default: 'Continue as new' },
    'Continue as new': {
      Type: 'Task',
      Resource: 'arn:aws:states:::states:startExecution',
      Parameters: {
        'StateMachineArn.$': '$$.StateMachine.Id',
        'Name.$': "States.Format('gen-{}', States.MathAdd($.n, 1))",
        Input: { 'n.$': 'States.MathAdd($.n, 1)', 'limit.$': '$.limit', 'AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$': '$$.Execution.Id' },
      },
      ResultPath: '$.started',
      Retry: [{ ErrorEquals: ['StepFunctions.ExecutionAlreadyExistsException'], MaxAttempts: 0 }],
      Catch: [{ ErrorEquals: ['StepFunctions.ExecutionAlreadyExistsException'], ResultPath: '$.error', Next: 'Already continued' }],
      End: true,
    },
    'Already continued': { Type: 'Succeed' },
    Finished: { Type: 'Succeed' },
  },
});

/** Starts a fixed name with the input it is given. */
const STARTER = (target: string) =>
  JSON.stringify({
    StartAt: 'Start',
    States: {
      Start: {
        Type: 'Task',
        Resource: 'arn:aws:states:::states:startExecution',
        Parameters: { StateMachineArn: target, Name: 'fixed', 'Input.$': '$.payload' },
        End: true,
      },
    },
  });

/** Waits a day, so an execution stays RUNNING while the test looks at it. */
const SLEEPER = JSON.stringify({ StartAt: 'Sleep', States: { Sleep: { Type: 'Wait', Seconds: 86_400, End: true } } });

describe('states:startExecution', () => {
  it('continues as new: each execution starts the next of the same state machine and ends; the chain runs once', async () => {
    const { engine } = testEngine();
    const { stateMachineArn } = await engine.createStateMachine({ name: 'chain', definition: CHAIN });
    const first = await engine.startExecution({ stateMachineArn, name: 'gen-0', input: { n: 0, limit: 3 } });
    for (const name of ['gen-0', 'gen-1', 'gen-2', 'gen-3']) {
      const arn = first.executionArn.replace(/gen-0$/, name);
      await expect.poll(async () => (await engine.describeExecution(arn).catch(() => undefined))?.status).toBe('SUCCEEDED');
    }
    const executions = (await engine.listExecutions({ stateMachineArn })).executions;
    expect(executions.map((e) => e.name).sort()).toEqual(['gen-0', 'gen-1', 'gen-2', 'gen-3']);

    const second = await engine.describeExecution(first.executionArn.replace(/gen-0$/, 'gen-1'));
    expect(parse(second.input)).toEqual({ n: 1, limit: 3, AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: first.executionArn });
    const output = parse((await engine.describeExecution(first.executionArn)).output) as { started: { ExecutionArn: string; StartDate: number } };
    expect(output.started).toEqual({ ExecutionArn: second.executionArn, StartDate: second.startDate.getTime() });
    const history = await fullHistory(engine, first.executionArn);
    expect(history.find((e) => e.type === 'TaskScheduled')?.taskScheduledEventDetails).toMatchObject({ resourceType: 'states', resource: 'startExecution' });
    expect(engine.getExecutionUsage(first.executionArn).taskInvocations).toEqual({ 'arn:aws:states:::states:startExecution': 1 });
  });

  it('a name already used: the same input while it runs is the original answer; otherwise ExecutionAlreadyExists, caught by name', async () => {
    const { engine } = testEngine();
    const sleeper = (await engine.createStateMachine({ name: 'sleeper', definition: SLEEPER })).stateMachineArn;
    const starter = (await engine.createStateMachine({ name: 'starter', definition: STARTER(sleeper) })).stateMachineArn;
    const run = async (payload: Record<string, number>) => engine.waitForExecution((await engine.startExecution({ stateMachineArn: starter, input: { payload } })).executionArn);

    const first = await run({ a: 1 });
    expect(first.status).toBe('SUCCEEDED');
    const again = await run({ a: 1 });
    // Idempotent while RUNNING with the same input: the very same answer.
    expect(parse(again.output)).toEqual(parse(first.output));
    const other = await run({ a: 2 });
    expect(other).toMatchObject({ status: 'FAILED', error: 'StepFunctions.ExecutionAlreadyExistsException' });
    expect(other.cause).toContain(':sleeper:fixed');

    const fixed = (parse(first.output) as { ExecutionArn: string }).ExecutionArn;
    await engine.stopExecution(fixed);
    // Closed: ExecutionAlreadyExists whatever the input.
    expect(await run({ a: 1 })).toMatchObject({ status: 'FAILED', error: 'StepFunctions.ExecutionAlreadyExistsException' });
    expect((await engine.listExecutions({ stateMachineArn: sleeper })).executions).toHaveLength(1);
  });

  it('maps the other API errors to StepFunctions.<Code>Exception and refuses .sync', async () => {
    const { engine } = testEngine();
    const missing = 'arn:aws:states:us-east-1:000000000000:stateMachine:nope';
    const starter = (await engine.createStateMachine({ name: 'starter', definition: STARTER(missing) })).stateMachineArn;
    const failed = await engine.waitForExecution((await engine.startExecution({ stateMachineArn: starter, input: { payload: {} } })).executionArn);
    expect(failed).toMatchObject({ status: 'FAILED', error: 'StepFunctions.StateMachineDoesNotExistException' });

    const sync = STARTER(missing).replace('states:startExecution', 'states:startExecution.sync:2');
    const syncStarter = (await engine.createStateMachine({ name: 'sync-starter', definition: sync })).stateMachineArn;
    const refused = await engine.waitForExecution((await engine.startExecution({ stateMachineArn: syncStarter, input: { payload: {} } })).executionArn);
    expect(refused).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(refused.cause).toContain('not supported by the local engine');
  });
});
