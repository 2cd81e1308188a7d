/**
 * `journeys list|versions|route|rollback|pause|resume|stop` against the real local runtime: a deploy (a new
 * onboarding version), a canary, a rollback, a pause and a stop, as an ops person types them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../../support/runtime';
import { run } from './support';

let rt: TestRuntime;
const OPS_TOKEN = 'ops-secret-for-tests';
let previousOpsToken: string | undefined;
const cli = (...argv: string[]) => run(['--endpoint', rt.url, ...argv], { env: { JOURNEYS_OPS_TOKEN: OPS_TOKEN }, columns: 160 });

beforeAll(async () => {
  previousOpsToken = process.env.JOURNEYS_OPS_TOKEN;
  process.env.JOURNEYS_OPS_TOKEN = OPS_TOKEN;
  rt = await startTestRuntime({ dataDir: null });
  // A deploy of a changed onboarding: one more state in front, published as version 2 (live moves at once).
  const arn = rt.stateMachineArns.onboarding as string;
  const definition = JSON.parse((await rt.engine.describeStateMachine(arn)).definition) as { StartAt: string; States: Record<string, unknown> };
  const changed = { ...definition, StartAt: 'Welcome v2', States: { 'Welcome v2': { Type: 'Pass', Next: definition.StartAt }, ...definition.States } };
  const { stateMachineVersionArn } = await rt.engine.updateStateMachine({ stateMachineArn: arn, definition: JSON.stringify(changed), publish: true });
  await rt.engine.updateStateMachineAlias({ stateMachineAliasArn: rt.aliasArns.onboarding as string, routingConfiguration: [{ stateMachineVersionArn: stateMachineVersionArn as string, weight: 100 }] });
});

afterAll(async () => {
  await rt?.stop();
  if (previousOpsToken === undefined) delete process.env.JOURNEYS_OPS_TOKEN;
  else process.env.JOURNEYS_OPS_TOKEN = previousOpsToken;
});

describe('journeys lifecycle commands', () => {
  it('list shows every journey with its status, newest version and routing', async () => {
    const { code, stdout } = await cli('list');
    expect(code).toBe(0);
    expect(stdout).toMatch(/onboarding\s+running\s+2\s+v2 100%\s+none/);
    expect(stdout).toMatch(/crisis\s+running\s+1\s+v1 100%/);
  });

  it('route sets a canary, versions shows it, rollback sends everything to the version before', async () => {
    const canary = await cli('route', 'onboarding', '--weight', '2=10', '--weight', '1=90');
    expect(canary.code).toBe(0);
    expect(canary.stdout).toContain('v2 10%, v1 90%');
    const versions = await cli('versions', 'onboarding');
    expect(versions.stdout).toMatch(/VERSION\s+CREATED\s+IN FLIGHT/);
    expect(versions.stdout).toMatch(/\n\s*2\s+\S.*\s0\n/);
    const rolledBack = await cli('rollback', 'onboarding');
    expect(rolledBack.code).toBe(0);
    expect(rolledBack.stdout).toContain('v1 100%');
    const live = await rt.engine.describeStateMachineAlias(rt.aliasArns.onboarding as string);
    expect(live.routingConfiguration).toEqual([{ stateMachineVersionArn: `${rt.stateMachineArns.onboarding}:1`, weight: 100 }]);
    // v1 is the oldest: nothing to roll back to from there.
    const none = await cli('rollback', 'onboarding');
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no version older than 1');
  });

  it('pause --for, resume and stop --drain print the journey; usage errors exit 2', async () => {
    const paused = await cli('pause', 'onboarding', '--for', '3d', '--entries', 'drop', '--reason', 'copy review');
    expect(paused.code).toBe(0);
    const until = new Date(rt.clock.now() + 3 * 86_400_000).toISOString();
    expect(paused.stdout).toMatch(/status:\s+paused/);
    expect(paused.stdout).toContain('(drop entries)');
    expect(paused.stdout).toContain('copy review');
    expect(((await rt.api('GET', '/journeys/onboarding', undefined, { authorization: `Bearer ${OPS_TOKEN}` })).body as { pause: { until: string } }).pause.until).toBe(until);
    expect((await cli('resume', 'onboarding')).stdout).toMatch(/status:\s+running/);
    expect((await cli('stop', 'onboarding', '--reason', 'x')).code).toBe(2);
    expect((await cli('pause', 'onboarding', '--for', 'soon', '--reason', 'x')).code).toBe(2);
    const drained = await cli('stop', 'post-resolution', '--drain', '--reason', 'survey retired');
    expect(drained.code).toBe(0);
    expect(drained.stdout).toMatch(/status:\s+stopped/);
    expect(drained.stdout).toContain('survey retired');
  });

  it('without a token the API refuses and the CLI says so', async () => {
    const { code, stderr } = await run(['--endpoint', rt.url, 'list'], { env: {} });
    expect(code).toBe(1);
    expect(stderr).toMatch(/401|credentials/i);
  });
});
