/**
 * One shard group of a broadcast fails past its Retry while another waits for quiet hours to end. Through the real
 * local runtime (whose Map, like Step Functions', stops the other iterations when one fails): the failing group
 * ends on its own, the waiting group still tells its recipients at the end of their quiet hours, and only then does
 * the journey take the broadcast's failure route (`Alert broadcast failed`) and go on waiting for the next change.
 * Before, the failing group failed the Map, which stopped the waiting group: its recipients were never told.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DynamoAudienceStore } from '../../../functions/adapters/audience-store';
import { shardOf } from '../../../functions/adapters/keys';
import { VirtualClock } from '../../../local/engine';
import { restorePacing, runUnpaced } from '../../support/broadcast-pacing';
import { startTestRuntime, type TestRuntime } from '../../support/runtime';
import { advanceTo, decisionOf, declare, executions, seedSmsCustomers, smsPerRecipient } from './support';

/** 22:30 in Bratislava (UTC+1 in November): inside the quiet hours (21:00–08:00), which a sev2 alert respects. */
const T0 = '2026-11-23T21:30:00.000Z';
/** 08:00 local the next morning. */
const QUIET_HOURS_END = '2026-11-24T07:00:00.000Z';
const ALERT = 'Card payments are degraded.';
/** BROADCAST_PARALLELISM=2: shards 0–7 and 8–15. */
const inFailingGroup = (id: string) => shardOf(id) <= 7;

let runtime: TestRuntime | undefined;
beforeEach(() => {
  process.env.BROADCAST_PARALLELISM = '2';
  runUnpaced();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await runtime?.stop();
  runtime = undefined;
  delete process.env.BROADCAST_PARALLELISM;
  restorePacing();
});

describe('a broadcast whose shard group fails', () => {
  it('lets the other groups finish — those waiting for quiet hours included — then takes the failure route', async () => {
    runtime = await startTestRuntime({ dataDir: null, clock: VirtualClock.manual(T0) });
    const ids = await seedSmsCustomers('split', 40);
    const failing = ids.filter(inFailingGroup);
    const waiting = ids.filter((id) => !inFailingGroup(id));
    // (These 40 ids hash 19 into shards 0–7 and 21 into 8–15: both groups have recipients.)
    expect([failing.length, waiting.length]).toEqual([19, 21]);

    // The first group's reads of the audience index keep failing (every retry too); the second group's work.
    const members = DynamoAudienceStore.prototype.audienceMembers;
    vi.spyOn(DynamoAudienceStore.prototype, 'audienceMembers').mockImplementation(async function (this: DynamoAudienceStore, audience, query) {
      if (query.shard <= 7) throw Object.assign(new Error('the audience index is unavailable'), { name: 'ProvisionedThroughputExceededException' });
      return members.call(this, audience, query);
    });
    const declared = await declare(runtime, { severity: 'sev2', headline: 'Card payments', message: { en: ALERT }, affected: { region: ['split'] }, cadenceMinutes: 1440 });
    expect(declared.status).toBe(200);
    await runtime.idle();

    // The second group deferred everyone to 08:00 local and waits; the first group decided nobody.
    for (const id of waiting) expect(await decisionOf(runtime, id, 'alert-v1')).toMatchObject({ outcome: 'deferred', sendAt: QUIET_HOURS_END });
    for (const id of failing) expect(await decisionOf(runtime, id, 'alert-v1')).toBeUndefined();
    const [execution] = await executions(runtime, 'crisis', 'RUNNING');
    const entered = async () =>
      (await runtime!.engine.getExecutionHistory(execution!.executionArn, { maxResults: 1000 })).events.flatMap((e) => (e.stateEnteredEventDetails ? [e.stateEnteredEventDetails.name] : []));
    // The failing group's task is retried (10 s, 20 s, 40 s, 80 s with jitter, in virtual time), then its group ends;
    // the other group goes on waiting, and the journey does not take the failure route yet.
    await advanceTo(runtime, '2026-11-23T21:40:00.000Z');
    expect(await entered()).toContain('Broadcast alert: group failed');
    expect(await entered()).not.toContain('Alert broadcast failed');
    expect(smsPerRecipient(runtime, ids, ALERT)).toEqual(ids.map(() => 0));

    await advanceTo(runtime, '2026-11-24T07:30:00.000Z');
    // The waiting group told its recipients at the end of their quiet hours, once each; the failing group's stay
    // untold (its failure is the broadcast's: the next round reaches them).
    expect(smsPerRecipient(runtime, waiting, ALERT)).toEqual(waiting.map(() => 1));
    expect(smsPerRecipient(runtime, failing, ALERT)).toEqual(failing.map(() => 0));
    for (const id of waiting) expect(await decisionOf(runtime, id, 'alert-v1')).toMatchObject({ outcome: 'sent', at: QUIET_HOURS_END });
    // Then, and only then, the failure route: the journey goes on waiting for the next change.
    const states = await entered();
    expect(states.slice(states.indexOf('Broadcast alert: any group failed?'))).toEqual(['Broadcast alert: any group failed?', 'Alert broadcast failed', 'Await change']);
    expect((await executions(runtime, 'crisis', 'RUNNING')).map((e) => e.executionArn)).toEqual([execution!.executionArn]);
  }, 60_000);
});
