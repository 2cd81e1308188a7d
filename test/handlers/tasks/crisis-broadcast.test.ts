import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { PublishCommand } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BroadcastStore } from '../../../functions/adapters/broadcast-store';
import { shardOf } from '../../../functions/adapters/keys';
import { handler as broadcast, type BroadcastPlan, type BroadcastResult } from '../../../functions/handlers/crisis-broadcast';
import { shardGroups } from '../../../functions/domain/rules/broadcast-shards';
import { resetConfig } from '../../../functions/handlers/runtime/config';
import { profile } from '../../support/adapter-fixtures';
import { invoke, startTaskHarness, type TaskHarness } from '../../support/task-harness';

let h: TaskHarness;
beforeAll(async () => {
  h = await startTaskHarness();
  process.env.PROVIDER_QUOTA_PER_SECOND = '1000';
});
afterAll(() => h.close());

let published: { to: string; message: string }[];
let emailed: string[];
let surveyEvents: { id: string; customerId: string; type: string }[];
beforeEach(() => {
  published = [];
  emailed = [];
  surveyEvents = [];
  h.sns.reset();
  h.ses.reset();
  h.eventBridge.reset();
  h.eventBridge.on(PutEventsCommand).callsFake((input: { Entries: { Detail: string }[] }) => {
    surveyEvents.push(...input.Entries.map((entry) => JSON.parse(entry.Detail) as { id: string; customerId: string; type: string }));
    return { FailedEntryCount: 0, Entries: input.Entries.map((_, i) => ({ EventId: `e-${surveyEvents.length}-${i}` })) };
  });
  h.sns.on(PublishCommand).callsFake((input: { PhoneNumber?: string; TargetArn?: string; Message: string }) => {
    published.push({ to: input.PhoneNumber ?? input.TargetArn ?? '?', message: input.Message });
    return { MessageId: `sns-${published.length}` };
  });
  h.ses.on(SendEmailCommand).callsFake((input: { Destination: { ToAddresses: string[] } }) => {
    emailed.push(input.Destination.ToAddresses[0]!);
    return { MessageId: `ses-${emailed.length}` };
  });
});

const run = async (payload: Record<string, unknown>) => (await invoke<BroadcastResult | BroadcastPlan>(broadcast, 'crisis-broadcast', payload)) as BroadcastResult;

async function runToEnd(payload: Record<string, unknown>): Promise<BroadcastResult> {
  let result = await run(payload);
  while (!result.done) result = await run({ ...payload, cursor: result.cursor });
  return result;
}

describe('crisis broadcast', () => {
  it('tells exactly the affected customers, on the playbook channel, once', async () => {
    // 10:00 UTC: daytime in Europe.
    h.setNow('2026-11-23T10:00:00.000Z');
    await h.deps.profiles.putProfile(profile('k-sms', { phone: '+421900000001', segment: { region: 'eu-central' } }));
    await h.deps.profiles.putProfile(profile('k-nophone', { phone: null, segment: { region: 'eu-central' } }));
    await h.deps.profiles.putProfile(profile('k-optout', { phone: '+421900000003', segment: { region: 'eu-central' }, consents: { service_updates: false } }));
    await h.deps.profiles.putProfile(profile('k-us', { phone: '+12025550100', segment: { region: 'us-east' } }));
    const crisis = await h.deps.crisis.declare(
      { severity: 'sev1', headline: 'Payments outage', message: { en: 'Card payments fail.', sk: 'Platby kartou zlyhávajú.' }, affected: { region: ['eu-central'] } },
      'oncall',
      new Date('2026-11-23T10:00:00Z'),
    );

    const result = await runToEnd({ crisisId: crisis.id, version: crisis.version, kind: 'alert' });
    expect(result).toMatchObject({ done: true, total: 3, sent: 2, skipped: 1, failed: 0, deferred: 0 });
    expect(published.map((p) => p.to)).toEqual(['+421900000001']);
    expect(published[0]!.message).toContain('Platby kartou zlyhávajú.');
    expect(emailed).toEqual(['k-nophone@example.com']);

    // The crisis record shows the progress for GET /crisis.
    const record = await h.deps.crisis.get();
    expect(record.broadcast).toMatchObject({ messageVersion: crisis.version, kind: 'alert', total: 3, sent: 2, skipped: 1, remaining: 0 });

    // Running the same broadcast again (a retry, a restart) sends nothing twice.
    await runToEnd({ crisisId: crisis.id, version: crisis.version, kind: 'alert' });
    expect(published).toHaveLength(1);
    expect(emailed).toHaveLength(1);
    expect((await new BroadcastStore(h.db.docClient, { tableName: h.db.tableName }).progress({ crisisId: crisis.id, version: crisis.version, kind: 'alert' }))).toMatchObject({ sent: 2 });

    const resolved = await h.deps.crisis.resolve({ postmortemUrl: 'https://status.example.com/pm/1' }, 'oncall', new Date('2026-11-23T12:00:00Z'));
    h.setNow('2026-11-23T12:00:00.000Z');
    const allClear = await runToEnd({ crisisId: crisis.id, version: resolved.version!, kind: 'all-clear' });
    expect(allClear).toMatchObject({ done: true, sent: 2 });
    // After the all-clear, customers get their preferred channel again (email first).
    expect(emailed.slice(1).sort()).toEqual(['k-nophone@example.com', 'k-sms@example.com']);
    // …and each customer it reached is invited to the post-resolution survey, once per (crisis, customer).
    expect(surveyEvents.map((e) => [e.type, e.customerId]).sort()).toEqual([
      ['incident.resolved', 'k-nophone'],
      ['incident.resolved', 'k-sms'],
    ]);
    expect(new Set(surveyEvents.map((e) => e.id)).size).toBe(2);
  });

  it('plans shard groups from the quota (⌈quota / 200⌉) and reports the broadcast finished when the last group ends', async () => {
    h.setNow('2026-11-27T10:00:00.000Z');
    const ids = Array.from({ length: 24 }, (_, i) => `g-${i}`);
    for (const [i, id] of ids.entries()) await h.deps.profiles.putProfile(profile(id, { phone: `+4219330000${String(i).padStart(2, '0')}`, segment: { region: 'eu-south' } }));
    const crisis = await h.deps.crisis.declare({ severity: 'sev1', headline: 'Card outage', message: { en: 'Cards fail.' }, affected: { region: ['eu-south'] } }, 'oncall', new Date('2026-11-27T10:00:00Z'));
    const identity = { crisisId: crisis.id, version: crisis.version, kind: 'alert' };

    // PROVIDER_QUOTA_PER_SECOND=1000: five groups (4, 3, 3, 3, 3 shards).
    const plan = (await invoke<BroadcastResult | BroadcastPlan>(broadcast, 'crisis-broadcast', { ...identity, plan: true })) as BroadcastPlan;
    expect(plan).toEqual({ total: 24, groups: shardGroups(5) });
    expect(plan.groups.map((g) => g.last - g.first + 1)).toEqual([4, 3, 3, 3, 3]);
    expect(published).toEqual([]);
    for (const [index, shards] of plan.groups.entries()) {
      const result = await runToEnd({ ...identity, shards });
      const inGroup = ids.filter((id) => shardOf(id) >= shards.first && shardOf(id) <= shards.last);
      expect(result, `group ${index}`).toMatchObject({ done: true, total: 24 });
      // Each group reaches its own shards only; the crisis record says finished only once every group has.
      expect(published.filter((p) => p.to.startsWith('+4219330')).length).toBe(ids.filter((id) => shardOf(id) <= shards.last).length);
      expect(inGroup.length).toBeGreaterThan(0);
      const record = await h.deps.crisis.get();
      expect(record.broadcast?.finishedAt !== undefined, `group ${index}`).toBe(index === plan.groups.length - 1);
    }
    expect(new Set(published.map((p) => p.to)).size).toBe(24);
    expect((await h.deps.crisis.get()).broadcast).toMatchObject({ total: 24, sent: 24, remaining: 0 });
    await h.deps.crisis.resolve({}, 'oncall', new Date('2026-11-27T11:00:00Z'));
  });

  it('splits the 16 shards into contiguous groups whose sizes differ by at most one', () => {
    expect(shardGroups(1)).toEqual([{ first: 0, last: 15 }]);
    expect(shardGroups(3)).toEqual([
      { first: 0, last: 5 },
      { first: 6, last: 10 },
      { first: 11, last: 15 },
    ]);
    expect(shardGroups(16)).toHaveLength(16);
    expect(shardGroups(16).every((g, i) => g.first === i && g.last === i)).toBe(true);
    expect(shardGroups(40)).toHaveLength(16);
  });

  it('records a recipient whose send failed for replay, and a replay sends only to them', async () => {
    h.setNow('2026-11-24T10:00:00.000Z');
    await h.deps.profiles.putProfile(profile('f-1', { phone: '+421911000001', segment: { region: 'eu-west' } }));
    await h.deps.profiles.putProfile(profile('f-2', { phone: '+421911000002', segment: { region: 'eu-west' } }));
    const crisis = await h.deps.crisis.declare({ severity: 'sev1', headline: 'Login outage', message: { en: 'Logins fail.' }, affected: { region: ['eu-west'] } }, 'oncall', new Date('2026-11-24T10:00:00Z'));
    h.sns.on(PublishCommand, { PhoneNumber: '+421911000002' }).rejects(Object.assign(new Error('no access'), { name: 'AuthorizationErrorException' }));
    const result = await runToEnd({ crisisId: crisis.id, version: crisis.version, kind: 'alert' });
    expect(result).toMatchObject({ sent: 1, failed: 1 });
    const store = new BroadcastStore(h.db.docClient, { tableName: h.db.tableName });
    const key = { crisisId: crisis.id, version: crisis.version, kind: 'alert' as const };
    expect((await store.failures(key)).map((f) => f.customerId)).toEqual(['f-2']);

    h.sns.on(PublishCommand, { PhoneNumber: '+421911000002' }).resolves({ MessageId: 'late' });
    await runToEnd({ crisisId: crisis.id, version: crisis.version, kind: 'alert' });
    expect(published.filter((p) => p.to === '+421911000001')).toHaveLength(1);
    expect(await store.failures(key)).toEqual([]);
    await h.deps.crisis.resolve({}, 'oncall', new Date('2026-11-24T11:00:00Z'));
  });

  it('decides nothing in a new pass over a complete broadcast (a restarted journey running an earlier round again)', async () => {
    h.setNow('2026-11-30T10:00:00.000Z');
    await h.deps.profiles.putProfile(profile('r-1', { phone: '+421933000001', segment: { region: 'sa-east' } }));
    const crisis = await h.deps.crisis.declare({ severity: 'sev2', headline: 'Slow imports', message: { en: 'Imports are slow.' }, affected: { region: ['sa-east'] }, cadenceMinutes: 360 }, 'oncall', new Date('2026-11-30T10:00:00Z'));
    await runToEnd({ crisisId: crisis.id, version: crisis.version, kind: 'alert' });
    // Round 1, six hours later: no change, no reminder due yet; the broadcast completes holding the customer.
    h.setNow('2026-11-30T16:00:00.000Z');
    const round1 = { crisisId: crisis.id, version: crisis.version, kind: 'update', round: 1 };
    expect(await runToEnd(round1)).toMatchObject({ done: true, total: 1, sent: 0, skipped: 1, deferred: 0, failed: 0 });
    // The same round's loop run again the next morning: a reminder would be due now, but the round is complete.
    h.setNow('2026-12-01T09:00:00.000Z');
    const again = await run(round1);
    expect(again).toMatchObject({ done: true, total: 1, sent: 0, skipped: 1, deferred: 0, failed: 0 });
    expect(again.deferredUntil).toBeUndefined();
    expect(published.map((p) => p.to)).toEqual(['+421933000001']);
    expect((await h.deps.ledger.recentDecisions('r-1', 10)).map((d) => d.step)).toEqual([`alert-v${crisis.version}`]);
    await h.deps.crisis.resolve({}, 'oncall', new Date('2026-12-01T09:30:00Z'));
  });

  it('keeps the earliest deferral of a pass across its invocations (in the cursor), for the catch-up', async () => {
    h.setNow('2026-11-26T12:00:00.000Z');
    const crisis = await h.deps.crisis.declare({ severity: 'sev2', headline: 'Slow search', message: { en: 'Search is slow.' }, affected: { region: ['nowhere'] } }, 'oncall', new Date('2026-11-26T12:00:00Z'));
    // The last invocation of a pass whose earlier invocation deferred someone until 07:00 the next morning.
    const last = await run({ crisisId: crisis.id, version: crisis.version, kind: 'alert', cursor: JSON.stringify({ shard: 15, until: Date.parse('2026-11-27T07:00:00.000Z') }) });
    expect(last).toMatchObject({ done: true, deferredUntil: '2026-11-27T07:00:00.000Z' });
    await h.deps.crisis.resolve({}, 'oncall', new Date('2026-11-26T12:30:00Z'));
  });

  it('defers a sev2 broadcast in quiet hours and reaches the customer on the later pass', async () => {
    h.setNow('2026-11-25T22:00:00.000Z'); // 23:00 in Bratislava
    await h.deps.profiles.putProfile(profile('q-1', { phone: '+421922000001', segment: { region: 'eu-north' } }));
    const crisis = await h.deps.crisis.declare({ severity: 'sev2', headline: 'Slow exports', message: { en: 'Exports are slow.' }, affected: { region: ['eu-north'] } }, 'oncall', new Date('2026-11-25T22:00:00Z'));
    const first = await runToEnd({ crisisId: crisis.id, version: crisis.version, kind: 'alert' });
    expect(first).toMatchObject({ sent: 0, deferred: 1, deferredUntil: '2026-11-26T07:00:00.000Z' });
    expect(published).toHaveLength(0);

    h.setNow('2026-11-26T07:00:00.000Z');
    const second = await runToEnd({ crisisId: crisis.id, version: crisis.version, kind: 'alert' });
    expect(second).toMatchObject({ sent: 1, deferred: 0 });
    expect(second.deferredUntil).toBeUndefined();
    expect(published).toHaveLength(1);
    await h.deps.crisis.resolve({}, 'oncall', new Date('2026-11-26T08:00:00Z'));
  });

  it('breaks quiet hours for a sev1 broadcast: sent at 23:00 local, first by SMS, not deferred', async () => {
    h.setNow('2026-11-27T22:00:00.000Z'); // 23:00 in Bratislava
    await h.deps.profiles.putProfile(profile('q-sev1', { phone: '+421922000011', segment: { region: 'ap-east' } }));
    const crisis = await h.deps.crisis.declare({ severity: 'sev1', headline: 'Payments down', message: { en: 'Payments fail.' }, affected: { region: ['ap-east'] } }, 'oncall', new Date('2026-11-27T22:00:00Z'));
    const result = await runToEnd({ crisisId: crisis.id, version: crisis.version, kind: 'alert' });
    expect(result).toMatchObject({ total: 1, sent: 1, deferred: 0, skipped: 0, failed: 0 });
    expect(result.deferredUntil).toBeUndefined();
    expect(published.map((p) => p.to)).toEqual(['+421922000011']);
    expect(emailed).toEqual([]);
    const [decision] = await h.deps.ledger.recentDecisions('q-sev1', 10);
    expect(decision).toMatchObject({ outcome: 'sent', channel: 'sms', at: '2026-11-27T22:00:00.000Z', reasonCodes: ['allowed'] });
    expect(decision!.reasons).toEqual(['sent on sms (crisis sev1 channel order)']);
    await h.deps.crisis.resolve({}, 'oncall', new Date('2026-11-27T23:00:00Z'));
  });

  it("follows the deployment's playbook override (JOURNEYS_POLICY): a sev2 that may break quiet hours goes at once", async () => {
    process.env.JOURNEYS_POLICY = JSON.stringify({ crisisPlaybook: { sev2: { breaksQuietHours: true, channels: ['email'] } } });
    resetConfig();
    try {
      h.setNow('2026-11-29T22:00:00.000Z'); // 23:00 in Bratislava
      await h.deps.profiles.putProfile(profile('q-override', { phone: '+421922000021', segment: { region: 'ap-south' } }));
      const crisis = await h.deps.crisis.declare({ severity: 'sev2', headline: 'Slow exports', message: { en: 'Exports are slow.' }, affected: { region: ['ap-south'] } }, 'oncall', new Date('2026-11-29T22:00:00Z'));
      const result = await runToEnd({ crisisId: crisis.id, version: crisis.version, kind: 'alert' });
      expect(result).toMatchObject({ total: 1, sent: 1, deferred: 0 });
      // The overridden channel order: email before the default push and SMS.
      expect(emailed).toEqual(['q-override@example.com']);
      expect(published).toEqual([]);
      await h.deps.crisis.resolve({}, 'oncall', new Date('2026-11-29T23:00:00Z'));
    } finally {
      delete process.env.JOURNEYS_POLICY;
      resetConfig();
    }
  });
});
