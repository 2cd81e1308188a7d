import { CRISIS_STATE_MACHINE, startHandlerEnv, type HandlerEnv } from '../support/handler-env';
import { ExecutionAlreadyExists, SendTaskSuccessCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../functions/handlers/api-crisis';
import { GLOBAL_WAIT_OWNER } from '../../functions/services/signals';
import { DEVELOPER, invoke, LOCAL_ONCALL, ONCALL, type ApiEventInput, type Identity } from '../support/api-events';

let env: HandlerEnv;
beforeAll(async () => {
  env = await startHandlerEnv();
});
afterAll(async () => env.close());
beforeEach(async () => {
  env.resetMocks();
  await env.clear();
});

const declaration = {
  severity: 'sev1',
  headline: 'Payments outage',
  message: { en: 'Card payments are failing. We are on it.', sk: 'Platby kartou nefungujú.' },
  affected: { all: true },
  statusPageUrl: 'https://status.example.com/x',
  cadenceMinutes: 60,
};

const crisisCall = (method: string, options: { body?: unknown; identity?: Identity; headers?: Record<string, string> } = {}) =>
  invoke(handler, { method, path: '/crisis', resource: '/crisis', ...options } as ApiEventInput);
const declare = (identity: Identity = ONCALL) => crisisCall('PUT', { body: declaration, identity });
const update = (body: unknown, ifMatch?: string, identity: Identity = ONCALL) =>
  crisisCall('PUT', { body, identity, ...(ifMatch !== undefined ? { headers: { 'if-match': ifMatch } } : {}) });
const resolve = (body?: unknown, headers?: Record<string, string>) => crisisCall('DELETE', { body, identity: ONCALL, ...(headers ? { headers } : {}) });
const startCalls = () => env.sfnMock.commandCalls(StartExecutionCommand).map((call) => call.args[0].input);
const signals = () => env.sfnMock.commandCalls(SendTaskSuccessCommand).map((call) => ({ token: call.args[0].input.taskToken, output: JSON.parse(call.args[0].input.output ?? '{}') }));
const alreadyExists = () => env.sfnMock.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'Execution Already Exists', $metadata: {} }));
const park = (crisisId: string, token: string) => env.waits.putWait(GLOBAL_WAIT_OWNER, `crisis:${crisisId}`, token, '2026-12-31T00:00:00.000Z');

describe('GET /crisis', () => {
  it('answers {"active": false} with ETag "0" when there never was a crisis', async () => {
    const answer = await crisisCall('GET');
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ active: false });
    expect(answer.headers.etag).toBe('"0"');
  });

  it('answers the active record with its version as the ETag', async () => {
    await declare();
    const answer = await crisisCall('GET');
    expect(answer.json).toMatchObject({ active: true, version: 1, headline: 'Payments outage' });
    expect(answer.headers.etag).toBe('"1"');
  });
});

describe('PUT /crisis: declaring', () => {
  it('declares, records the caller as the actor and starts the crisis journey crisis-<crisisId>', async () => {
    const answer = await declare();
    expect(answer.status).toBe(200);
    expect(answer.headers.etag).toBe('"1"');
    const record = answer.json;
    expect(record).toMatchObject({ ...declaration, active: true, version: 1, declaredBy: ONCALL.userArn, updatedBy: ONCALL.userArn, declaredAt: '2026-11-23T10:00:00.000Z' });
    expect(startCalls()).toEqual([
      {
        stateMachineArn: CRISIS_STATE_MACHINE,
        name: `crisis-${record.id}`,
        input: JSON.stringify({ journey: 'crisis', crisisId: record.id, version: 1, severity: 'sev1', cadenceMinutes: 60, cadenceSeconds: 3600 }),
      },
    ]);
    expect(await env.crisis.audit()).toMatchObject([{ version: 1, action: 'declare', actor: ONCALL.userArn }]);
  });

  it('uses the playbook cadence when the declaration names none', async () => {
    const { cadenceMinutes: _none, ...withoutCadence } = declaration;
    const answer = await crisisCall('PUT', { body: { ...withoutCadence, severity: 'sev2' }, identity: ONCALL });
    expect(answer.status).toBe(200);
    const input = JSON.parse(startCalls()[0]?.input ?? '{}');
    expect(input.cadenceSeconds).toBe(input.cadenceMinutes * 60);
    expect(input.cadenceMinutes).toBe(answer.json.cadenceMinutes);
  });

  it('accepts the local on-call identity', async () => {
    const answer = await declare(LOCAL_ONCALL);
    expect(answer.status).toBe(200);
    expect(answer.json.declaredBy).toBe(LOCAL_ONCALL.userArn);
  });

  it('refuses a second declaration with 409 and starts no second broadcast', async () => {
    await declare();
    const before = await env.snapshot();
    const second = await declare();
    expect(second.status).toBe(409);
    expect(second.json.error.code).toBe('crisis_already_active');
    expect(startCalls()).toHaveLength(1);
    expect(await env.snapshot()).toBe(before);
  });

  it('treats ExecutionAlreadyExists as started (the journey of this crisis is already running)', async () => {
    alreadyExists();
    const answer = await declare();
    expect(answer.status).toBe(200);
  });

  it('is a 502 journey_not_started when the journey cannot start; a change with If-Match then starts it, without a signal', async () => {
    env.sfnMock.on(StartExecutionCommand).rejects(Object.assign(new Error('down'), { name: 'ServiceUnavailable' }));
    const failed = await declare();
    expect(failed.status).toBe(502);
    expect(failed.json.error.code).toBe('journey_not_started');
    expect(failed.json.error.message).toContain('If-Match: "1"');
    const record = await env.crisis.get();
    expect(record).toMatchObject({ active: true, version: 1 });

    env.resetMocks();
    const retried = await update({ headline: 'Payments outage (card payments)' }, '"1"');
    expect(retried.status).toBe(200);
    const [start] = startCalls();
    expect(start?.name).toBe(`crisis-${(record as { id: string }).id}`);
    expect(JSON.parse(start?.input ?? '{}')).toMatchObject({ version: 2 });
    // The new execution broadcasts version 2 first: no signal, and nothing pending for it.
    expect(signals()).toEqual([]);
    expect((await env.snapshot()).includes('SIGNAL#')).toBe(false);
  });

  it('refuses an If-Match on an inactive record other than its version (an update meant for a resolved crisis)', async () => {
    const before = await env.snapshot();
    const answer = await update(declaration, '"4"');
    expect(answer.status).toBe(412);
    expect(answer.json.error.code).toBe('stale_version');
    expect(await env.snapshot()).toBe(before);
    expect(startCalls()).toEqual([]);
  });
});

describe('PUT /crisis: authentication', () => {
  it('is a 401 in the contract shape without an identity, and writes nothing', async () => {
    const answer = await crisisCall('PUT', { body: declaration });
    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    expect(await env.snapshot()).toBe('[]');
    expect(env.externalWrites()).toBe(0);
  });

  it('is a 403 for an identity that is not on call', async () => {
    const answer = await declare(DEVELOPER);
    expect(answer.status).toBe(403);
    expect(answer.json.error.code).toBe('forbidden');
    expect(await env.snapshot()).toBe('[]');
  });

  it.each([
    ['a role whose name contains OnCall', 'arn:aws:sts::123456789012:assumed-role/NotOnCall/eve'],
    ['a read-only variant of it', 'arn:aws:sts::123456789012:assumed-role/OnCallReadOnly/eve'],
    ['the same role name in another account', 'arn:aws:sts::999999999999:assumed-role/JourneysOnCall/eve'],
    ['an IAM user named like the role', 'arn:aws:iam::123456789012:user/JourneysOnCall'],
  ])('is a 403 for %s: only sessions of the stack on-call role are on call', async (_what, userArn) => {
    const answer = await declare({ userArn });
    expect(answer.status).toBe(403);
    expect(answer.json.error.code).toBe('forbidden');
    expect(await env.snapshot()).toBe('[]');
  });

  it('checks the caller before the body: an anonymous invalid body is a 401, not a 400', async () => {
    const answer = await invoke(handler, { method: 'PUT', path: '/crisis', body: '{not json', headers: { 'content-type': 'application/json' } });
    expect(answer.status).toBe(401);
  });
});

describe('PUT /crisis: changing', () => {
  it('applies a change with If-Match, audits it and wakes the journey parked on crisis:<id>', async () => {
    const { json: declared } = await declare();
    await park(declared.id, 'task-token-1');
    alreadyExists();
    const answer = await update({ headline: 'Payments degraded', cadenceMinutes: 30 }, '"1"');
    expect(answer.status).toBe(200);
    expect(answer.headers.etag).toBe('"2"');
    expect(answer.json).toMatchObject({ active: true, version: 2, headline: 'Payments degraded', cadenceMinutes: 30, severity: 'sev1' });
    expect(signals()).toEqual([{ token: 'task-token-1', output: { event: { type: 'crisis.updated', version: 2, cadenceSeconds: 1800 } } }]);
    expect((await env.crisis.audit())[0]).toMatchObject({ version: 2, action: 'update', actor: ONCALL.userArn, change: { headline: 'Payments degraded', cadenceMinutes: 30 } });
  });

  it('keeps the signal for the journey when it has not parked yet', async () => {
    const { json: declared } = await declare();
    alreadyExists();
    expect((await update({ severity: 'sev2' }, '1')).status).toBe(200);
    const pending = await env.waits.takePendingSignals(GLOBAL_WAIT_OWNER, `crisis:${declared.id}`);
    expect(pending).toEqual([{ waitKey: `crisis:${declared.id}`, signalId: 'v2', output: { event: { type: 'crisis.updated', version: 2, cadenceSeconds: 3600 } } }]);
  });

  it('accepts If-Match as "3", 3 and W/"3"', async () => {
    await declare();
    alreadyExists();
    expect((await update({ headline: 'Second' }, '"1"')).json.version).toBe(2);
    expect((await update({ headline: 'Third' }, '2')).json.version).toBe(3);
    expect((await update({ headline: 'Fourth' }, 'W/"3"')).json.version).toBe(4);
  });

  it('is a 412 stale_version for an old version, and changes nothing', async () => {
    await declare();
    alreadyExists();
    await update({ headline: 'Second' }, '"1"');
    const before = await env.snapshot();
    env.sfnMock.resetHistory();
    const answer = await update({ headline: 'Late' }, '"1"');
    expect(answer.status).toBe(412);
    expect(answer.json.error.code).toBe('stale_version');
    expect(await env.snapshot()).toBe(before);
    expect(signals()).toEqual([]);
  });

  it('is a 428 precondition_required without If-Match, naming the version to send', async () => {
    await declare();
    const before = await env.snapshot();
    const answer = await update({ headline: 'No precondition' });
    expect(answer.status).toBe(428);
    expect(answer.json.error.code).toBe('precondition_required');
    expect(answer.json.error.message).toContain('If-Match: "1"');
    expect(await env.snapshot()).toBe(before);
  });

  it('is a 400 for an empty change', async () => {
    await declare();
    const answer = await update({}, '"1"');
    expect(answer.status).toBe(400);
    expect(answer.json.error.code).toBe('validation_failed');
  });
});

describe('DELETE /crisis', () => {
  it('resolves: 200 active:false with the post-mortem link, and wakes the journey for the all-clear', async () => {
    const { json: declared } = await declare();
    await park(declared.id, 'task-token-9');
    const answer = await resolve({ postmortemUrl: 'https://status.example.com/pm/1', message: { en: 'All good again.' } });
    expect(answer.status).toBe(200);
    expect(answer.headers.etag).toBe('"2"');
    expect(answer.json).toMatchObject({ active: false, version: 2, id: declared.id, resolvedBy: ONCALL.userArn, postmortemUrl: 'https://status.example.com/pm/1' });
    expect(signals()).toEqual([
      { token: 'task-token-9', output: { event: { type: 'crisis.resolved', version: 2, postmortemUrl: 'https://status.example.com/pm/1' } } },
    ]);
    expect((await crisisCall('GET')).json.active).toBe(false);
  });

  it('resolves without a body', async () => {
    await declare();
    const answer = await resolve();
    expect(answer.status).toBe(200);
    expect(answer.json.active).toBe(false);
  });

  it('is a 409 no_active_crisis when there is none (resolving twice)', async () => {
    await declare();
    await resolve();
    const before = await env.snapshot();
    const again = await resolve();
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('no_active_crisis');
    expect(await env.snapshot()).toBe(before);
  });

  it('honours an optional If-Match: 412 when stale', async () => {
    await declare();
    const answer = await resolve(undefined, { 'if-match': '"7"' });
    expect(answer.status).toBe(412);
    expect((await resolve(undefined, { 'if-match': '"1"' })).status).toBe(200);
  });

  it('needs on-call credentials', async () => {
    await declare();
    expect((await crisisCall('DELETE')).status).toBe(401);
    expect((await crisisCall('DELETE', { identity: DEVELOPER })).status).toBe(403);
    expect((await env.crisis.get()).active).toBe(true);
  });

  it('lets a new crisis be declared afterwards, with a journey of its own', async () => {
    const first = (await declare()).json;
    await resolve();
    const second = await crisisCall('PUT', { body: declaration, identity: ONCALL, headers: { 'if-match': '"2"' } });
    expect(second.status).toBe(200);
    expect(second.json.version).toBe(3);
    expect(second.json.id).not.toBe(first.id);
    expect(startCalls().map((input) => input.name)).toEqual([`crisis-${first.id}`, `crisis-${second.json.id}`]);
  });
});

describe('GET /crisis/audit', () => {
  it('lists the changes newest first for on-call staff', async () => {
    await declare();
    alreadyExists();
    await update({ headline: 'Second' }, '"1"');
    await resolve();
    const answer = await invoke(handler, { method: 'GET', path: '/crisis/audit', resource: '/crisis/audit', identity: ONCALL, query: { limit: '2' } });
    expect(answer.status).toBe(200);
    expect(answer.json.entries.map((e: { action: string; version: number }) => [e.action, e.version])).toEqual([
      ['resolve', 3],
      ['update', 2],
    ]);
  });

  it('is on-call only', async () => {
    expect((await invoke(handler, { method: 'GET', path: '/crisis/audit', resource: '/crisis/audit' })).status).toBe(401);
    expect((await invoke(handler, { method: 'GET', path: '/crisis/audit', resource: '/crisis/audit', identity: DEVELOPER })).status).toBe(403);
  });
});
