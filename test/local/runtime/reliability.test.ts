/**
 * "Nothing lost" on the laptop: a runtime stopped mid-journey restarts the interrupted execution at the next
 * start and reports it, without sending anything twice; a route delivery that keeps failing lands in the
 * dead-letter queue; provider faults reach the adapters in the provider's own error format.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderRetryableError } from '../../../functions/adapters/provider-errors';
import { SesEmailSender } from '../../../functions/adapters/email-sender';
import { startRuntime } from '../../../local/runtime';
import { PROFILE, signedUp, startTestRuntime, tempDataDir, type TestRuntime } from '../../support/runtime';

let runtime: TestRuntime | undefined;

afterEach(async () => {
  await runtime?.stop();
  runtime = undefined;
});

const welcomeEmails = async (rt: TestRuntime) => (await rt.inbox.emails()).filter((email) => email.destination.to.includes(PROFILE.email));

describe('restart', () => {
  it('restarts an execution interrupted mid-wait, reports it, and does not send its messages again', async () => {
    const dataDir = tempDataDir();
    runtime = await startTestRuntime({ dataDir });
    await runtime.api('PUT', '/profiles/c-restart', PROFILE);
    await runtime.api('POST', '/events', signedUp('c-restart'));
    await runtime.idle();
    expect(await welcomeEmails(runtime)).toHaveLength(1);
    const onboarding = runtime.stateMachineArns.onboarding as string;
    const [parked] = (await runtime.engine.listExecutions({ stateMachineArn: onboarding, statusFilter: 'RUNNING' })).executions;
    expect(parked?.name).toBe('onboarding-evt-c-restart-signup');

    // Stopped while the journey waits (2 days) for the customer's activation.
    runtime = await runtime.restart();

    expect(runtime.restarted).toEqual([{ interrupted: parked?.executionArn, restartedAs: `${parked?.executionArn}-r1` }]);
    expect(await runtime.engine.describeExecution(parked?.executionArn as string)).toMatchObject({ status: 'ABORTED', error: 'Local.RuntimeRestarted' });
    await runtime.idle();
    expect((await runtime.engine.describeExecution(`${parked?.executionArn}-r1`)).status).toBe('RUNNING');
    // The welcome email survived the restart in the inbox, and the restarted journey did not send it again.
    expect(await welcomeEmails(runtime)).toHaveLength(1);
    expect((await runtime.api('GET', '/profiles/c-restart')).status).toBe(200);
    // GET /executions shows both: the interrupted one and its restart, still waiting.
    const listed = await runtime.api('GET', '/executions?customerId=c-restart');
    expect(listed.body).toMatchObject({
      executions: expect.arrayContaining([
        expect.objectContaining({ id: parked?.executionArn, status: 'ABORTED' }),
        expect.objectContaining({ id: `${parked?.executionArn}-r1`, status: 'RUNNING' }),
      ]),
    });
  });

  it('fails to start cleanly when a port is taken, and leaves the process free for the next start', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const taken = (blocker.address() as AddressInfo).port;
    try {
      await expect(startTestRuntime({ dataDir: null, sesPort: taken })).rejects.toThrow(`SES_PORT ${taken}`);
    } finally {
      blocker.close();
    }
    runtime = await startTestRuntime({ dataDir: null });
    expect((await runtime.api('GET', '/health')).status).toBe(200);
  });

  it('allows one runtime per process, with a clear error', async () => {
    runtime = await startTestRuntime({ dataDir: null });
    await expect(startRuntime({ port: 0, sesPort: 0, dataDir: null, quiet: true })).rejects.toThrow(/already running in this process/);
  });
});

describe('dead letters', () => {
  it('parks a route delivery that fails every attempt in GET /dlq, with the route, the event and the error', async () => {
    runtime = await startTestRuntime({ dataDir: null, deliveryRetry: { attempts: 3, baseDelayMs: 1 } });
    runtime.faults.routeEvent.failFor('start-onboarding-on-customer.signed_up', { name: 'RouteUnavailable', status: 500 });
    const event = signedUp('c-dlq');
    const posted = await runtime.api('POST', '/events', event);
    expect(posted.status).toBe(202);
    await runtime.idle();

    const dlq = await runtime.api('GET', '/dlq');
    expect(dlq.status).toBe(200);
    expect(dlq.body).toEqual({
      deadLetters: [
        {
          kind: 'route',
          routeId: 'start-onboarding-on-customer.signed_up',
          event,
          error: { name: 'RouteUnavailable', message: expect.any(String) },
          attempts: 3,
          at: runtime.clock.date().toISOString(),
        },
      ],
    });
    const { executions } = await runtime.engine.listExecutions({ stateMachineArn: runtime.stateMachineArns.onboarding as string });
    expect(executions).toHaveLength(0);

    // Once the cause is gone, POST /dlq/replay delivers the parked events again.
    runtime.faults.clear();
    const replay = await runtime.api('POST', '/dlq/replay');
    expect(replay.body).toEqual({ replayed: 1, delivered: 1, returned: 0 });
    await runtime.idle();
    expect((await runtime.api('GET', '/dlq')).body).toEqual({ deadLetters: [] });
    const after = await runtime.engine.listExecutions({ stateMachineArn: runtime.stateMachineArns.onboarding as string });
    expect(after.executions.map((execution) => execution.name)).toEqual(['onboarding-evt-c-dlq-signup']);
  });

  it('delivers on a later attempt when the failure was transient', async () => {
    runtime = await startTestRuntime({ dataDir: null, deliveryRetry: { attempts: 3, baseDelayMs: 1 } });
    await runtime.api('PUT', '/profiles/c-retry', PROFILE);
    runtime.faults.routeEvent.failNext(2, { name: 'RouteUnavailable', status: 500 });
    await runtime.api('POST', '/events', signedUp('c-retry'));
    await runtime.idle();
    expect(runtime.deadLetters.list()).toEqual([]);
    const { executions } = await runtime.engine.listExecutions({ stateMachineArn: runtime.stateMachineArns.onboarding as string });
    expect(executions.map((execution) => execution.name)).toEqual(['onboarding-evt-c-retry-signup']);
  });
});

describe('email faults', () => {
  it('answers an armed SES fault in SES v2 format in front of the emulator, then lets email through', async () => {
    runtime = await startTestRuntime({ dataDir: null });
    const sender = new SesEmailSender(
      new SESv2Client({ endpoint: runtime.url, region: 'eu-central-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 }),
      { fromAddress: 'Journeys <no-reply@journeys.local>' },
    );
    const message = { to: 'eva@example.com', subject: 'Hello', html: '<p>Hello</p>', text: 'Hello', category: 'service' as const, journey: 'incident', step: 'opened' };
    runtime.faults.ses.failNext(1, { name: 'TooManyRequestsException', status: 429 });
    const throttled = sender.send(message);
    await expect(throttled).rejects.toBeInstanceOf(ProviderRetryableError);
    await expect(throttled).rejects.toMatchObject({ providerCode: 'TooManyRequestsException' });

    const { providerMessageId } = await sender.send(message);
    const emails = await runtime.inbox.emails();
    expect(emails.map((email) => [email.messageId, email.subject])).toEqual([[providerMessageId, 'Hello']]);
  });
});
