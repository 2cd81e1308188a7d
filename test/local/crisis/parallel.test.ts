/**
 * A broadcast in parallel shard groups (BROADCAST_PARALLELISM=4): the plan splits the 16 shards of the segment
 * index into 4 groups and the journey's Map runs one loop per group. Through the real local runtime: every
 * recipient gets the message exactly once, the progress the groups add to concurrently sums exactly, an update
 * stops every group, and a restart mid-broadcast loses and repeats nothing.
 *
 * Nothing here waits on real time: the broadcast is unpaced and "mid-broadcast" is reached by count — each group
 * makes N provider calls and then holds (test/support/broadcast-pacing.ts) — so the figures are exact and the same on
 * a loaded machine as on an idle one.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BroadcastStore } from '../../../functions/adapters/broadcast-store';
import { tableNameFrom } from '../../../functions/adapters/clients';
import { shardOf } from '../../../functions/adapters/keys';
import { dependencies } from '../../../functions/handlers/runtime/dependencies';
import { VirtualClock, type HistoryEvent } from '../../../local/engine';
import { gateEachGroup, restorePacing, runUnpaced } from '../../support/broadcast-pacing';
import { startTestRuntime, tempDataDir, type TestRuntime } from '../../support/runtime';
import { declare, executions, seedSmsCustomers, smsPerRecipient, update } from './support';

const T0 = '2026-11-23T10:00:00.000Z';
const ALERT = 'Card payments are failing in every region.';
const UPDATE = 'Card payments work again in the EU; the US follows.';
const GROUPS = [
  [0, 3],
  [4, 7],
  [8, 11],
  [12, 15],
] as const;
const RANGES = GROUPS.map(([first, last]) => ({ first, last }));

let runtime: TestRuntime | undefined;
beforeEach(() => {
  process.env.BROADCAST_PARALLELISM = '4';
  runUnpaced();
});
afterEach(async () => {
  await runtime?.stop();
  runtime = undefined;
  delete process.env.BROADCAST_PARALLELISM;
  restorePacing();
});

async function start(dataDir: string | null): Promise<TestRuntime> {
  runtime = await startTestRuntime({ dataDir, clock: VirtualClock.manual(T0) });
  return runtime;
}

const declaration = (region: string) => ({ severity: 'sev1', headline: 'Payments outage', message: { en: ALERT }, affected: { region: [region] }, cadenceMinutes: 240 });

const groupOf = (id: string) => GROUPS.findIndex(([first, last]) => shardOf(id) >= first && shardOf(id) <= last);

/**
 * A group that made `calls` provider calls and holds the next one is in the page (one shard here: fewer than 200
 * recipients each) where its recipient number `calls + 1` is, walking its shards in order. `done`: the recipients of
 * the pages before it (recorded in the progress); `once it ends`: with that page (the alert reaches them all).
 */
function heldPage(ids: readonly string[], group: number, calls: number): { done: number; onceItEnds: number } {
  const [first, last] = GROUPS[group]!;
  let done = 0;
  for (let shard = first; shard <= last; shard++) {
    const size = ids.filter((id) => shardOf(id) === shard).length;
    if (done + size > calls) return { done, onceItEnds: done + size };
    done += size;
  }
  throw new Error(`group ${group} has no more than ${calls} recipients`);
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

async function progress(rt: TestRuntime) {
  return ((await rt.api('GET', '/crisis')).body as { broadcast?: Record<string, unknown> }).broadcast;
}

async function history(rt: TestRuntime, executionArn: string): Promise<HistoryEvent[]> {
  return (await rt.engine.getExecutionHistory(executionArn, { maxResults: 1000 })).events;
}

describe('a broadcast in parallel shard groups', () => {
  it('reaches every recipient exactly once, one loop per group, with the progress summed exactly', async () => {
    const rt = await start(null);
    const ids = await seedSmsCustomers('par', 200);
    // Every group has recipients (200 over 16 shards), so four loops really run side by side.
    expect(new Set(ids.map(groupOf))).toEqual(new Set([0, 1, 2, 3]));
    // Each group sends 15 and holds: all four loops are mid-broadcast at once.
    const gate = gateEachGroup(15);
    const declared = await declare(rt, declaration('par'));
    expect(declared.status).toBe(200);
    await gate.allHolding(RANGES);
    // The counters the four groups add to concurrently hold exactly the pages each has finished.
    const store = new BroadcastStore(dependencies().doc, { tableName: tableNameFrom() });
    const key = { crisisId: (declared.body as { id: string }).id, version: 1, kind: 'alert', round: 0 } as const;
    // (Each group holds in its second shard: the first shards of the four groups hash 14, 11, 10 and 15 of these ids.)
    expect(GROUPS.map((_, g) => heldPage(ids, g, 15).done)).toEqual([14, 11, 10, 15]);
    const finishedPages = sum(GROUPS.map((_, g) => heldPage(ids, g, 15).done));
    expect(await store.progress(key)).toMatchObject({ total: 200, sent: finishedPages, failed: 0, skipped: 0, deferred: 0 });
    expect(RANGES.map((range) => gate.passed(range))).toEqual([15, 15, 15, 15]);
    gate.release();
    await rt.idle();

    const alerts = smsPerRecipient(rt, ids, ALERT);
    console.log(`[crisis parallel] 4 groups: sent ${alerts.filter((n) => n === 1).length} of 200, duplicated ${alerts.filter((n) => n > 1).length}, lost ${alerts.filter((n) => n === 0).length}`);
    expect(alerts).toEqual(ids.map(() => 1));
    expect(await progress(rt)).toMatchObject({ kind: 'alert', round: 0, total: 200, sent: 200, failed: 0, skipped: 0, remaining: 0, finishedAt: T0 });
    expect(await store.progress(key)).toMatchObject({ total: 200, sent: 200, failed: 0, skipped: 0, deferred: 0 });

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
    const ids = await seedSmsCustomers('parsup', 240);
    // Each group sends 20 alerts and holds; the update comes while all four are in the middle of a page.
    const gate = gateEachGroup(20);
    expect((await declare(rt, declaration('parsup'))).status).toBe(200);
    await gate.allHolding(RANGES);
    expect((await update(rt, { message: { en: UPDATE } }, 1)).status).toBe(200);
    gate.release();
    await rt.idle();

    const alerts = smsPerRecipient(rt, ids, ALERT);
    const updates = smsPerRecipient(rt, ids, UPDATE);
    const alertedPerGroup = GROUPS.map((_, g) => ids.filter((id, i) => groupOf(id) === g && alerts[i] === 1).length);
    const sizes = GROUPS.map((_, g) => ids.filter((id) => groupOf(id) === g).length);
    console.log(`[crisis parallel] alert reached ${alertedPerGroup.join(' + ')} of ${sizes.join(' + ')} before the update; update reached ${updates.filter((n) => n === 1).length}`);
    // Every group finished the page it was in when the update came, and took no other.
    expect(alertedPerGroup).toEqual(GROUPS.map((_, g) => heldPage(ids, g, 20).onceItEnds));
    alertedPerGroup.forEach((alerted, g) => expect(alerted, `group ${g}`).toBeLessThan(sizes[g]!));
    expect(Math.max(...alerts)).toBe(1);
    expect(updates).toEqual(ids.map(() => 1));
    expect(await progress(rt)).toMatchObject({ messageVersion: 2, kind: 'update', total: 240, sent: 240, remaining: 0, finishedAt: T0 });
  }, 60_000);

  it('the runtime restarted mid-broadcast: every group walks again and everyone gets the alert exactly once', async () => {
    const rt = await start(tempDataDir());
    const ids = await seedSmsCustomers('parrestart', 200);
    // Each group sends 15 and holds; then the provider stalls, so every group's page is still open when the runtime
    // stops. A stopping runtime lets the provider answer: each group ends the page it is in, and takes no other.
    const gate = gateEachGroup(15);
    expect((await declare(rt, declaration('parrestart'))).status).toBe(200);
    await gate.allHolding(RANGES);
    rt.faults.sns.holdAfter(0);
    gate.release();
    runtime = await rt.restart();
    const before = smsPerRecipient(runtime, ids, ALERT).filter((n) => n > 0).length;
    expect(before).toBe(sum(GROUPS.map((_, g) => heldPage(ids, g, 15).onceItEnds)));
    expect(before).toBeLessThan(200);
    expect(runtime.restarted).toHaveLength(1);
    await runtime.idle();

    const alerts = smsPerRecipient(runtime, ids, ALERT);
    console.log(`[crisis parallel] restart after ${before} of 200: sent ${alerts.filter((n) => n === 1).length}, duplicated ${alerts.filter((n) => n > 1).length}, lost ${alerts.filter((n) => n === 0).length}`);
    expect(alerts).toEqual(ids.map(() => 1));
    expect(await progress(runtime)).toMatchObject({ kind: 'alert', total: 200, sent: 200, failed: 0, skipped: 0, remaining: 0, finishedAt: T0 });
  }, 60_000);
});
