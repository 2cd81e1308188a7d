/**
 * Crisis broadcasts under faults, through the real local runtime: provider throttling, a send whose record is
 * lost after the provider accepted it, the runtime restarted mid-broadcast, and two on-call staff changing the
 * crisis at once. Every test counts what the recipients actually got (SNS outbox, SES inbox) and prints
 * `sent / duplicated / lost`: duplicated and lost must be 0.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { shardOf } from '../../../functions/adapters/keys';
import { DynamoLedgerStore } from '../../../functions/adapters/ledger-store';
import { SHARD_COUNT } from '../../../functions/domain/rules/broadcast-shards';
import { VirtualClock } from '../../../local/engine';
import { restorePacing, runUnpaced } from '../../support/broadcast-pacing';
import { startTestRuntime, tempDataDir, type TestRuntime } from '../../support/runtime';
import { MINUTE, decisionOf, declare, executions, oncall, resolve, seedSmsCustomers, smsPerRecipient, update } from './support';

const T0 = '2026-11-23T10:00:00.000Z';
const ALERT = 'Logins are failing. We are on it.';

let runtime: TestRuntime | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await runtime?.stop();
  runtime = undefined;
  restorePacing();
});

async function start(dataDir: string | null = null): Promise<TestRuntime> {
  runtime = await startTestRuntime({ dataDir, clock: VirtualClock.manual(T0) });
  return runtime;
}

const declaration = (region: string, extra: Record<string, unknown> = {}) => ({
  severity: 'sev1',
  headline: 'Login outage',
  message: { en: ALERT },
  affected: { region: [region] },
  cadenceMinutes: 60,
  ...extra,
});

interface Count {
  sent: number;
  duplicated: number;
  lost: number;
}

/** Per recipient, the SMS whose body contains `text`: exactly one each, or it is a duplicate or a loss. */
function count(rt: TestRuntime, ids: readonly string[], text: string): Count {
  const received = smsPerRecipient(rt, ids, text);
  return {
    sent: received.filter((n) => n > 0).length,
    duplicated: received.reduce((extra, n) => extra + Math.max(0, n - 1), 0),
    lost: received.filter((n) => n === 0).length,
  };
}

function print(name: string, c: Count): void {
  console.log(`[crisis faults] ${name}: sent ${c.sent}, duplicated ${c.duplicated}, lost ${c.lost}`);
}

/** Recipients of the shards walked up to and including the one where recipient number `n` is (shards in order). */
function throughShardOf(ids: readonly string[], n: number): number {
  let walked = 0;
  for (let shard = 0; shard < SHARD_COUNT; shard++) {
    walked += ids.filter((id) => shardOf(id) === shard).length;
    if (walked >= n) return walked;
  }
  throw new Error(`fewer than ${n} recipients`);
}

async function progress(rt: TestRuntime) {
  return ((await rt.api('GET', '/crisis')).body as { broadcast?: Record<string, unknown> }).broadcast;
}

describe('crisis broadcast faults', () => {
  it('provider throttling: throttled sends are retried with backoff, everyone gets the alert once', async () => {
    const rt = await start();
    const ids = await seedSmsCustomers('throttle', 40);
    // The first 12 Publish calls are throttled (SNS answers ThrottledException, HTTP 400 Throttling in the SDK).
    rt.faults.sns.failNext(12, { name: 'ThrottledException', status: 429, message: 'Rate exceeded' });
    expect((await declare(rt, declaration('throttle'))).status).toBe(200);
    await rt.idle();

    // All 12 faults were consumed, by different recipients: they were retried, not dropped.
    expect(rt.faults.sns.take(undefined)).toBeUndefined();
    const c = count(rt, ids, ALERT);
    print('throttling', c);
    expect(c).toEqual({ sent: 40, duplicated: 0, lost: 0 });
    expect(await progress(rt)).toMatchObject({ kind: 'alert', total: 40, sent: 40, failed: 0, remaining: 0 });
  }, 60_000);

  it('a send whose record is lost after the provider accepted it is never sent again', async () => {
    const rt = await start(tempDataDir());
    const ids = await seedSmsCustomers('recordloss', 30);
    const victim = ids[7]!;
    // The table refuses the victim's send record (completed claim, ledger entry) after SNS accepted the SMS — what
    // a process dying between the provider's accept and the record leaves behind.
    const recordSends = DynamoLedgerStore.prototype.recordSends;
    vi.spyOn(DynamoLedgerStore.prototype, 'recordSends').mockImplementation(async function (this: DynamoLedgerStore, records) {
      const failed = await recordSends.call(this, records.filter((r) => r.decision.customerId !== victim));
      if (records.some((r) => r.decision.customerId === victim)) failed.add(victim);
      return failed;
    });
    expect((await declare(rt, declaration('recordloss'))).status).toBe(200);
    await rt.idle();

    // The victim has the SMS; the broadcast could not record it, so it does not count it yet.
    expect(count(rt, ids, ALERT)).toEqual({ sent: 30, duplicated: 0, lost: 0 });
    expect(await progress(rt)).toMatchObject({ sent: 29, failed: 0, remaining: 1 });
    expect(await decisionOf(rt, victim, 'alert-v1')).toBeUndefined();
    vi.restoreAllMocks();

    // The process "dies" and comes back: the crisis journey runs the alert again from the start. The send claim
    // is still held, so the victim is not sent to again; the missing record is written and counted now.
    runtime = await rt.restart();
    expect(runtime.restarted.map((r) => r.restartedAs)).toEqual([expect.stringMatching(/crisis-.*-r1$/)]);
    await runtime.idle();
    const c = count(runtime, ids, ALERT);
    print('record lost after the provider accepted', c);
    expect(c).toEqual({ sent: 30, duplicated: 0, lost: 0 });
    expect(await progress(runtime)).toMatchObject({ sent: 30, failed: 0, remaining: 0 });
    const victimDecision = await decisionOf(runtime, victim, 'alert-v1');
    expect(victimDecision).toMatchObject({ outcome: 'sent', channel: 'sms' });
    expect(victimDecision?.reasons.at(-1)).toMatch(/^delivery unconfirmed/);
  });

  it('the runtime restarted mid-broadcast: every recipient gets the alert exactly once', async () => {
    runUnpaced();
    const rt = await start(tempDataDir());
    const ids = await seedSmsCustomers('restart', 200);
    // The provider stalls after 60 alerts, with a page open, and the runtime stops there. A stopping runtime lets the
    // provider answer: the page in flight ends and no other starts; the rest is left to the restarted journey.
    const stall = rt.faults.sns.holdAfter(60);
    expect((await declare(rt, declaration('restart'))).status).toBe(200);
    await stall.holding;
    runtime = await rt.restart();
    const sentBeforeRestart = count(runtime, ids, ALERT).sent;
    // One loop walks the 16 shards in turn (one page each here): it stopped at the end of the shard of alert 61.
    expect(sentBeforeRestart).toBe(throughShardOf(ids, 61));
    expect(sentBeforeRestart).toBeLessThan(200);
    expect(runtime.restarted).toHaveLength(1);
    await runtime.idle();

    const c = count(runtime, ids, ALERT);
    print(`restart after ${sentBeforeRestart} of 200`, c);
    expect(c).toEqual({ sent: 200, duplicated: 0, lost: 0 });
    expect(await progress(runtime)).toMatchObject({ kind: 'alert', total: 200, sent: 200, failed: 0, skipped: 0, remaining: 0 });
    expect((await executions(runtime, 'crisis', 'RUNNING')).map((e) => e.name)).toEqual([expect.stringMatching(/-r1$/)]);
  }, 60_000);

  it('two on-call staff update at once from the same version: one wins, the other gets 412; one update goes out', async () => {
    const rt = await start();
    const ids = await seedSmsCustomers('race', 10);
    expect((await declare(rt, declaration('race'))).status).toBe(200);
    await rt.idle();
    await rt.clock.advance(10 * MINUTE);

    const alice = { message: { en: 'Alice: logins recovering.' } };
    const bob = { message: { en: 'Bob: logins still failing in the EU.' } };
    const answers = await Promise.all([update(rt, alice, 1), update(rt, bob, 1)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 412]);
    const winner = answers[0]!.status === 200 ? alice : bob;
    const loser = winner === alice ? bob : alice;
    expect(answers.find((a) => a.status === 412)?.body).toMatchObject({ error: { code: 'stale_version' } });
    await rt.idle();

    const audit = await rt.api('GET', '/crisis/audit', undefined, oncall(rt));
    const entries = (audit.body as { entries: { version: number; action: string; change: unknown }[] }).entries;
    expect(entries.map((e) => [e.version, e.action])).toEqual([
      [2, 'update'],
      [1, 'declare'],
    ]);
    expect(entries[0]!.change).toEqual(winner);
    const winnerCount = count(rt, ids, winner.message.en);
    const loserCount = count(rt, ids, loser.message.en);
    print('concurrent updates (winner)', winnerCount);
    expect(winnerCount).toEqual({ sent: 10, duplicated: 0, lost: 0 });
    expect(loserCount).toEqual({ sent: 0, duplicated: 0, lost: 10 });
    expect(count(rt, ids, ALERT)).toEqual({ sent: 10, duplicated: 0, lost: 0 });
    expect((await resolve(rt, {})).status).toBe(200);
  });
});
