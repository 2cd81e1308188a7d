/**
 * The AWS-compatible endpoints with the real SDK clients pointed at the runtime, as an event source or an ops
 * script would use them (docs/api.md, "AWS-compatible local endpoints"): EventBridge PutEvents with the
 * service's per-entry results, the Step Functions API with its shapes and named exceptions, and SNS Publish
 * through the project's own SMS and push senders into the outbox.
 */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SFNClient,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderPermanentAddressError, ProviderRetryableError } from '../../../functions/adapters/provider-errors';
import { SnsPushSender } from '../../../functions/adapters/push-sender';
import { SnsSmsSender } from '../../../functions/adapters/sms-sender';
import { PROFILE, START, eventually, signedUp, startTestRuntime, type TestRuntime } from '../../support/runtime';

let runtime: TestRuntime;
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'any-secret-works-locally' };
const client = <T>(Client: new (config: object) => T): T => new Client({ endpoint: runtime.url, region: 'eu-central-1', credentials, maxAttempts: 1 });

beforeAll(async () => {
  runtime = await startTestRuntime({ dataDir: null });
});

afterAll(async () => {
  await runtime?.stop();
});

describe('EventBridge PutEvents', () => {
  it('answers per entry: a valid event gets an EventId, a malformed Detail fails with MalformedDetail', async () => {
    await runtime.api('PUT', '/profiles/c-bus', PROFILE);
    const valid = signedUp('c-bus');
    const result = await client(EventBridgeClient).send(
      new PutEventsCommand({
        Entries: [
          { EventBusName: 'journeys', Source: 'tests', DetailType: valid.type, Detail: JSON.stringify(valid), Time: new Date(START) },
          { EventBusName: 'journeys', Source: 'tests', DetailType: 'customer.signed_up', Detail: '{"id": "broken"' },
        ],
      }),
    );
    expect(result.FailedEntryCount).toBe(1);
    expect(result.Entries).toHaveLength(2);
    expect(result.Entries?.[0]?.EventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.Entries?.[0]?.ErrorCode).toBeUndefined();
    expect(result.Entries?.[1]).toEqual({ ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' });

    // The accepted event is delivered like the stack's rule: route-event starts the onboarding journey.
    await runtime.idle();
    const { executions } = await runtime.engine.listExecutions({ stateMachineArn: runtime.stateMachineArns.onboarding as string });
    expect(executions.map((execution) => execution.name)).toContain(`onboarding-${valid.id}`);
  });

  it('fails invalid envelopes, mismatched detail types, missing fields and unknown buses with InvalidArgument and friends', async () => {
    const bad = { ...signedUp('c-bad'), data: undefined, occurredAt: 'yesterday' };
    const good = signedUp('c-other', 'evt-mismatch');
    const result = await client(EventBridgeClient).send(
      new PutEventsCommand({
        Entries: [
          { EventBusName: 'journeys', Source: 'tests', DetailType: 'customer.signed_up', Detail: JSON.stringify(bad) },
          { EventBusName: 'journeys', Source: 'tests', DetailType: 'incident.opened', Detail: JSON.stringify(good) },
          { EventBusName: 'journeys', Source: 'tests', Detail: JSON.stringify(good) },
          { EventBusName: 'no-such-bus', Source: 'tests', DetailType: 'customer.signed_up', Detail: JSON.stringify(good) },
        ],
      }),
    );
    expect(result.FailedEntryCount).toBe(4);
    expect(result.Entries?.[0]).toMatchObject({ ErrorCode: 'InvalidArgument', ErrorMessage: expect.stringContaining('occurredAt') });
    expect(result.Entries?.[1]).toMatchObject({ ErrorCode: 'InvalidArgument', ErrorMessage: expect.stringContaining('DetailType') });
    expect(result.Entries?.[2]).toMatchObject({ ErrorCode: 'InvalidArgument', ErrorMessage: expect.stringContaining('DetailType is a required argument') });
    expect(result.Entries?.[3]).toMatchObject({ ErrorCode: 'ResourceNotFoundException' });
  });

  it('refuses more than 10 entries per call with a ValidationException, as the service does', async () => {
    const entries = Array.from({ length: 11 }, (_, index) => {
      const event = signedUp('c-many', `evt-many-${index}`);
      return { EventBusName: 'journeys', Source: 'tests', DetailType: event.type, Detail: JSON.stringify(event) };
    });
    await expect(client(EventBridgeClient).send(new PutEventsCommand({ Entries: entries }))).rejects.toMatchObject({ name: 'ValidationException' });
  });
});

describe('Step Functions API', () => {
  const PARKING = JSON.stringify({
    StartAt: 'Park',
    States: {
      Park: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: { FunctionName: 'arn:aws:lambda:local:000000000000:function:test-park', Payload: { 'token.$': '$$.Task.Token' } },
        ResultPath: '$.answer',
        End: true,
      },
    },
  });

  it('starts, describes and completes a task-token execution through @aws-sdk/client-sfn', async () => {
    const tokens: string[] = [];
    runtime.engine.registerHandler('test-park', async (payload) => {
      tokens.push((payload as { token: string }).token);
      return {};
    });
    const { stateMachineArn } = await runtime.engine.createStateMachine({ name: 'sdk-parking', definition: PARKING });
    const sfn = client(SFNClient);

    const listed = await sfn.send(new ListStateMachinesCommand({}));
    expect(listed.stateMachines?.map((machine) => machine.name)).toEqual(expect.arrayContaining(['onboarding', 'incident', 'crisis', 'post-resolution', 'sdk-parking']));

    const started = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'sdk-1', input: JSON.stringify({ order: 1 }) }));
    expect(started.executionArn).toMatch(/:execution:sdk-parking:sdk-1$/);
    expect(started.startDate).toEqual(new Date(START));

    const token = await eventually(() => tokens[0]);
    const running = await sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    expect(running).toMatchObject({ status: 'RUNNING', name: 'sdk-1', input: JSON.stringify({ order: 1 }) });

    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ approved: true }) }));
    await runtime.engine.waitForExecution(started.executionArn as string);
    const done = await sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output as string)).toEqual({ order: 1, answer: { approved: true } });
    expect(done.stopDate).toBeInstanceOf(Date);

    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn: started.executionArn }));
    expect(history.events?.[0]).toMatchObject({ type: 'ExecutionStarted', id: 1 });
    expect(history.events?.[0]?.timestamp).toBeInstanceOf(Date);
    const list = await sfn.send(new ListExecutionsCommand({ stateMachineArn }));
    expect(list.executions?.map((execution) => execution.name)).toEqual(['sdk-1']);

    // A closed task's token, used again, is TaskTimedOut (the service's answer), as the SDK's named exception.
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toBeInstanceOf(TaskTimedOut);
  });

  it('raises ExecutionAlreadyExists as the SDK exception for a name reused with another input', async () => {
    const { stateMachineArn } = await runtime.engine.createStateMachine({ name: 'sdk-parking', definition: PARKING });
    const sfn = client(SFNClient);
    await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'sdk-dup', input: '{"n":1}' }));
    const again = sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'sdk-dup', input: '{"n":2}' }));
    await expect(again).rejects.toBeInstanceOf(ExecutionAlreadyExists);
    await expect(again).rejects.toMatchObject({ name: 'ExecutionAlreadyExists', $metadata: { httpStatusCode: 400 } });
  });
});

describe('SNS Publish into the outbox', () => {
  it('takes SMS from the real SnsSmsSender; GET /outbox lists it, by number and by customer', async () => {
    await runtime.api('PUT', '/profiles/c-sms', { ...PROFILE, phone: '+421900555111' });
    const sender = new SnsSmsSender(client(SNSClient), { senderId: 'Journeys' });
    const { providerMessageId } = await sender.send({ phoneNumber: '+421900555111', body: 'Vitajte v Journeys!', category: 'transactional' });
    expect(providerMessageId).toMatch(/^[0-9a-f-]{36}$/);

    const byNumber = await runtime.api('GET', '/outbox?to=%2B421900555111');
    expect(byNumber.status).toBe(200);
    expect(byNumber.body).toEqual({
      messages: [
        { messageId: providerMessageId, channel: 'sms', to: '+421900555111', body: 'Vitajte v Journeys!', smsType: 'Transactional', senderId: 'Journeys', at: START },
      ],
    });
    const byCustomer = await runtime.api('GET', '/outbox?customerId=c-sms');
    expect(byCustomer.body).toEqual(byNumber.body);
    const nobody = await runtime.api('GET', '/outbox?customerId=c-unknown');
    expect(nobody.body).toEqual({ messages: [] });
  });

  it('takes push from the real SnsPushSender, with the title and body the phone would show', async () => {
    const targetArn = 'arn:aws:sns:eu-central-1:123456789012:endpoint/GCM/journeys/8f2b7c1e-0000-4000-8000-000000000001';
    const sender = new SnsPushSender(client(SNSClient));
    await sender.send({ targetArn, title: 'Vitajte', body: 'Účet je pripravený.', category: 'marketing', data: { messageId: 'm-1' } });
    const outbox = await runtime.api('GET', `/outbox?to=${encodeURIComponent(targetArn)}`);
    expect(outbox.body).toMatchObject({ messages: [{ channel: 'push', to: targetArn, title: 'Vitajte', body: 'Účet je pripravený.', data: { messageId: 'm-1', category: 'marketing' } }] });
  });

  it('answers faults in SNS error format, so the senders classify them as in the cloud', async () => {
    const sender = new SnsSmsSender(client(SNSClient));
    runtime.faults.sns.failNext(1, { name: 'ThrottledException', status: 429 });
    const throttled = sender.send({ phoneNumber: '+421900555222', body: 'x', category: 'service' });
    await expect(throttled).rejects.toBeInstanceOf(ProviderRetryableError);
    await expect(throttled).rejects.toMatchObject({ providerCode: 'ThrottledException' });

    runtime.faults.sns.failFor('+421900555333', { name: 'OptedOutException', status: 400 });
    await expect(sender.send({ phoneNumber: '+421900555333', body: 'x', category: 'service' })).rejects.toBeInstanceOf(ProviderPermanentAddressError);
    await expect(sender.send({ phoneNumber: '+421900555222', body: 'ok now', category: 'service' })).resolves.toMatchObject({ providerMessageId: expect.any(String) });
    runtime.faults.clear();

    await expect(sender.send({ phoneNumber: '0900 123', body: 'x', category: 'service' })).rejects.toBeInstanceOf(ProviderPermanentAddressError);
  });
});
