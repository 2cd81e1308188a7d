import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoEventDedup } from '../../../functions/adapters/event-dedup';
import { keys } from '../../../functions/adapters/keys';
import { manualClock } from '../../support/adapter-fixtures';
import { startDynalite, type DynaliteHandle } from '../../support/dynalite';

let db: DynaliteHandle;
const clock = manualClock('2026-11-23T10:00:00.000Z');
let dedup: DynamoEventDedup;

beforeAll(async () => {
  db = await startDynalite();
  dedup = new DynamoEventDedup(db.docClient, { tableName: db.tableName, clock: clock.now });
});
afterAll(async () => db.close());

describe('event de-duplication', () => {
  it('accepts an event id the first time and reports every later delivery as a duplicate', async () => {
    expect(await dedup.claimEventId('01J-first')).toBe(true);
    expect(await dedup.claimEventId('01J-first')).toBe(false);
    expect(await dedup.claimEventId('01J-second')).toBe(true);
  });

  it('lets exactly one of many concurrent deliveries through', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => dedup.claimEventId('01J-burst')));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('remembers an id for 7 days by default (ttl in epoch seconds)', async () => {
    await dedup.claimEventId('01J-ttl');
    const item = (await db.docClient.send(new GetCommand({ TableName: db.tableName, Key: keys.event('01J-ttl') }))).Item;
    expect(item?.ttl).toBe(Date.parse('2026-11-30T10:00:00.000Z') / 1000);
  });

  it('accepts the id again once the claim expired, even before DynamoDB deleted it', async () => {
    const local = manualClock('2026-11-23T10:00:00.000Z');
    const timed = new DynamoEventDedup(db.docClient, { tableName: db.tableName, clock: local.now });
    expect(await timed.claimEventId('01J-old', 1)).toBe(true);
    local.advanceDays(2);
    expect(await timed.claimEventId('01J-old', 1)).toBe(true);
  });

  it('accepts a released id again, so a failed start can be retried', async () => {
    expect(await dedup.claimEventId('01J-retry')).toBe(true);
    await dedup.releaseEventId('01J-retry');
    expect(await dedup.claimEventId('01J-retry')).toBe(true);
  });
});
