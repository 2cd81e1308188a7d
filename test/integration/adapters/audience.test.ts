import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCustomerStores, type CustomerStores } from '../../../functions/adapters/customer-stores';
import { audienceIncludes } from '../../../functions/domain/rules/audience';
import { SHARD_COUNT, shardOf } from '../../../functions/adapters/keys';
import { ValidationError } from '../../../functions/domain/errors';
import type { Audience } from '../../../functions/domain/model/crisis';
import type { Profile } from '../../../functions/domain/model/profile';
import { profile } from '../../support/adapter-fixtures';
import { startDynalite, type DynaliteHandle } from '../../support/dynalite';

const REGIONS = ['eu-central', 'eu-west', 'us-east'] as const;
const PLANS = ['free', 'pro', 'team'] as const;

let db: DynaliteHandle;
let store: CustomerStores;
const profiles: Profile[] = [];

beforeAll(async () => {
  db = await startDynalite();
  store = createCustomerStores(db.docClient, { tableName: db.tableName });
  // 200 customers over 3 regions and 3 plans; every 7th has no plan, so a 2-key match must skip them.
  for (let i = 0; i < 200; i++) {
    const segment: Record<string, string> = { region: REGIONS[i % 3] as string };
    if (i % 7 !== 0) segment.plan = PLANS[Math.floor(i / 3) % 3] as string;
    profiles.push(profile(`cust-${String(i).padStart(3, '0')}`, { segment }));
  }
  for (let i = 0; i < profiles.length; i += 20) await Promise.all(profiles.slice(i, i + 20).map((p) => store.profiles.putProfile(p)));
}, 120_000);
afterAll(async () => db.close());

/** Reads every shard page by page (small pages, so cursors are exercised) and returns all ids in order. */
async function everyMember(audience: Audience, limit = 7): Promise<string[]> {
  const ids: string[] = [];
  for (let shard = 0; shard < SHARD_COUNT; shard++) {
    let cursor: string | undefined;
    do {
      const page = await store.audiences.audienceMembers(audience, { shard, limit, ...(cursor ? { cursor } : {}) });
      expect(page.customerIds.length).toBeLessThanOrEqual(limit);
      ids.push(...page.customerIds);
      cursor = page.cursor;
    } while (cursor);
  }
  return ids;
}

function expected(audience: Audience): string[] {
  return profiles.filter((p) => audienceIncludes(audience, p.segment)).map((p) => p.customerId).sort();
}

describe('audience queries over the sharded segment index', () => {
  it('spread 200 customers over all 16 shards', () => {
    const used = new Set(profiles.map((p) => shardOf(p.customerId)));
    expect(used.size).toBe(SHARD_COUNT);
  });

  it.each<[string, Audience]>([
    ['everyone', { all: true }],
    ['one region', { region: ['eu-central'] }],
    ['two regions', { region: ['eu-central', 'us-east'] }],
    ['a region and a plan', { region: ['eu-west'], plan: ['pro'] }],
    ['two regions and two plans', { plan: ['team', 'pro'], region: ['us-east', 'eu-central'] }],
    ['a value nobody has', { region: ['ap-south'] }],
  ])('return exactly the matching customers, each once, for %s', async (name, audience) => {
    const ids = await everyMember(audience);
    if (name !== 'a value nobody has') expect(expected(audience).length).toBeGreaterThan(10);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(expected(audience));
    expect(await store.audiences.countAudience(audience)).toBe(expected(audience).length);
  });

  it('return the same members whatever the page size', async () => {
    const audience: Audience = { region: ['eu-west', 'eu-central'], plan: ['free'] };
    expect((await everyMember(audience, 1)).sort()).toEqual((await everyMember(audience, 1000)).sort());
  });

  it('stop listing a customer in a segment they left', async () => {
    const mover = profiles[3] as Profile;
    const moved = { ...mover, segment: { region: 'ap-south' } };
    await store.profiles.putProfile(moved);
    try {
      expect(await everyMember({ region: [mover.segment.region as string] })).not.toContain(mover.customerId);
      expect(await everyMember({ region: ['ap-south'] })).toEqual([mover.customerId]);
      expect(await everyMember({ all: true })).toContain(mover.customerId);
    } finally {
      await store.profiles.putProfile(mover);
    }
  });

  it('forget an erased customer', async () => {
    const erased = profile('cust-erased', { segment: { region: 'eu-central' } });
    await store.profiles.putProfile(erased);
    await store.erasure.eraseCustomer(erased.customerId);
    expect(await everyMember({ all: true }, 1000)).not.toContain(erased.customerId);
  });

  it('refuse a shard out of range and a cursor they did not issue', async () => {
    await expect(store.audiences.audienceMembers({ all: true }, { shard: SHARD_COUNT })).rejects.toBeInstanceOf(ValidationError);
    await expect(store.audiences.audienceMembers({ all: true }, { shard: 0, cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('read a page of one shard with one index Query per listed value', async () => {
    db.commands.reset();
    await store.audiences.audienceMembers({ region: ['eu-central'] }, { shard: 0, limit: 1000 });
    expect(db.commands.names).toEqual(['QueryCommand']);
  });
});
