/**
 * `journeys dlq list|replay`: output, `--json`, exit codes and errors against a stub of the runtime's /dlq routes;
 * and, against the real runtime, a replay that does not duplicate — a letter whose route had in fact run (route-event
 * timed out after starting the journey), replayed twice, still leaves one journey and one welcome email.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeadLetter } from '../../../local/dead-letters';
import type { ListedDeadLetter } from '../../../local/http/local-api';
import { PROFILE, signedUp, startTestRuntime, type TestRuntime } from '../../support/runtime';
import { closedPortEndpoint, run, startStubApi, type StubApi } from './support';

const letter = (id: string, overrides: Partial<DeadLetter> = {}): DeadLetter => ({
  routeId: 'start-onboarding-on-customer.signed_up',
  event: { id, type: 'customer.signed_up', occurredAt: '2026-11-23T10:00:00Z', source: 'tests', customerId: 'c-1', data: {} },
  error: { name: 'ServiceUnavailable', message: 'ServiceUnavailable (injected by the local runtime)' },
  attempts: 4,
  at: '2026-11-23T10:00:05.000Z',
  ...overrides,
});

const parkedMessage: ListedDeadLetter = {
  kind: 'message',
  messageId: 'a1b2c3-welcome',
  customerId: 'c-2',
  executionId: 'arn:aws:states:eu-central-1:000000000000:execution:onboarding:onboarding-evt-9',
  journey: 'onboarding',
  step: 'welcome',
  template: 'welcome',
  channel: 'email',
  deliver: {
    executionId: 'arn:aws:states:eu-central-1:000000000000:execution:onboarding:onboarding-evt-9',
    message: { customerId: 'c-2', journey: 'onboarding', step: 'welcome', topic: 'onboarding_tips', category: 'service', template: 'welcome' },
    maxAttempts: 10,
  },
  error: { name: 'TooManyRequestsException', message: 'email provider failed with TooManyRequestsException: slow down' },
  at: '2026-11-23T10:01:00.000Z',
};

describe('journeys dlq (stub API)', () => {
  let api: StubApi;
  let letters: (DeadLetter | ListedDeadLetter)[];
  beforeEach(async () => {
    letters = [
      { kind: 'route', ...letter('evt-1') },
      // Without `kind`, as a runtime older than the message letters answers: a route letter.
      letter('evt-2', { error: { name: 'Sandbox.Timedout', message: 'Task timed out after 30.00 seconds' }, attempts: 3 }),
      parkedMessage,
    ];
    api = await startStubApi({
      'GET /dlq': () => ({ status: 200, body: { deadLetters: letters } }),
      'POST /dlq/replay': () => ({ status: 200, body: { replayed: letters.length, delivered: letters.length, returned: 0 } }),
    });
  });
  afterEach(() => api.close());

  it('lists the letters oldest first: a route letter with route, event id and type, attempts; a message with customer, template, channel; error and time', async () => {
    const result = await run(['--endpoint', api.endpoint, 'dlq', 'list']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('3 dead letters');
    expect(lines[1]).toMatch(/^AT\s+KIND\s+ROUTE\/CUSTOMER\s+EVENT\/TEMPLATE\s+TYPE\/CHANNEL\s+ATTEMPTS\s+ERROR$/);
    expect(lines[2]).toMatch(/^2026-11-23 10:00:05Z\s+route\s+start-onboarding-on-customer\.signed_up\s+evt-1\s+customer\.signed_up\s+4\s+ServiceUnavailable: /);
    expect(lines[3]).toMatch(/route\s+start-onboarding-on-customer\.signed_up\s+evt-2\s+customer\.signed_up\s+3\s+Sandbox\.Timedout: Task timed out after 30\.00 seconds$/);
    expect(lines[4]).toMatch(/^2026-11-23 10:01:00Z\s+message\s+c-2\s+welcome\s+email\s+-\s+TooManyRequestsException: email provider failed with TooManyRequestsException: slow down$/);
    expect(result.stdout).toContain('npx journeys dlq replay');
  });

  it('--limit shows the oldest N and says how many there are; --json gives the letters and the total', async () => {
    const limited = await run(['--endpoint', api.endpoint, 'dlq', 'list', '--limit', '1']);
    expect(limited.stdout.split('\n')[0]).toBe('3 dead letters (the oldest 1 shown)');
    expect(limited.stdout).not.toContain('evt-2');

    const json = await run(['--endpoint', api.endpoint, 'dlq', 'list', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ deadLetters: letters, total: 3 });
  });

  it('says when the queue is empty, and a replay of nothing replays nothing', async () => {
    letters = [];
    expect((await run(['--endpoint', api.endpoint, 'dlq', 'list'])).stdout).toBe('the dead-letter queue is empty\n');
    const replay = await run(['--endpoint', api.endpoint, 'dlq', 'replay']);
    expect(replay).toMatchObject({ code: 0, stdout: 'nothing to replay: the dead-letter queue is empty\n' });
  });

  it('replay prints how many were replayed, delivered and came back', async () => {
    const result = await run(['--endpoint', api.endpoint, 'dlq', 'replay']);
    expect(result).toMatchObject({ code: 0, stderr: '', stdout: 'replayed 3 dead letters: 3 delivered, 0 came back\n' });
    expect(api.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /dlq/replay']);
  });

  it('exits 4 when replayed letters came back (failed again), with a hint, and --json still answers the counts', async () => {
    api.routes.set('POST /dlq/replay', () => ({ status: 200, body: { replayed: 2, delivered: 1, returned: 1 } }));
    const result = await run(['--endpoint', api.endpoint, 'dlq', 'replay']);
    expect(result.code).toBe(4);
    expect(result.stdout).toBe('replayed 2 dead letters: 1 delivered, 1 came back\n');
    expect(result.stderr).toContain('error: 1 of 2 replayed deliveries failed again and are back in the dead-letter queue');
    expect(result.stderr).toContain('hint: see why with `npx journeys dlq list`');

    const json = await run(['--endpoint', api.endpoint, '--json', 'dlq', 'replay']);
    expect(json.code).toBe(4);
    expect(JSON.parse(json.stdout)).toEqual({ replayed: 2, delivered: 1, returned: 1 });
    expect(JSON.parse(json.stderr)).toMatchObject({ error: { code: 'replay_returned', exitCode: 4 } });
  });

  it('explains a 404 (not a local runtime) and an unreachable endpoint, with their exit codes', async () => {
    const deployed = await startStubApi();
    try {
      const result = await run(['--endpoint', deployed.endpoint, 'dlq', 'list']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('this endpoint has no dead-letter queue');
      expect(result.stderr).toContain('hint: a deployment older than GET /dlq has no such route');
    } finally {
      await deployed.close();
    }
    const unreachable = await run(['--endpoint', await closedPortEndpoint(), 'dlq', 'replay']);
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toContain('cannot reach the Journeys API');
  });

  it('refuses a bad --limit as a usage error (exit 2)', async () => {
    const result = await run(['--endpoint', api.endpoint, 'dlq', 'list', '--limit', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Must be a whole number from 1 to 1000');
    expect(api.requests).toEqual([]);
  });
});

describe('journeys dlq replay (real runtime)', () => {
  let runtime: TestRuntime | undefined;
  afterAll(async () => runtime?.stop());

  it('replays a letter whose route had in fact run, twice, without a second journey or a second email', async () => {
    runtime = await startTestRuntime({ dataDir: null, deliveryRetry: { attempts: 2, baseDelayMs: 1 } });
    const rt = runtime;
    const cli = (...args: string[]) => run(['--endpoint', rt.url, 'dlq', ...args]);
    const welcomes = async () => (await rt.inbox.emails()).filter((email) => email.destination.to.includes(PROFILE.email)).length;
    await rt.api('PUT', '/profiles/c-dlq-cli', PROFILE);
    // route-event runs and starts the journey, then "times out": on both attempts of the delivery, and on both
    // attempts of the first replay.
    rt.faults.lambda.timeOutAfterRun('route-event', 4);
    expect((await rt.api('POST', '/events', signedUp('c-dlq-cli'))).status).toBe(202);
    await rt.idle();
    expect(await welcomes()).toBe(1);

    const listed = await cli('list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/evt-c-dlq-cli-signup\s+customer\.signed_up\s+2\s+Sandbox\.Timedout: RequestId: .* Task timed out after/);

    const first = await cli('replay');
    expect(first.code).toBe(4);
    expect(first.stdout).toBe('replayed 1 dead letter: 0 delivered, 1 came back\n');
    const second = await cli('replay');
    expect(second).toMatchObject({ code: 0, stdout: 'replayed 1 dead letter: 1 delivered, 0 came back\n' });
    expect(await cli('replay')).toMatchObject({ code: 0, stdout: 'nothing to replay: the dead-letter queue is empty\n' });
    await rt.idle();

    expect(rt.faults.lambda.fired).toHaveLength(4);
    const { executions } = await rt.engine.listExecutions({ stateMachineArn: rt.stateMachineArns.onboarding as string });
    expect(executions.map((execution) => execution.name)).toEqual(['onboarding-evt-c-dlq-cli-signup']);
    expect(await welcomes()).toBe(1);
  });
});
