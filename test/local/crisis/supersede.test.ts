/**
 * An update on-call makes while the alert is still going out supersedes it: the alert stops at its next page and
 * the update goes to everyone at once — nobody waits for the whole old broadcast (hours for a million people at
 * 100 messages/s) before hearing the news, and nobody gets anything twice. Through the real local runtime.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Profile } from '../../../functions/domain/model/profile';
import { mapLimit } from '../../../functions/handlers/runtime/concurrency';
import { dependencies } from '../../../functions/handlers/runtime/dependencies';
import { VirtualClock } from '../../../local/engine';
import { eventually, startTestRuntime, type TestRuntime } from '../../support/runtime';
import { declare, phoneOf, profile, update } from './support';

const REGION = 'supersede';
const ALERT = 'Payments are failing.';
const UPDATE = 'Payments are failing in the EU only; a fix is rolling out.';
const N = 600;

let runtime: TestRuntime;
let ids: string[];

beforeAll(async () => {
  // Unpaced (a quota no test reaches) and one loop: "mid-broadcast" is reached by holding SNS after 100 sends,
  // not by letting a 100 messages/s pace run for real seconds.
  process.env.PROVIDER_QUOTA_PER_SECOND = '1000000';
  process.env.BROADCAST_PARALLELISM = '1';
  runtime = await startTestRuntime({ dataDir: null, clock: VirtualClock.manual('2026-11-23T10:00:00.000Z') });
  ids = Array.from({ length: N }, (_, i) => `ss-${String(i).padStart(3, '0')}`);
  await mapLimit(ids, 16, (id) => dependencies().profiles.putProfile({ customerId: id, ...profile({ id, region: REGION, email: null }) } as unknown as Profile));
});
afterAll(async () => {
  await runtime?.stop();
  delete process.env.PROVIDER_QUOTA_PER_SECOND;
  delete process.env.BROADCAST_PARALLELISM;
});

function perRecipient(text: string): number[] {
  const counts = new Map<string, number>();
  for (const m of runtime.outbox.list({ channel: 'sms' })) if (m.channel === 'sms' && m.body.includes(text)) counts.set(m.to, (counts.get(m.to) ?? 0) + 1);
  return ids.map((id) => counts.get(phoneOf(id)) ?? 0);
}

describe('an update during a long broadcast', () => {
  it('stops the alert at its next page and sends the update to everyone, once', async () => {
    // The provider stalls after 100 alerts: the update arrives while the alert's first page is still going out.
    const stall = runtime.faults.sns.holdAfter(100);
    expect((await declare(runtime, { severity: 'sev1', headline: 'Payments outage', message: { en: ALERT }, affected: { region: [REGION] }, cadenceMinutes: 240 })).status).toBe(200);
    await eventually(() => runtime.outbox.size === 100 && stall.held > 0, 20_000);
    expect((await update(runtime, { message: { en: UPDATE } }, 1)).status).toBe(200);
    // The alert sends already at the provider when the update came; once it answers, none more may start.
    const inFlight = stall.held;
    stall.release();
    await runtime.idle();

    const alerts = perRecipient(ALERT);
    const updates = perRecipient(UPDATE);
    const alerted = alerts.filter((n) => n === 1).length;
    console.log(`[crisis supersede] alert reached ${alerted} of ${N} before the update; update reached ${updates.filter((n) => n === 1).length}`);
    // The 100 sent, plus the sends the provider held when the update came; no alert send started after it.
    expect(alerted).toBe(100 + inFlight);
    expect(alerted).toBeLessThan(N);
    expect(Math.max(...alerts)).toBe(1);
    expect(updates).toEqual(ids.map(() => 1));
    const record = (await runtime.api('GET', '/crisis')).body as { version: number; broadcast: Record<string, unknown> };
    expect(record).toMatchObject({ version: 2, broadcast: { messageVersion: 2, kind: 'update', total: N, sent: N, remaining: 0 } });
  }, 60_000);
});
