import { startHandlerEnv, type HandlerEnv } from '../support/handler-env';
import { DescribeExecutionCommand, ExecutionDoesNotExist } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../functions/handlers/api-executions';
import { invoke } from '../support/api-events';

let env: HandlerEnv;
beforeAll(async () => {
  env = await startHandlerEnv();
});
afterAll(async () => env.close());

const arn = (journey: string, name: string) => `arn:aws:states:eu-central-1:123456789012:execution:journeys-${journey}:${name}`;
const executions = (query: Record<string, string>) => invoke(handler, { method: 'GET', path: '/executions', query });

describe('GET /executions', () => {
  it('lists the customer executions newest first with their live status', async () => {
    await env.executionLog.recordExecution('c-1', { journey: 'onboarding', id: arn('onboarding', 'onboarding-e1'), name: 'onboarding-e1', startedAt: '2026-11-20T10:00:00Z' });
    await env.executionLog.recordExecution('c-1', { journey: 'incident', id: arn('incident', 'incident-e2'), name: 'incident-e2', startedAt: '2026-11-22T10:00:00Z' });
    await env.executionLog.recordExecution('c-1', { journey: 'post-resolution', id: arn('post-resolution', 'pr-e3'), name: 'pr-e3', startedAt: '2026-11-21T10:00:00Z' });
    env.sfnMock.on(DescribeExecutionCommand).callsFake((input: { executionArn: string }) => {
      if (input.executionArn.endsWith('onboarding-e1')) return { status: 'SUCCEEDED' };
      if (input.executionArn.endsWith('pr-e3')) throw new ExecutionDoesNotExist({ message: 'gone', $metadata: {} });
      return { status: 'RUNNING' };
    });

    const answer = await executions({ customerId: 'c-1' });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      executions: [
        { journey: 'incident', id: arn('incident', 'incident-e2'), status: 'RUNNING', startedAt: '2026-11-22T10:00:00.000Z' },
        { journey: 'post-resolution', id: arn('post-resolution', 'pr-e3'), status: 'UNKNOWN', startedAt: '2026-11-21T10:00:00.000Z' },
        { journey: 'onboarding', id: arn('onboarding', 'onboarding-e1'), status: 'SUCCEEDED', startedAt: '2026-11-20T10:00:00.000Z' },
      ],
    });
  });

  it('describes at most the 20 most recent executions', async () => {
    env.resetMocks();
    for (let i = 0; i < 25; i++) {
      const name = `onboarding-e${i}`;
      await env.executionLog.recordExecution('c-many', { journey: 'onboarding', id: arn('onboarding', name), name, startedAt: new Date(Date.UTC(2026, 10, 1, i)).toISOString() });
    }
    const answer = await executions({ customerId: 'c-many' });
    expect(answer.json.executions).toHaveLength(20);
    expect(answer.json.executions[0].id).toBe(arn('onboarding', 'onboarding-e24'));
    expect(env.sfnMock.commandCalls(DescribeExecutionCommand)).toHaveLength(20);
  });

  it('lists nothing for a customer without executions', async () => {
    expect((await executions({ customerId: 'c-none' })).json).toEqual({ executions: [] });
  });

  it('needs a valid customerId', async () => {
    const answer = await executions({});
    expect(answer.status).toBe(400);
    expect(answer.json.error.issues).toEqual([{ path: 'customerId', message: 'required' }]);
  });
});
