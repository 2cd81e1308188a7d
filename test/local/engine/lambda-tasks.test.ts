/**
 * Lambda tasks as the Step Functions docs describe them: a function-ARN Resource gets the function's result,
 * `arn:aws:states:::lambda:invoke` gets the invoke envelope (Payload, StatusCode…) that ResultSelector and
 * OutputPath work on; a function error is retried/caught by its error name, with backoff between retries.
 */
import { describe, expect, it } from 'vitest';
import { fullHistory, parse, testEngine, types } from './support';

class ProviderRetryableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProviderRetryableError';
  }
}

describe('Lambda task results', () => {
  it('gives payloadResponseOnly tasks the function result and lambda:invoke tasks the service envelope', async () => {
    const payloads: Record<string, unknown[]> = { evaluate: [], send: [] };
    const { engine, machine } = testEngine({
      'evaluate-message': async (payload) => {
        payloads.evaluate?.push(payload);
        return { outcome: 'sent', channel: 'email' };
      },
      'send-message': async (payload) => {
        payloads.send?.push(payload);
        return { messageId: 'm-1' };
      },
    });
    const arn = await machine('lambda-results.asl.json');
    const { executionArn } = await engine.startExecution({ stateMachineArn: arn, name: 'c-1-welcome', input: JSON.stringify({ customerId: 'c-1' }) });
    const done = await engine.waitForExecution(executionArn);

    expect(done.status).toBe('SUCCEEDED');
    const output = parse(done.output) as Record<string, Record<string, unknown>>;
    // Function ARN resource: the handler got the Parameters and its result landed at ResultPath as is.
    expect(payloads.evaluate).toEqual([{ customerId: 'c-1', step: 'welcome' }]);
    expect(output.decision).toEqual({ outcome: 'sent', channel: 'email' });
    // lambda:invoke: the handler got Payload; ResultSelector picked from the envelope.
    expect(payloads.send?.[0]).toEqual({ customerId: 'c-1', decision: { outcome: 'sent', channel: 'email' } });
    expect(output.send).toEqual({ sent: { messageId: 'm-1' }, statusCode: 200 });
    // Without ResultSelector the whole envelope is the result.
    expect(output.raw).toMatchObject({
      ExecutedVersion: '$LATEST',
      Payload: { messageId: 'm-1' },
      StatusCode: 200,
      SdkHttpMetadata: { HttpStatusCode: 200 },
      SdkResponseMetadata: { RequestId: expect.any(String) },
    });
    expect(engine.getExecutionUsage(executionArn).taskInvocations).toEqual({ 'evaluate-message': 1, 'send-message': 2 });
  });

  it('records LambdaFunction… events for function ARNs and Task… events for the lambda:invoke integration', async () => {
    const { engine, machine } = testEngine({ 'evaluate-message': async () => ({ outcome: 'sent' }), 'send-message': async () => null });
    const { executionArn } = await engine.startExecution({ stateMachineArn: await machine('lambda-results.asl.json'), input: '{"customerId":"c-2"}' });
    await engine.waitForExecution(executionArn);
    const history = await fullHistory(engine, executionArn);
    expect(types(history).slice(0, 7)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'TaskStateEntered',
    ]);
    const scheduled = history.find((event) => event.type === 'TaskScheduled');
    expect(scheduled?.taskScheduledEventDetails).toMatchObject({ resourceType: 'lambda', resource: 'invoke', region: 'local' });
    expect(parse(scheduled?.taskScheduledEventDetails?.parameters)).toMatchObject({ FunctionName: 'arn:aws:lambda:local:000000000000:function:send-message' });
    expect(history.at(-1)?.type).toBe('ExecutionSucceeded');
  });

  it('fails the task with Lambda.ResourceNotFoundException when no handler has the function name', async () => {
    const { engine, machine } = testEngine({});
    const { executionArn } = await engine.startExecution({ stateMachineArn: await machine('lambda-results.asl.json'), input: '{"customerId":"c-3"}' });
    const done = await engine.waitForExecution(executionArn);
    expect(done.status).toBe('FAILED');
    expect(done.error).toBe('Lambda.ResourceNotFoundException');
  });
});

describe('Retry and Catch', () => {
  it('retries a named error with exponential backoff on the virtual clock, then succeeds', async () => {
    let calls = 0;
    const { engine, clock, machine } = testEngine({
      'send-message': async () => {
        calls++;
        if (calls < 3) throw new ProviderRetryableError(`SES throttled (${calls})`);
        return { sent: true };
      },
      'flag-follow-up': async () => ({ flagged: true }),
    });
    const started = clock.now();
    const { executionArn } = await engine.startExecution({ stateMachineArn: await machine('retry-catch.asl.json'), input: '{"customerId":"c-1"}' });

    await clock.advance(1_999); // first retry is due after IntervalSeconds = 2
    expect(calls).toBe(1);
    await clock.advance(1);
    expect(calls).toBe(2);
    await clock.advance(3_999); // second retry after 2 × BackoffRate 2 = 4 s
    expect(calls).toBe(2);
    await clock.advance(1);
    const done = await engine.waitForExecution(executionArn);

    expect(calls).toBe(3);
    expect(done.status).toBe('SUCCEEDED');
    expect(parse(done.output)).toEqual({ sent: true, followUp: { flagged: true } });
    const history = await fullHistory(engine, executionArn);
    const scheduledAt = history.filter((event) => event.type === 'TaskScheduled').map((event) => (event.timestamp as Date).getTime() - started);
    expect(scheduledAt).toEqual([0, 2_000, 6_000]);
    const failed = history.filter((event) => event.type === 'TaskFailed').map((event) => event.taskFailedEventDetails);
    expect(failed).toHaveLength(2);
    expect(failed[0]?.error).toBe('ProviderRetryableError');
    // The cause is what Lambda reports for a function error: errorType, errorMessage, trace.
    expect(parse(failed[0]?.cause)).toMatchObject({ errorType: 'ProviderRetryableError', errorMessage: 'SES throttled (1)' });
    // 2 entered task states + 2 retries (each billed as a transition).
    expect(engine.getExecutionUsage(executionArn)).toEqual({ stateTransitions: 4, taskInvocations: { 'send-message': 3, 'flag-follow-up': 1 } });
  });

  it('fails the execution with the error name once MaxAttempts are used up', async () => {
    const { engine, clock, machine } = testEngine({
      'send-message': async () => {
        throw new ProviderRetryableError('still throttled');
      },
    });
    const { executionArn } = await engine.startExecution({ stateMachineArn: await machine('retry-catch.asl.json'), input: '{}' });
    await clock.advance(2_000 + 4_000 + 8_000);
    const done = await engine.waitForExecution(executionArn);
    expect(done.status).toBe('FAILED');
    expect(done.error).toBe('ProviderRetryableError');
    expect(parse(done.cause)).toMatchObject({ errorType: 'ProviderRetryableError', errorMessage: 'still throttled' });
    expect(engine.getExecutionUsage(executionArn).taskInvocations['send-message']).toBe(4);
  });

  it('catches any error with States.ALL and puts {Error, Cause} at the catcher ResultPath', async () => {
    const { engine, machine } = testEngine({
      'send-message': async () => ({ sent: true }),
      'flag-follow-up': async () => {
        throw new ProviderRetryableError('CRM unavailable');
      },
    });
    const { executionArn } = await engine.startExecution({ stateMachineArn: await machine('retry-catch.asl.json'), input: '{}' });
    const done = await engine.waitForExecution(executionArn);
    expect(done.status).toBe('SUCCEEDED');
    // MaxAttempts 0: no retry; the catcher routed to the Pass state with the error at $.followUpError.
    expect(parse(done.output)).toEqual({ sent: true, error: 'ProviderRetryableError' });
    expect(engine.getExecutionUsage(executionArn).taskInvocations['flag-follow-up']).toBe(1);
  });
});
