/**
 * A crisis update held back by quiet hours, with the runtime restarted while the broadcast waits for them to end
 * (the soak's lost `update-…-round2` messages): the restarted crisis execution resumes where it stopped
 * (local/engine/replay.ts) — the update round's broadcast runs again, decides the held-back recipients again and
 * waits for the end of quiet hours — so each recipient gets the update once, at 08:00 local, none twice, none lost;
 * the rounds that had completed before the restart run again in the resumed execution but decide nothing
 * (crisis-broadcast: a complete broadcast has nothing left to do).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../local/engine';
import { restorePacing, runUnpaced } from '../../support/broadcast-pacing';
import { startTestRuntime, tempDataDir, type TestRuntime } from '../../support/runtime';
import { advanceTo, decisionOf, declare, executions, seedSmsCustomers, smsPerRecipient, update } from './support';

/** 11:00 in Bratislava (UTC+1 in November): the alert goes out at once. */
const T0 = '2026-11-23T10:00:00.000Z';
const ALERT = 'Card payments are degraded.';
const UPDATE = 'Card payments recovering in the EU.';
/** 22:30 local: inside the quiet hours (21:00–08:00), which a sev2 update does not break. */
const UPDATED_AT = '2026-11-23T21:30:00.000Z';
/** 08:00 local the next morning: the end of the quiet hours. */
const QUIET_HOURS_END = '2026-11-24T07:00:00.000Z';
const RECIPIENTS = 24;

let runtime: TestRuntime | undefined;
afterEach(async () => {
  await runtime?.stop();
  runtime = undefined;
  restorePacing();
});

describe('a crisis update deferred by quiet hours survives a runtime restart', () => {
  it('restarted while the broadcast waits for quiet hours to end: every recipient gets the update once, at their end', async () => {
    runUnpaced();
    const first = await startTestRuntime({ dataDir: tempDataDir(), clock: VirtualClock.manual(T0) });
    runtime = first;
    const ids = await seedSmsCustomers('night', RECIPIENTS);
    // A day's cadence: no cadence tick falls in the test, the update is the only broadcast after the alert.
    const declared = await declare(first, { severity: 'sev2', headline: 'Card payments', message: { en: ALERT }, affected: { region: ['night'] }, cadenceMinutes: 1440 });
    expect(declared.status).toBe(200);
    await first.idle();
    expect(smsPerRecipient(first, ids, ALERT)).toEqual(ids.map(() => 1));

    await advanceTo(first, UPDATED_AT);
    expect((await update(first, { message: { en: UPDATE } }, 1)).status).toBe(200);
    await first.idle();
    // Everyone held back until 08:00 local; nobody told yet.
    for (const id of ids) expect(await decisionOf(first, id, 'update-v2-round1')).toMatchObject({ outcome: 'deferred', sendAt: QUIET_HOURS_END });
    expect(smsPerRecipient(first, ids, UPDATE)).toEqual(ids.map(() => 0));

    // The runtime stops an hour later, while the broadcast's loops wait for the quiet hours to end.
    await advanceTo(first, '2026-11-23T22:30:00.000Z');
    runtime = await first.restart();
    expect(runtime.restarted.map((r) => r.restartedAs)).toEqual([expect.stringMatching(/crisis-.*-r1$/)]);
    await runtime.idle();

    await advanceTo(runtime, '2026-11-24T06:59:00.000Z');
    expect(smsPerRecipient(runtime, ids, UPDATE)).toEqual(ids.map(() => 0));
    await advanceTo(runtime, '2026-11-24T07:30:00.000Z');
    // Each recipient: the update once (sent at the end of the quiet hours), the alert not again.
    expect(smsPerRecipient(runtime, ids, UPDATE)).toEqual(ids.map(() => 1));
    expect(smsPerRecipient(runtime, ids, ALERT)).toEqual(ids.map(() => 1));
    for (const id of ids) expect(await decisionOf(runtime, id, 'update-v2-round1')).toMatchObject({ outcome: 'sent', at: QUIET_HOURS_END });
    // The resumed execution goes on waiting for the next change.
    expect((await executions(runtime, 'crisis', 'RUNNING')).map((e) => e.name)).toEqual([expect.stringMatching(/-r1$/)]);
  }, 60_000);

  it('restarted while a cadence reminder waits (the soak timeline): the reminder goes out at 08:00, earlier rounds are not run again', async () => {
    runUnpaced();
    // Declared at 13:00 local with a 6-hour cadence: the 19:00 tick holds everyone (a reminder is due 12 hours
    // after the alert, less half a cadence), the 01:00 tick brings the reminder, deferred to 08:00 by quiet hours.
    const first = await startTestRuntime({ dataDir: tempDataDir(), clock: VirtualClock.manual('2026-11-25T12:00:00.000Z') });
    runtime = first;
    const ids = await seedSmsCustomers('tick', RECIPIENTS);
    expect((await declare(first, { severity: 'sev2', headline: 'Card payments', message: { en: ALERT }, affected: { region: ['tick'] }, cadenceMinutes: 360 })).status).toBe(200);
    await first.idle();
    await advanceTo(first, '2026-11-25T18:00:00.000Z');
    await advanceTo(first, '2026-11-26T00:00:00.000Z');
    for (const id of ids) {
      expect(await decisionOf(first, id, 'update-v1-round1')).toBeUndefined();
      expect(await decisionOf(first, id, 'update-v1-round2')).toMatchObject({ outcome: 'deferred', sendAt: '2026-11-26T07:00:00.000Z' });
    }

    runtime = await first.restart();
    await runtime.idle();
    await advanceTo(runtime, '2026-11-26T08:00:00.000Z');
    for (const id of ids) {
      // Round 1, run again by the resumed execution at 00:00, would now find the reminder due: it is complete, so
      // it decides nothing; round 2 decides its held-back recipients again and sends at the end of quiet hours.
      expect(await decisionOf(runtime, id, 'update-v1-round1')).toBeUndefined();
      expect(await decisionOf(runtime, id, 'update-v1-round2')).toMatchObject({ outcome: 'sent', at: '2026-11-26T07:00:00.000Z' });
    }
    // Two SMS each: the alert, then the reminder.
    expect(smsPerRecipient(runtime, ids, ALERT)).toEqual(ids.map(() => 1));
    expect(smsPerRecipient(runtime, ids, '')).toEqual(ids.map(() => 2));
    const progress = ((await runtime.api('GET', '/crisis')).body as { broadcast?: Record<string, unknown> }).broadcast;
    expect(progress).toMatchObject({ kind: 'update', round: 2, total: RECIPIENTS, sent: RECIPIENTS, skipped: 0, failed: 0, remaining: 0 });
  }, 60_000);
});
