import { DEFAULT_POLICY } from '../../../functions/domain/policy';
import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoCrisisStore } from '../../../functions/adapters/crisis-store';
import { keys } from '../../../functions/adapters/keys';
import { ConflictError, StaleVersionError } from '../../../functions/domain/errors';
import type { BroadcastProgress, CrisisDeclaration } from '../../../functions/domain/model/crisis';
import { startDynalite, type DynaliteHandle } from '../../support/dynalite';

let db: DynaliteHandle;
let crisis: DynamoCrisisStore;
const T0 = new Date('2026-11-23T10:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

const declaration: CrisisDeclaration = {
  severity: 'sev1',
  headline: 'Payments outage',
  message: { en: 'Card payments are failing. We are on it.', sk: 'Platby kartou nefungujú. Pracujeme na tom.' },
  affected: { all: true },
  statusPageUrl: 'https://status.example.com/x',
};

beforeAll(async () => {
  db = await startDynalite();
  crisis = new DynamoCrisisStore(db.docClient, { tableName: db.tableName });
});
afterAll(async () => db.close());

// Every test starts from an empty CRISIS partition.
beforeEach(async () => {
  const items = (await db.docClient.send(new QueryCommand({ TableName: db.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'CRISIS' } }))).Items ?? [];
  await Promise.all(items.map((item) => db.docClient.send(new DeleteCommand({ TableName: db.tableName, Key: { pk: item.pk, sk: item.sk } }))));
});
afterEach(() => db.commands.reset());

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

describe('the crisis record', () => {
  it('is inactive when no crisis was ever declared', async () => {
    expect(await crisis.get()).toEqual({ active: false });
  });

  it('starts at version 1 when declared, with who and when, and the default cadence of its severity', async () => {
    const record = await crisis.declare(declaration, 'oncall:ana', T0);
    expect(record).toMatchObject({
      ...declaration,
      active: true,
      version: 1,
      cadenceMinutes: DEFAULT_POLICY.crisisPlaybook.sev1.cadenceMinutes,
      declaredAt: T0.toISOString(),
      declaredBy: 'oncall:ana',
      updatedBy: 'oncall:ana',
    });
    expect(await crisis.get()).toEqual(record);
  });

  it('is read with one DynamoDB call', async () => {
    await crisis.declare(declaration, 'oncall:ana', T0);
    db.commands.reset();
    await crisis.get();
    expect(db.commands.names).toEqual(['QueryCommand']);
  });

  it('cannot be declared twice: the second declaration is a 409 that points to update with If-Match', async () => {
    await crisis.declare(declaration, 'oncall:ana', T0);
    const err = await rejection(crisis.declare({ ...declaration, headline: 'Another one' }, 'oncall:bob', at(1)));
    expect(err).toBeInstanceOf(ConflictError);
    expect(err).toMatchObject({ status: 409, code: 'crisis_already_active' });
    expect((err as Error).message).toMatch(/If-Match: 1/);
  });

  it('is declared by exactly one of two simultaneous declarations', async () => {
    const results = await Promise.allSettled([crisis.declare(declaration, 'oncall:ana', T0), crisis.declare(declaration, 'oncall:bob', T0)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failed = results.find((r) => r.status === 'rejected');
    expect(failed?.status === 'rejected' && failed.reason).toMatchObject({ code: 'crisis_already_active' });
    expect((await crisis.audit()).map((e) => e.action)).toEqual(['declare']);
  });

  it('is updated with the current version, and every change adds exactly 1 to the version', async () => {
    await crisis.declare(declaration, 'oncall:ana', T0);
    const v2 = await crisis.update({ headline: 'Payments degraded', severity: 'sev2' }, 1, 'oncall:bob', at(5));
    expect(v2).toMatchObject({ version: 2, headline: 'Payments degraded', severity: 'sev2', declaredBy: 'oncall:ana', updatedBy: 'oncall:bob' });
    expect(v2.message).toEqual(declaration.message);
    const v3 = await crisis.update({ cadenceMinutes: 15 }, 2, 'oncall:bob', at(6));
    expect(v3.version).toBe(3);
    expect(await crisis.get()).toEqual(v3);
  });

  it('refuses an update from a stale version with a 412 that names the current version', async () => {
    await crisis.declare(declaration, 'oncall:ana', T0);
    await crisis.update({ headline: 'Payments degraded' }, 1, 'oncall:bob', at(5));
    const err = await rejection(crisis.update({ headline: 'Payments still failing' }, 1, 'oncall:cyd', at(6)));
    expect(err).toBeInstanceOf(StaleVersionError);
    expect(err).toMatchObject({ status: 412, currentVersion: 2 });
  });

  it('accepts exactly one of two concurrent updates from the same version; the other is stale', async () => {
    await crisis.declare(declaration, 'oncall:ana', T0);
    const results = await Promise.allSettled([
      crisis.update({ headline: 'From Bob' }, 1, 'oncall:bob', at(5)),
      crisis.update({ headline: 'From Cyd' }, 1, 'oncall:cyd', at(5)),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]?.status === 'rejected' && lost[0].reason).toBeInstanceOf(StaleVersionError);
    expect(lost[0]?.status === 'rejected' && lost[0].reason).toMatchObject({ currentVersion: 2 });
    const current = await crisis.get();
    expect(current.version).toBe(2);
    expect(won[0]?.status === 'fulfilled' && won[0].value).toEqual(current);
  });

  it('of many racing updates, each version is won by exactly one', async () => {
    await crisis.declare(declaration, 'oncall:ana', T0);
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => crisis.update({ headline: `Attempt ${i}` }, 1, `oncall:${i}`, at(5))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((await crisis.audit()).map((e) => e.version)).toEqual([2, 1]);
  });

  it('cannot be updated or resolved when none is active (409 no_active_crisis)', async () => {
    await expect(crisis.resolve({}, 'oncall:ana', T0)).rejects.toMatchObject({ status: 409, code: 'no_active_crisis' });
    await expect(crisis.update({ headline: 'x' }, 0, 'oncall:ana', T0)).rejects.toMatchObject({ status: 409, code: 'no_active_crisis' });
  });

  it('is resolved into an inactive record that keeps the headline and post-mortem link', async () => {
    await crisis.declare(declaration, 'oncall:ana', T0);
    const resolved = await crisis.resolve({ postmortemUrl: 'https://example.com/pm/1' }, 'oncall:bob', at(60));
    expect(resolved).toMatchObject({
      active: false,
      version: 2,
      severity: 'sev1',
      headline: 'Payments outage',
      resolvedAt: at(60).toISOString(),
      resolvedBy: 'oncall:bob',
      postmortemUrl: 'https://example.com/pm/1',
    });
    expect(await crisis.get()).toEqual(resolved);
    await expect(crisis.resolve({}, 'oncall:bob', at(61))).rejects.toMatchObject({ code: 'no_active_crisis' });
  });

  it('refuses a resolve with a stale If-Match', async () => {
    await crisis.declare(declaration, 'oncall:ana', T0);
    await crisis.update({ headline: 'Payments degraded' }, 1, 'oncall:bob', at(5));
    await expect(crisis.resolve({}, 'oncall:bob', at(6), 1)).rejects.toMatchObject({ status: 412, currentVersion: 2 });
  });

  it('can be declared again after a resolution, continuing the version sequence with a new id', async () => {
    const first = await crisis.declare(declaration, 'oncall:ana', T0);
    await crisis.resolve({}, 'oncall:ana', at(30));
    const second = await crisis.declare({ ...declaration, severity: 'sev3', affected: { region: ['eu-central'] } }, 'oncall:bob', at(90));
    expect(second).toMatchObject({ version: 3, severity: 'sev3', cadenceMinutes: 240, declaredBy: 'oncall:bob' });
    expect(second.id).not.toBe(first.id);
  });
});

describe('the audit trail', () => {
  it('holds every change newest first, with actor, time, previous version and the change itself', async () => {
    await crisis.declare(declaration, 'oncall:ana', T0);
    await crisis.update({ headline: 'Payments degraded' }, 1, 'oncall:bob', at(5));
    await crisis.update({ message: { en: 'Mostly working again.' } }, 2, 'oncall:cyd', at(10));
    await crisis.resolve({ postmortemUrl: 'https://example.com/pm/1' }, 'oncall:ana', at(60));

    expect(await crisis.audit()).toEqual([
      { version: 4, previousVersion: 3, action: 'resolve', actor: 'oncall:ana', at: at(60).toISOString(), change: { postmortemUrl: 'https://example.com/pm/1' } },
      { version: 3, previousVersion: 2, action: 'update', actor: 'oncall:cyd', at: at(10).toISOString(), change: { message: { en: 'Mostly working again.' } } },
      { version: 2, previousVersion: 1, action: 'update', actor: 'oncall:bob', at: at(5).toISOString(), change: { headline: 'Payments degraded' } },
      { version: 1, previousVersion: 0, action: 'declare', actor: 'oncall:ana', at: T0.toISOString(), change: declaration },
    ]);
    expect((await crisis.audit(2)).map((e) => e.version)).toEqual([4, 3]);
  });

  it('is the commit: a change whose writer died before updating CURRENT is rolled forward on the next read', async () => {
    const v1 = await crisis.declare(declaration, 'oncall:ana', T0);
    // Simulate a writer that appended audit version 2 and died before materialising CURRENT.
    const v2 = { ...v1, version: 2, headline: 'Half-written change', updatedAt: at(5).toISOString(), updatedBy: 'oncall:bob' };
    await db.docClient.send(
      new PutCommand({
        TableName: db.tableName,
        Item: { ...keys.crisisAudit(2), version: 2, previousVersion: 1, action: 'update', actor: 'oncall:bob', at: at(5).toISOString(), change: { headline: 'Half-written change' }, record: v2 },
      }),
    );

    expect(await crisis.get()).toEqual(v2);
    await expect(crisis.update({ headline: 'next' }, 1, 'oncall:cyd', at(6))).rejects.toMatchObject({ currentVersion: 2 });
    expect((await crisis.update({ headline: 'next' }, 2, 'oncall:cyd', at(6))).version).toBe(3);
  });
});

describe('broadcast progress', () => {
  const progress = (messageVersion: number, sent: number): BroadcastProgress => ({
    messageVersion,
    kind: messageVersion === 1 ? 'alert' : 'update',
    total: 100,
    sent,
    failed: 0,
    skipped: 0,
    remaining: 100 - sent,
    startedAt: T0.toISOString(),
  });

  it('is shown on the record without a new version or audit entry', async () => {
    await crisis.declare(declaration, 'oncall:ana', T0);
    expect(await crisis.updateBroadcastProgress(1, progress(1, 40))).toBe(true);
    const record = await crisis.get();
    expect(record).toMatchObject({ version: 1, broadcast: progress(1, 40) });
    expect(await crisis.audit()).toHaveLength(1);
  });

  it('of an older broadcast does not overwrite a newer one, and survives later changes', async () => {
    await crisis.declare(declaration, 'oncall:ana', T0);
    await crisis.update({ headline: 'Payments degraded' }, 1, 'oncall:bob', at(5));
    expect(await crisis.updateBroadcastProgress(2, progress(2, 10))).toBe(true);
    expect(await crisis.updateBroadcastProgress(1, progress(1, 90))).toBe(false);
    expect((await crisis.get()).broadcast).toEqual(progress(2, 10));
    await crisis.update({ cadenceMinutes: 20 }, 2, 'oncall:bob', at(6));
    expect((await crisis.get()).broadcast).toEqual(progress(2, 10));
  });

  it('cannot be recorded for a version that does not exist yet', async () => {
    await crisis.declare(declaration, 'oncall:ana', T0);
    expect(await crisis.updateBroadcastProgress(5, progress(5, 1))).toBe(false);
  });
});
