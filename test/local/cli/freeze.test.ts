/**
 * `journeys freeze|unfreeze` against the real local runtime, as an ops person types them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../../support/runtime';
import { run } from './support';

let rt: TestRuntime;
const OPS_TOKEN = 'ops-secret-for-freeze-tests';
let previousOpsToken: string | undefined;
const cli = (...argv: string[]) => run(['--endpoint', rt.url, ...argv], { env: { JOURNEYS_OPS_TOKEN: OPS_TOKEN }, columns: 160 });

beforeAll(async () => {
  previousOpsToken = process.env.JOURNEYS_OPS_TOKEN;
  process.env.JOURNEYS_OPS_TOKEN = OPS_TOKEN;
  rt = await startTestRuntime({ dataDir: null });
});

afterAll(async () => {
  await rt?.stop();
  if (previousOpsToken === undefined) delete process.env.JOURNEYS_OPS_TOKEN;
  else process.env.JOURNEYS_OPS_TOKEN = previousOpsToken;
});

describe('journeys freeze and unfreeze', () => {
  it('freeze --for prints the freeze until then, --status shows it, unfreeze lifts it; --reason is required', async () => {
    const frozen = await cli('freeze', '--for', '2d', '--reason', 'brand review after the outage');
    expect(frozen.code).toBe(0);
    expect(frozen.stdout).toMatch(/marketing:\s+frozen/);
    expect(frozen.stdout).toContain('brand review after the outage');
    const until = new Date(rt.clock.now() + 2 * 86_400_000).toISOString();
    expect((await rt.api('GET', '/freeze', undefined, { authorization: `Bearer ${OPS_TOKEN}` })).body).toMatchObject({ active: true, until });
    expect((await cli('freeze', '--status')).stdout).toMatch(/marketing:\s+frozen/);
    const unfrozen = await cli('unfreeze');
    expect(unfrozen.code).toBe(0);
    expect(unfrozen.stdout).toMatch(/marketing:\s+not frozen/);
    expect((await cli('freeze', '--for', '2d')).code).toBe(2);
    expect((await cli('freeze', '--for', '15d', '--reason', 'too long')).code).toBe(1);
  });
});
