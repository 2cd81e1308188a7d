/**
 * Replaying a broadcast for the recipients it failed for: POST /crisis/replay (on-call) and `journeys crisis
 * replay` start an execution of the crisis state machine that walks the failure records only; the send claims keep
 * everyone already reached from getting the message twice. Through the real local runtime.
 *
 * One story in stages (test/support/story.ts): the alert with three failures, its replay, the update with one. Each
 * test reaches the stage it starts from, so it also runs alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Profile } from '../../../functions/domain/model/profile';
import { mapLimit } from '../../../functions/handlers/runtime/concurrency';
import { dependencies } from '../../../functions/handlers/runtime/dependencies';
import { VirtualClock } from '../../../local/engine';
import { startTestRuntime, type TestRuntime } from '../../support/runtime';
import { story } from '../../support/story';
import { run } from '../cli/support';
import { MINUTE, decisionOf, declare, executions, oncall, phoneOf, profile, update } from './support';

const T0 = '2026-11-23T10:00:00.000Z';
const REGION = 'replay';
const ALERT = 'Transfers are delayed. Your money is safe.';
const UPDATE = 'Transfers are moving again, slowly.';
const THROTTLED = { name: 'ThrottledException', status: 429, message: 'Rate exceeded' };

let runtime: TestRuntime;
let ids: string[];

beforeAll(async () => {
  runtime = await startTestRuntime({ dataDir: null, clock: VirtualClock.manual(T0) });
  ids = Array.from({ length: 20 }, (_, i) => `rp-${String(i).padStart(2, '0')}`);
  await mapLimit(ids, 8, (id) => dependencies().profiles.putProfile({ customerId: id, ...profile({ id, region: REGION, email: null }) } as unknown as Profile));
});
afterAll(async () => {
  await runtime?.stop();
});

/** How many SMS containing `text` each recipient got. */
function received(text: string): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(ids.map((id) => [id, 0]));
  const byPhone = new Map(ids.map((id) => [phoneOf(id), id]));
  for (const m of runtime.outbox.list({ channel: 'sms' })) {
    const id = byPhone.get(m.to);
    if (id && m.channel === 'sms' && m.body.includes(text)) counts[id]! += 1;
  }
  return counts;
}
const everyoneOnce = () => Object.fromEntries(ids.map((id) => [id, 1]));
const progress = async () => ((await runtime.api('GET', '/crisis')).body as { broadcast?: Record<string, unknown> }).broadcast;
const cli = (...args: string[]) => run(['--endpoint', runtime.url, ...args], { env: { JOURNEYS_ONCALL_TOKEN: runtime.oncallToken } });

const VICTIMS = [3, 11, 17].map((i) => `rp-${String(i).padStart(2, '0')}`);

const stages = story({
  /** The alert, with three recipients throttled past every retry. */
  alerted: async () => {
    for (const id of VICTIMS) runtime.faults.sns.failFor(phoneOf(id), THROTTLED);
    const declared = await declare(runtime, { severity: 'sev1', headline: 'Transfers delayed', message: { en: ALERT }, affected: { region: [REGION] }, cadenceMinutes: 240 });
    expect(declared.status).toBe(200);
    await runtime.idle();
  },
  /** The provider recovered; on-call replays the alert for its failed recipients. */
  replayed: async () => {
    runtime.faults.clear();
    const answer = await runtime.api('POST', '/crisis/replay', {}, oncall(runtime));
    await runtime.idle();
    return answer;
  },
});

describe('replaying the failed recipients of a broadcast', () => {
  it('records recipients whose send failed (throttled past every retry), with the reason', async () => {
    await stages.reach('alerted');

    expect(await progress()).toMatchObject({ kind: 'alert', total: 20, sent: 17, failed: 3, remaining: 0 });
    const counts = received(ALERT);
    expect(ids.filter((id) => counts[id] === 0).sort()).toEqual([...VICTIMS].sort());
    const failed = await decisionOf(runtime, VICTIMS[0]!, 'alert-v1');
    expect(failed).toMatchObject({ outcome: 'failed', reasonCodes: ['allowed', 'provider_failure'] });
    expect(failed?.reasons.at(-1)).toMatch(/^channel sms failed: sms provider failed with ThrottledException/);
  }, 60_000); // each throttled send is retried by the SDK and by the broadcast, with backoff

  it('POST /crisis/replay is for on-call only', async () => {
    expect((await runtime.api('POST', '/crisis/replay', {})).status).toBe(401);
    expect((await runtime.api('POST', '/crisis/replay', {}, { authorization: 'Bearer nope' })).status).toBe(403);
    const bad = await runtime.api('POST', '/crisis/replay', { kind: 'everything' }, oncall(runtime));
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { issues: [expect.objectContaining({ path: 'kind' })] } });
  });

  it('replays the last broadcast for the failed recipients only: each gets it once, nobody twice', async () => {
    const answer = await stages.reach('replayed');
    expect(answer.status).toBe(202);
    const body = answer.body as { replay: { crisisId: string; version: number; kind: string; round: number }; failures: number; execution: string };
    expect(body).toMatchObject({ replay: { version: 1, kind: 'alert', round: 0 }, failures: 3, execution: expect.stringMatching(/^crisis-.*-replay-v1-alert-0-/) });

    expect(received(ALERT)).toEqual(everyoneOnce());
    expect(await progress()).toMatchObject({ kind: 'alert', total: 20, sent: 20, failed: 0, remaining: 0 });
    expect(await decisionOf(runtime, VICTIMS[0]!, 'alert-v1')).toMatchObject({ outcome: 'sent', channel: 'sms' });
    const replays = (await executions(runtime, 'crisis')).filter((e) => e.name === body.execution);
    expect(replays).toMatchObject([{ status: 'SUCCEEDED' }]);

    // Nothing left to replay: no execution is started.
    const again = await runtime.api('POST', '/crisis/replay', {}, oncall(runtime));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ failures: 0, execution: null });
    expect(received(ALERT)).toEqual(everyoneOnce());
  }, 60_000);

  it('`journeys crisis replay` replays the update broadcast on-call names, and `crisis status` shows the progress', async () => {
    await stages.reach('replayed');
    await runtime.clock.advance(10 * MINUTE);
    runtime.faults.sns.failFor(phoneOf(ids[5]!), THROTTLED);
    expect((await update(runtime, { message: { en: UPDATE } }, 1)).status).toBe(200);
    await runtime.idle();
    expect(await progress()).toMatchObject({ kind: 'update', messageVersion: 2, round: 1, sent: 19, failed: 1 });

    const status = await cli('crisis', 'status', '--audit', '0');
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('update of version 2, round 1: 19 sent, 1 failed, 0 skipped, 0 remaining of 20');
    expect(status.stdout).toContain('crisis replay');

    runtime.faults.clear();
    const replayed = await cli('crisis', 'replay');
    expect(replayed.stderr).toBe('');
    expect(replayed.code).toBe(0);
    expect(replayed.stdout).toContain('replaying the update of version 2, round 1 for 1 failed recipient');
    await runtime.idle();
    expect(received(UPDATE)).toEqual(everyoneOnce());
    expect(received(ALERT)).toEqual(everyoneOnce());
    expect(await progress()).toMatchObject({ kind: 'update', sent: 20, failed: 0, remaining: 0 });

    const nothing = await cli('crisis', 'replay', '--message-version', '1', '--kind', 'alert');
    expect(nothing.code).toBe(0);
    expect(nothing.stdout).toContain('nothing to replay');
    const wrong = await cli('crisis', 'replay', '--kind', 'sometimes');
    // Invalid input (exit code 1: fix the request), naming the option.
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('--kind');
  }, 90_000);
});
