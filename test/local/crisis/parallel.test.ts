/**
 * A broadcast in parallel shard groups (BROADCAST_PARALLELISM=4): the plan splits the 16 shards of the segment
 * index into 4 groups and the journey's Map runs one loop per group, each paced to a quarter of the quota. Through
 * the real local runtime: every recipient gets the message exactly once, the progress the groups add to
 * concurrently sums exactly, an update stops every group, and a restart mid-broadcast loses and repeats nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shardOf } from '../../../functions/adapters/keys';
import type { Profile } from '../../../functions/domain/model/profile';
import { mapLimit } from '../../../functions/handlers/runtime/concurrency';
import { dependencies } from '../../../functions/handlers/runtime/dependencies';
import { VirtualClock, type HistoryEvent } from '../../../local/engine';
import { eventually, startTestRuntime, tempDataDir, type TestRuntime } from '../../support/runtime';
import { declare, executions, phoneOf, profile, update } from './support';

const T0 = '2026-11-23T10:00:00.000Z';
const ALERT = 'Card payments are failing in every region.';
const UPDATE = 'Card payments work again in the EU; the US follows.';
const GROUPS = [
  [0, 3],
  [4, 7],
  [8, 11],
  [12, 15],
] as const;

let runtime: TestRuntime | undefined;
beforeEach(() => {
  process.env.BROADCAST_PARALLELISM = '4';
});
afterEach(async () => {
  await runtime?.stop();
  runtime = undefined;
  delete process.env.BROADCAST_PARALLELISM;
});

async function start(dataDir: string | null): Promise<TestRuntime> {
  runtime = await startTestRuntime({ dataDir, clock: VirtualClock.manual(T0) });
  return runtime;
}

async function seed(region: string, n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, (_, i) => `${region}-${String(i).padStart(4, '0')}`);
  await mapLimit(ids, 16, (id) => dependencies().profiles.putProfile({ customerId: id, ...profile({ id, region, email: null }) } as unknown as Profile));
  return ids;
}

const declaration = (region: string) => ({ severity: 'sev1', headline: 'Payments outage', message: { en: ALERT }, affected: { region: [region] }, cadenceMinutes: 240 });

/** SMS containing `text` per recipient, in `ids` order. */
function perRecipient(rt: TestRuntime, ids: readonly string[], text: string): number[] {
  const counts = new Map<string, number>();
  for (const m of rt.outbox.list({ channel: 'sms' })) if (m.channel === 'sms' && m.body.includes(text)) counts.set(m.to, (counts.get(m.to) ?? 0) + 1);
  return ids.map((id) => counts.get(phoneOf(id)) ?? 0);
}

const groupOf = (id: string) => GROUPS.findIndex(([first, last]) => shardOf(id) >= first && shardOf(id) <= last);

async function progress(rt: TestRuntime) {
  return ((await rt.api('GET', '/crisis')).body as { broadcast?: Record<string, unknown> }).broadcast;
}

async function history(rt: TestRuntime, executionArn: string): Promise<HistoryEvent[]> {
  return (await rt.engine.getExecutionHistory(executionArn, { maxResults: 1000 })).events;
}

describe('a broadcast in parallel shard groups', () => {
  it('reaches every recipient exactly once, one loop per group, with the progress summed exactly', async () => {
    const rt = await start(null);
    const ids = await seed('par', 400);
    // Every group has recipients (400 over 16 shards), so four loops really run side by side.
    expect(new Set(ids.map(groupOf))).toEqual(new Set([0, 1, 2, 3]));
    expect((await declare(rt, declaration('par'))).status).toBe(200);
    // Progress while the groups run: never more than the audience, never finished early.
    const seen: Array<Record<string, unknown>> = [];
    await eventually(async () => {
      const p = await progress(rt);
      if (p) seen.push(p);
      return p?.finishedAt !== undefined;
    }, 30_000);
    await rt.idle();

    const alerts = perRecipient(rt, ids, ALERT);
    console.log(`[crisis parallel] 4 groups: sent ${alerts.filter((n) => n === 1).length} of 400, duplicated ${alerts.filter((n) => n > 1).length}, lost ${alerts.filter((n) => n === 0).length}`);
    expect(alerts).toEqual(ids.map(() => 1));
    expect(await progress(rt)).toMatchObject({ kind: 'alert', round: 0, total: 400, sent: 400, failed: 0, skipped: 0, remaining: 0, finishedAt: expect.any(String) });
    for (const p of seen) expect(Number(p.sent) + Number(p.remaining)).toBe(400);

    const [execution] = await executions(rt, 'crisis', 'RUNNING');
    const events = await history(rt, execution!.executionArn);
    expect(events.filter((e) => e.type === 'MapIterationStarted').map((e) => e.mapIterationStartedEventDetails)).toEqual(
      GROUPS.map((_, index) => ({ name: 'Broadcast alert', index })),
    );
    const scheduled = events.filter((e) => e.type === 'LambdaFunctionScheduled').map((e) => JSON.parse(e.lambdaFunctionScheduledEventDetails?.input ?? '{}') as Record<string, unknown>);
    expect(scheduled.filter((input) => input.plan === true)).toHaveLength(1);
    const loops = scheduled.filter((input) => input.shards !== undefined);
    expect(new Set(loops.map((input) => JSON.stringify(input.shards)))).toEqual(new Set(GROUPS.map(([first, last]) => JSON.stringify({ first, last }))));
  }, 60_000);

  it('an update stops every group at its next page; the update reaches everyone once', async () => {
    const rt = await start(null);
    const ids = await seed('parsup', 600);
    expect((await declare(rt, declaration('parsup'))).status).toBe(200);
    // 100 messages/s shared by four groups: about 6 s for everyone; change it after about one.
    await eventually(() => rt.outbox.size >= 100, 20_000);
    expect((await update(rt, { message: { en: UPDATE } }, 1)).status).toBe(200);
    await rt.idle();

    const alerts = perRecipient(rt, ids, ALERT);
    const updates = perRecipient(rt, ids, UPDATE);
    const alertedPerGroup = GROUPS.map((_, g) => ids.filter((id, i) => groupOf(id) === g && alerts[i] === 1).length);
    const sizes = GROUPS.map((_, g) => ids.filter((id) => groupOf(id) === g).length);
    console.log(`[crisis parallel] alert reached ${alertedPerGroup.join(' + ')} of ${sizes.join(' + ')} before the update; update reached ${updates.filter((n) => n === 1).length}`);
    // Every group had started (paced side by side) and none went on to the end of its shards.
    alertedPerGroup.forEach((alerted, g) => {
      expect(alerted, `group ${g}`).toBeGreaterThan(0);
      expect(alerted, `group ${g}`).toBeLessThan(sizes[g]!);
    });
    expect(Math.max(...alerts)).toBe(1);
    expect(updates).toEqual(ids.map(() => 1));
    expect(await progress(rt)).toMatchObject({ messageVersion: 2, kind: 'update', total: 600, sent: 600, remaining: 0, finishedAt: expect.any(String) });
  }, 60_000);

  it('the runtime restarted mid-broadcast: every group walks again and everyone gets the alert exactly once', async () => {
    const rt = await start(tempDataDir());
    const ids = await seed('parrestart', 500);
    expect((await declare(rt, declaration('parrestart'))).status).toBe(200);
    await eventually(() => rt.outbox.size >= 120, 20_000);
    runtime = await rt.restart();
    const before = perRecipient(runtime, ids, ALERT).filter((n) => n > 0).length;
    expect(before).toBeGreaterThanOrEqual(120);
    expect(before).toBeLessThan(500);
    expect(runtime.restarted).toHaveLength(1);
    await runtime.idle();

    const alerts = perRecipient(runtime, ids, ALERT);
    console.log(`[crisis parallel] restart after ${before} of 500: sent ${alerts.filter((n) => n === 1).length}, duplicated ${alerts.filter((n) => n > 1).length}, lost ${alerts.filter((n) => n === 0).length}`);
    expect(alerts).toEqual(ids.map(() => 1));
    expect(await progress(runtime)).toMatchObject({ kind: 'alert', total: 500, sent: 500, failed: 0, skipped: 0, remaining: 0, finishedAt: expect.any(String) });
  }, 60_000);
});
