/**
 * Changing live journeys, through the local runtime: versions kept across a definition change and a restart,
 * routing and rollback of the alias live, pause (queue / drop, the 14-day cap, ending by itself), stop (drain /
 * now), and who may do it.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../local/engine';
import { dependencies } from '../../functions/handlers/runtime/dependencies';
import { PROFILE, START, signedUp, startTestRuntime, tempDataDir, testTemplateDir, type TestRuntime } from '../support/runtime';

const ONCALL = { authorization: 'Bearer test-oncall-token' };
const DAY = 86_400_000;

interface JourneyAnswer {
  name: string;
  status: string;
  version: number;
  routing: Array<{ version: number; weight: number }>;
  inFlight: Record<string, number>;
  versions: Array<{ version: number; createdAt: string; inFlight: number }>;
  pause?: { until: string; entries: string; reason: string; by: string; at: string };
}

/** The synthesized template with one more state in front of onboarding's first one: a definition change. */
function onboardingV2(templateDir: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'journeys-template-v2-'));
  cpSync(templateDir, dir, { recursive: true });
  const file = join(dir, 'Journeys.template.json');
  const template = JSON.parse(readFileSync(file, 'utf8')) as { Resources: Record<string, { Type: string; Properties: { DefinitionString: { 'Fn::Join': [string, unknown[]] } } }> };
  const [id, machine] = Object.entries(template.Resources).find(([key, r]) => r.Type === 'AWS::StepFunctions::StateMachine' && key.includes('onboarding'))!;
  const parts = machine.Properties.DefinitionString['Fn::Join'][1];
  const first = parts[0] as string;
  expect(first.startsWith('{"StartAt":"Welcome","States":{'), id).toBe(true);
  parts[0] = first.replace('{"StartAt":"Welcome","States":{', '{"StartAt":"Welcome v2","States":{"Welcome v2":{"Type":"Pass","Next":"Welcome"},');
  writeFileSync(file, JSON.stringify(template));
  return dir;
}

let customerSeq = 0;
async function signUp(rt: TestRuntime, customerId: string, eventId?: string): Promise<void> {
  const phone = `+4219005${String(++customerSeq).padStart(5, '0')}`;
  expect((await rt.api('PUT', `/profiles/${customerId}`, { ...PROFILE, customerId, email: `${customerId}@example.com`, phone })).status).toBe(200);
  expect((await rt.api('POST', '/events', signedUp(customerId, eventId))).status).toBe(202);
  await rt.idle();
}

async function onboardingExecutions(rt: TestRuntime, customerId: string) {
  const { executions } = await rt.engine.listExecutions({ stateMachineArn: rt.stateMachineArns.onboarding as string, maxResults: 1000 });
  return Promise.all(executions.filter((e) => e.name.includes(customerId)).map((e) => rt.engine.describeExecution(e.executionArn)));
}

async function statesOf(rt: TestRuntime, executionArn: string): Promise<string[]> {
  const { events } = await rt.engine.getExecutionHistory(executionArn, { maxResults: 1000 });
  return events.flatMap((event) => event.stateEnteredEventDetails?.name ?? []);
}

async function journey(rt: TestRuntime, name = 'onboarding'): Promise<JourneyAnswer> {
  const answer = await rt.api('GET', `/journeys/${name}`, undefined, ONCALL);
  expect(answer.status).toBe(200);
  return answer.body as JourneyAnswer;
}

describe('a definition change while customers are inside', () => {
  let rt: TestRuntime;
  const clock = VirtualClock.manual(START);
  const dataDir = tempDataDir();

  afterAll(async () => {
    await rt?.stop();
  });

  // Two runtime starts and a month of virtual time for five customers.
  it('customers on v1 finish on v1 across a restart; new customers run v2; rollback sends new ones to v1', { timeout: 180_000 }, async () => {
    const v1Template = await testTemplateDir();
    rt = await startTestRuntime({ dataDir, clock, templateDir: v1Template });
    for (const id of ['c-v1-a', 'c-v1-b', 'c-v1-c']) await signUp(rt, id);
    const before = await journey(rt);
    expect(before).toMatchObject({ status: 'running', version: 1, routing: [{ version: 1, weight: 100 }], inFlight: { '1': 3 } });

    await rt.stop();
    rt = await startTestRuntime({ dataDir, clock, templateDir: onboardingV2(v1Template) });
    await rt.idle();
    expect(rt.restarted).toHaveLength(3);
    const after = await journey(rt);
    expect(after.version).toBe(2);
    expect(after.routing).toEqual([{ version: 2, weight: 100 }]);
    expect(after.versions.map(({ version, inFlight }) => ({ version, inFlight }))).toEqual([
      { version: 2, inFlight: 0 },
      { version: 1, inFlight: 3 },
    ]);

    await signUp(rt, 'c-v2-a');
    const [fresh] = await onboardingExecutions(rt, 'c-v2-a');
    expect(fresh?.stateMachineVersionArn).toBe(`${rt.stateMachineArns.onboarding}:2`);
    expect(fresh?.stateMachineAliasArn).toBe(rt.aliasArns.onboarding);
    expect(await statesOf(rt, fresh!.executionArn)).toContain('Welcome v2');

    // Rollback: new entries go to v1 again; nobody already inside moves.
    const rolledBack = await rt.api('PUT', '/journeys/onboarding/routing', { routing: [{ version: 1, weight: 100 }] }, ONCALL);
    expect(rolledBack.status).toBe(200);
    expect((rolledBack.body as JourneyAnswer).routing).toEqual([{ version: 1, weight: 100 }]);
    await signUp(rt, 'c-after-rollback');
    const [back] = await onboardingExecutions(rt, 'c-after-rollback');
    expect(back?.stateMachineVersionArn).toBe(`${rt.stateMachineArns.onboarding}:1`);

    await clock.advance(30 * DAY);
    await rt.idle();
    for (const id of ['c-v1-a', 'c-v1-b', 'c-v1-c']) {
      const restarted = (await onboardingExecutions(rt, id)).find((e) => e.name.endsWith('-r1'))!;
      expect(restarted.status, id).toBe('SUCCEEDED');
      expect(restarted.stateMachineVersionArn).toBe(`${rt.stateMachineArns.onboarding}:1`);
      const states = await statesOf(rt, restarted.executionArn);
      expect(states[0]).toBe('Welcome');
      expect(states).not.toContain('Welcome v2');
    }
    expect((await journey(rt)).inFlight).toEqual({});
  });
});

describe('routing, pause and stop', () => {
  let rt: TestRuntime;
  const clock = VirtualClock.manual(START);

  beforeAll(async () => {
    rt = await startTestRuntime({ dataDir: null, clock });
  });
  afterAll(async () => {
    await rt?.stop();
  });

  it('answers 401 without credentials and 403 to a caller who is neither ops nor on call; nothing changes', async () => {
    expect((await rt.api('GET', '/journeys')).status).toBe(401);
    expect((await rt.api('PUT', '/journeys/onboarding/pause', { reason: 'x' }, { authorization: 'Bearer not-the-token' })).status).toBe(403);
    expect((await journey(rt)).status).toBe('running');
    const all = await rt.api('GET', '/journeys', undefined, ONCALL);
    expect((all.body as { journeys: JourneyAnswer[] }).journeys.map((j) => [j.name, j.status, j.version])).toEqual([
      ['onboarding', 'running', 1],
      ['incident', 'running', 1],
      ['crisis', 'running', 1],
      ['post-resolution', 'running', 1],
    ]);
  });

  it('refuses routing to a version that does not exist or weights that do not sum to 100, with field issues', async () => {
    const missing = await rt.api('PUT', '/journeys/onboarding/routing', { routing: [{ version: 7, weight: 100 }] }, ONCALL);
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ error: { issues: [{ path: 'routing.0.version' }] } });
    const sum = await rt.api('PUT', '/journeys/onboarding/routing', { routing: [{ version: 1, weight: 90 }] }, ONCALL);
    expect(sum.status).toBe(400);
    expect((await journey(rt)).routing).toEqual([{ version: 1, weight: 100 }]);
  });

  it('queues entries while paused and starts each once, in order, on resume', async () => {
    const paused = await rt.api('PUT', '/journeys/onboarding/pause', { entries: 'queue', reason: 'copy review' }, ONCALL);
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ status: 'paused', pause: { entries: 'queue', reason: 'copy review', until: new Date(clock.now() + 14 * DAY).toISOString() } });
    await signUp(rt, 'c-queued-1');
    await signUp(rt, 'c-queued-2');
    // A redelivered event is still one queued entry.
    expect((await rt.api('POST', '/events', signedUp('c-queued-1'))).status).toBe(202);
    await rt.idle();
    expect(await onboardingExecutions(rt, 'c-queued-1')).toEqual([]);

    const resumed = await rt.api('DELETE', '/journeys/onboarding/pause', undefined, ONCALL);
    expect(resumed.status).toBe(200);
    expect((resumed.body as JourneyAnswer).status).toBe('running');
    await rt.idle();
    const first = await onboardingExecutions(rt, 'c-queued-1');
    const second = await onboardingExecutions(rt, 'c-queued-2');
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(1);
    expect(first[0]!.startDate.getTime()).toBeLessThanOrEqual(second[0]!.startDate.getTime());
    // Resuming again starts nothing twice.
    await rt.api('DELETE', '/journeys/onboarding/pause', undefined, ONCALL);
    await rt.idle();
    expect(await onboardingExecutions(rt, 'c-queued-1')).toHaveLength(1);
  });

  it('drops entries with the reason recorded, caps a pause at 14 days, and ends a pause by itself at until', async () => {
    const tooLong = await rt.api('PUT', '/journeys/onboarding/pause', { until: new Date(clock.now() + 15 * DAY).toISOString(), reason: 'too long' }, ONCALL);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toMatchObject({ error: { issues: [{ path: 'until' }] } });
    expect((await journey(rt)).status).toBe('running');

    const until = new Date(clock.now() + 2 * DAY).toISOString();
    expect((await rt.api('PUT', '/journeys/onboarding/pause', { until, entries: 'drop', reason: 'legal hold' }, ONCALL)).status).toBe(200);
    await signUp(rt, 'c-dropped');
    expect(await onboardingExecutions(rt, 'c-dropped')).toEqual([]);
    const trail = await dependencies().journeyControl.auditTrail('onboarding');
    const dropped = trail.find((entry) => entry.action === 'entry-dropped' && entry.detail.customerId === 'c-dropped');
    expect(dropped?.detail.reason).toBe(`onboarding is paused until ${until} by arn:aws:sts::000000000000:assumed-role/JourneysOnCall/local: legal hold`);
    expect(trail.filter((entry) => entry.action === 'pause').map((entry) => entry.actor)).toContain('arn:aws:sts::000000000000:assumed-role/JourneysOnCall/local');

    await clock.advance(2 * DAY);
    await rt.idle();
    expect((await journey(rt)).status).toBe('running');
    await signUp(rt, 'c-after-pause');
    expect(await onboardingExecutions(rt, 'c-after-pause')).toHaveLength(1);
  });

  it('stop drain takes no new entries and shows draining until the last customer ends; resume reopens it', async () => {
    await signUp(rt, 'c-incident-1');
    const incident = (id: string, customerId: string) => ({ id, type: 'incident.opened', occurredAt: START, source: 'tests', customerId, data: { incidentId: id, severity: 'major', title: 'Slow card payments' } });
    expect((await rt.api('POST', '/events', incident('INC-drain-1', 'c-incident-1'))).status).toBe(202);
    await rt.idle();
    const before = await journey(rt, 'incident');
    expect(Object.values(before.inFlight).reduce((a, b) => a + b, 0)).toBe(1);

    const draining = await rt.api('POST', '/journeys/incident/stop', { mode: 'drain', reason: 'retiring the old incident flow' }, ONCALL);
    expect(draining.status).toBe(200);
    expect((draining.body as JourneyAnswer).status).toBe('draining');
    expect((await rt.api('POST', '/events', incident('INC-drain-2', 'c-incident-1'))).status).toBe(202);
    await rt.idle();
    const { executions } = await rt.engine.listExecutions({ stateMachineArn: rt.stateMachineArns.incident as string });
    expect(executions.some((e) => e.name.includes('INC-drain-2'))).toBe(false);

    // The incident ends for the customer when it is resolved: the last one inside finishes.
    expect((await rt.api('POST', '/events', { id: 'INC-drain-1-resolved', type: 'incident.resolved', occurredAt: START, source: 'tests', customerId: 'c-incident-1', data: { incidentId: 'INC-drain-1' } })).status).toBe(202);
    await rt.idle();
    await clock.advance(3 * DAY);
    await rt.idle();
    const after = await journey(rt, 'incident');
    expect(after.inFlight).toEqual({});
    expect(after.status).toBe('stopped');
    expect((await rt.api('DELETE', '/journeys/incident/pause', undefined, ONCALL)).status).toBe(200);
    expect((await journey(rt, 'incident')).status).toBe('running');
  });

  it('stop now stops every running execution with the reason', async () => {
    for (const id of ['c-stop-1', 'c-stop-2']) await signUp(rt, id);
    const stopped = await rt.api('POST', '/journeys/onboarding/stop', { mode: 'now', reason: 'wrong discount in tip 2' }, ONCALL);
    expect(stopped.status).toBe(200);
    expect(stopped.body).toMatchObject({ status: 'stopped', inFlight: {} });
    await rt.idle();
    for (const id of ['c-stop-1', 'c-stop-2']) {
      const [execution] = await onboardingExecutions(rt, id);
      expect(execution).toMatchObject({ status: 'ABORTED', error: 'Journeys.Stopped' });
      expect(execution?.cause).toContain('wrong discount in tip 2');
    }
    await signUp(rt, 'c-after-stop');
    expect(await onboardingExecutions(rt, 'c-after-stop')).toEqual([]);
  });
});
