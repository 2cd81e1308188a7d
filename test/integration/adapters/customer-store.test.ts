import { GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCustomerStores, type CustomerStores } from '../../../functions/adapters/customer-stores';
import { DynamoSurveyStore } from '../../../functions/adapters/survey-store';
import { keys, phoneHash } from '../../../functions/adapters/keys';
import { NotFoundError } from '../../../functions/domain/errors';
import { decision, manualClock, profile, suppression } from '../../support/adapter-fixtures';
import { startDynalite, type DynaliteHandle } from '../../support/dynalite';

let db: DynaliteHandle;
const clock = manualClock('2026-11-23T12:00:00.000Z');
let store: CustomerStores;

beforeAll(async () => {
  db = await startDynalite();
  store = createCustomerStores(db.docClient, { tableName: db.tableName, clock: clock.now });
});
afterAll(async () => db.close());

async function itemsOf(pk: string) {
  const result = await db.docClient.send(
    new ScanCommand({ TableName: db.tableName, FilterExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true }),
  );
  return result.Items ?? [];
}

async function rawItem(key: { pk: string; sk: string }) {
  return (await db.docClient.send(new GetCommand({ TableName: db.tableName, Key: key, ConsistentRead: true }))).Item;
}

describe('loading a decision context', () => {
  it('costs exactly one DynamoDB call and returns profile, suppressions and ledger', async () => {
    const id = 'ctx-1';
    await store.profiles.putProfile(profile(id));
    await store.suppressions.putSuppression(id, suppression());
    await store.suppressions.putSuppression(id, suppression({ kind: 'hard_bounce', ref: 'msg-0', reason: 'bounced', source: 'ses' }));
    await store.ledger.recordDecision(id, decision(id, 'm-1'));
    await store.ledger.recordDecision(id, decision(id, 'm-2', { outcome: 'deferred', sendAt: '2026-11-24T08:00:00.000Z' }));
    await store.ledger.claimSend(id, 'm-1', 'email');
    await store.waits.putWait(id, 'survey#exec-1', 'token-1', '2026-11-30T00:00:00.000Z');

    db.commands.reset();
    const context = await store.decisionContexts.loadDecisionContext(id);

    expect(db.commands.names).toEqual(['QueryCommand']);
    expect(context.profile).toEqual(profile(id));
    expect(context.suppressions.map((s) => s.kind).sort()).toEqual(['hard_bounce', 'open_incident']);
    expect(context.suppressions.find((s) => s.kind === 'open_incident')).toEqual(suppression());
    expect(context.ledger.map((entry) => entry.messageId).sort()).toEqual(['m-1', 'm-2']);
    expect(context.ledger.find((entry) => entry.messageId === 'm-2')).toEqual(decision(id, 'm-2', { outcome: 'deferred', sendAt: '2026-11-24T08:00:00.000Z' }));
  });

  it('returns no profile and empty lists for an unknown customer', async () => {
    expect(await store.decisionContexts.loadDecisionContext('nobody')).toEqual({ profile: null, suppressions: [], ledger: [] });
  });

  it('leaves out suppressions and ledger entries whose ttl has passed but which are not deleted yet', async () => {
    const id = 'ctx-expiry';
    const local = manualClock('2026-11-23T12:00:00.000Z');
    const timed = createCustomerStores(db.docClient, { tableName: db.tableName, clock: local.now, ledgerTtlDays: 30 });
    await timed.profiles.putProfile(profile(id));
    await timed.suppressions.putSuppression(id, suppression({ kind: 'detractor_cooldown', ref: 'survey-1', expiresAt: '2026-11-25T12:00:00.000Z' }));
    await timed.suppressions.putSuppression(id, suppression({ kind: 'manual', ref: 'ops', expiresAt: '2027-01-01T00:00:00.000Z' }));
    await timed.ledger.recordDecision(id, decision(id, 'old', { at: '2026-11-01T00:00:00.000Z' }));
    await timed.ledger.recordDecision(id, decision(id, 'new', { at: '2026-11-23T11:00:00.000Z' }));

    local.set('2026-12-05T00:00:00.000Z');
    const context = await timed.decisionContexts.loadDecisionContext(id);

    expect(context.suppressions.map((s) => s.kind)).toEqual(['manual']);
    expect(context.ledger.map((entry) => entry.messageId)).toEqual(['new']);
  });
});

describe('ttl attributes', () => {
  it('are epoch seconds: a suppression expires at its expiresAt, ledger and claims after the retention', async () => {
    const id = 'ttl-1';
    await store.suppressions.putSuppression(id, suppression({ kind: 'detractor_cooldown', ref: 's-1', expiresAt: '2026-12-23T10:00:00.000Z' }));
    await store.suppressions.putSuppression(id, suppression({ kind: 'manual', ref: 'forever' }));
    await store.ledger.recordDecision(id, decision(id, 'm-1', { at: '2026-11-23T10:00:00.000Z' }));
    await store.ledger.claimSend(id, 'm-1', 'email');
    await store.waits.putWait(id, 'w-1', 'token', '2026-11-30T00:00:00.000Z');

    expect((await rawItem(keys.suppression(id, 'detractor_cooldown', 's-1')))?.ttl).toBe(Date.parse('2026-12-23T10:00:00.000Z') / 1000);
    expect((await rawItem(keys.suppression(id, 'manual', 'forever')))?.ttl).toBeUndefined();
    expect((await rawItem(keys.message(id, 'm-1')))?.ttl).toBe(Date.parse('2026-11-23T10:00:00.000Z') / 1000 + 90 * 86_400);
    expect((await rawItem(keys.send(id, 'm-1')))?.ttl).toBe(Date.parse('2026-11-23T12:00:00.000Z') / 1000 + 90 * 86_400);
    const [wait] = await store.waits.takeWaits(id, 'w-1');
    expect(wait?.token).toBe('token');
  });

  it('of a deferred decision counts from its planned send time', async () => {
    const id = 'ttl-2';
    await store.ledger.recordDecision(id, decision(id, 'd-1', { outcome: 'deferred', at: '2026-11-23T10:00:00.000Z', sendAt: '2026-11-25T08:00:00.000Z' }));
    expect((await rawItem(keys.message(id, 'd-1')))?.ttl).toBe(Date.parse('2026-11-25T08:00:00.000Z') / 1000 + 90 * 86_400);
  });
});

describe('profiles', () => {
  it('reports created for a new customer and not for a replaced one', async () => {
    expect(await store.profiles.putProfile(profile('p-1'))).toEqual({ created: true });
    expect(await store.profiles.putProfile(profile('p-1', { locale: 'en' }))).toEqual({ created: false });
    expect((await store.profiles.getProfile('p-1'))?.locale).toBe('en');
    expect(await store.profiles.getProfile('p-unknown')).toBeNull();
  });

  it('changing a segment value removes the stale membership and adds the new one', async () => {
    const id = 'p-move';
    await store.profiles.putProfile(profile(id, { segment: { region: 'eu-central', plan: 'pro' } }));
    await store.profiles.putProfile(profile(id, { segment: { region: 'us-east' } }));

    const memberships = (await itemsOf(`CUSTOMER#${id}`)).filter((item) => String(item.sk).startsWith('SEGMENT#'));
    expect(memberships.map((item) => item.sk).sort()).toEqual(['SEGMENT#*', 'SEGMENT#region=us-east']);
    expect(memberships.every((item) => item.customerId === id && item.rev === 2)).toBe(true);
  });

  it('concurrent writes leave exactly the memberships of the profile that won', async () => {
    const id = 'p-race';
    const regions = ['r-a', 'r-b', 'r-c', 'r-d', 'r-e'];
    await Promise.all(regions.map((region) => store.profiles.putProfile(profile(id, { segment: { region } }))));

    const stored = await store.profiles.getProfile(id);
    const memberships = (await itemsOf(`CUSTOMER#${id}`)).filter((item) => String(item.sk).startsWith('SEGMENT#'));
    expect(memberships.map((item) => item.sk).sort()).toEqual(['SEGMENT#*', `SEGMENT#region=${stored?.segment.region}`]);
  });

  it('opting out of one channel of a topic keeps the other channels and topics', async () => {
    const id = 'p-consent';
    await store.profiles.putProfile(profile(id, { consents: { offers: true, product_news: true } }));

    const afterChannel = await store.profiles.updateConsent(id, { topic: 'offers', channel: 'email', granted: false });
    expect(afterChannel.consents).toEqual({ offers: { email: false, sms: true, push: true }, product_news: true });

    const afterTopic = await store.profiles.updateConsent(id, { topic: 'product_news', granted: false });
    expect(afterTopic.consents).toEqual({ offers: { email: false, sms: true, push: true }, product_news: false });
    expect(await store.profiles.getProfile(id)).toEqual(afterTopic);
  });

  it('a per-channel opt-in on a marketing topic without consent keeps the other channels opted out', async () => {
    const id = 'p-optin';
    await store.profiles.putProfile(profile(id, { consents: {} }));
    const updated = await store.profiles.updateConsent(id, { topic: 'offers', channel: 'push', granted: true });
    expect(updated.consents.offers).toEqual({ email: false, sms: false, push: true });
  });

  it('changing consent of an unknown customer is a NotFoundError', async () => {
    await expect(store.profiles.updateConsent('p-nobody', { topic: 'offers', granted: false })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('suppressions', () => {
  it('are upserted by kind and ref, and removed', async () => {
    const id = 'sup-1';
    await store.suppressions.putSuppression(id, suppression({ ref: 'INC-1' }));
    await store.suppressions.putSuppression(id, suppression({ ref: 'INC-1', reason: 'still open' }));
    await store.suppressions.putSuppression(id, suppression({ ref: 'INC-2' }));
    expect((await store.decisionContexts.loadDecisionContext(id)).suppressions.map((s) => [s.ref, s.reason])).toEqual([
      ['INC-1', 'still open'],
      ['INC-2', 'open critical incident INC-42'],
    ]);

    expect(await store.suppressions.removeSuppression(id, 'open_incident', 'INC-1')).toBe(true);
    expect(await store.suppressions.removeSuppression(id, 'open_incident', 'INC-1')).toBe(false);
    expect((await store.decisionContexts.loadDecisionContext(id)).suppressions.map((s) => s.ref)).toEqual(['INC-2']);
  });
});

describe('the message ledger', () => {
  it('overwrites a decision with the same messageId and lists recent decisions newest first', async () => {
    const id = 'led-1';
    await store.ledger.recordDecision(id, decision(id, 'a', { at: '2026-11-20T10:00:00.000Z' }));
    await store.ledger.recordDecision(id, decision(id, 'b', { at: '2026-11-22T10:00:00.000Z', outcome: 'deferred' }));
    await store.ledger.recordDecision(id, decision(id, 'c', { at: '2026-11-21T10:00:00.000Z' }));
    await store.ledger.recordDecision(id, decision(id, 'b', { at: '2026-11-23T08:00:00.000Z', outcome: 'sent', providerMessageId: 'ses-1' }));

    const recent = await store.ledger.recentDecisions(id, 2);
    expect(recent.map((d) => [d.messageId, d.outcome])).toEqual([
      ['b', 'sent'],
      ['c', 'sent'],
    ]);
    expect(recent[0]).toEqual(decision(id, 'b', { at: '2026-11-23T08:00:00.000Z', outcome: 'sent', providerMessageId: 'ses-1' }));
  });

  it('refuses a decision filed under another customer', async () => {
    await expect(store.ledger.recordDecision('led-2', decision('someone-else', 'x'))).rejects.toThrow(/another customer/);
  });
});

describe('send claims', () => {
  it('let the first caller claim a message and show later callers the claim, then the provider id', async () => {
    const id = 'send-1';
    expect(await store.ledger.claimSend(id, 'msg-1', 'email')).toEqual({ claimed: true });

    const second = await store.ledger.claimSend(id, 'msg-1', 'email');
    expect(second).toMatchObject({ claimed: false, existing: { status: 'claimed', channel: 'email', messageId: 'msg-1' } });

    await store.ledger.completeSend(id, 'msg-1', { providerMessageId: 'ses-123', channel: 'email' });
    expect(await store.ledger.claimSend(id, 'msg-1', 'sms')).toMatchObject({
      claimed: false,
      existing: { status: 'sent', channel: 'email', providerMessageId: 'ses-123' },
    });
  });

  it('are claimed by exactly one of many concurrent callers', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => store.ledger.claimSend('send-race', 'msg-1', 'sms')));
    expect(results.filter((r) => r.claimed)).toHaveLength(1);
  });

  it('can be claimed again after a release, but a sent claim is never released', async () => {
    const id = 'send-2';
    await store.ledger.claimSend(id, 'msg-1', 'email');
    expect(await store.ledger.releaseSend(id, 'msg-1')).toBe(true);
    expect(await store.ledger.claimSend(id, 'msg-1', 'sms')).toEqual({ claimed: true });

    await store.ledger.completeSend(id, 'msg-1', { providerMessageId: 'sns-9', channel: 'sms' });
    expect(await store.ledger.releaseSend(id, 'msg-1')).toBe(false);
    expect((await store.ledger.claimSend(id, 'msg-1', 'sms')).claimed).toBe(false);
  });
});

describe('an expired send claim', () => {
  it('blocks until the instant its ttl passes, then is claimed afresh (a crash between claim and send is not forever)', async () => {
    const own = manualClock('2026-11-23T12:00:00.000Z');
    const shortLived = createCustomerStores(db.docClient, { tableName: db.tableName, clock: own.now, ledgerTtlDays: 1 });
    const id = 'send-expired';
    expect(await shortLived.ledger.claimSend(id, 'msg-1', 'email')).toEqual({ claimed: true });
    expect(await rawItem(keys.send(id, 'msg-1'))).toMatchObject({ status: 'claimed', ttl: Date.parse('2026-11-24T12:00:00.000Z') / 1000 });

    // A second before the ttl: still held by the first claimer.
    own.set('2026-11-24T11:59:59.000Z');
    expect(await shortLived.ledger.claimSend(id, 'msg-1', 'sms')).toEqual({
      claimed: false,
      existing: expect.objectContaining({ status: 'claimed', channel: 'email', claimedAt: '2026-11-23T12:00:00.000Z' }),
    });
    expect(await shortLived.ledger.getSendClaim(id, 'msg-1')).toMatchObject({ status: 'claimed', channel: 'email' });

    // At the ttl (the sweep has not deleted it): expired, so it counts as none and the next caller claims it.
    own.set('2026-11-24T12:00:00.000Z');
    expect(await shortLived.ledger.getSendClaim(id, 'msg-1')).toBeNull();
    expect(await shortLived.ledger.claimSend(id, 'msg-1', 'sms')).toEqual({ claimed: true });
    expect(await rawItem(keys.send(id, 'msg-1'))).toMatchObject({
      status: 'claimed',
      channel: 'sms',
      claimedAt: '2026-11-24T12:00:00.000Z',
      ttl: Date.parse('2026-11-25T12:00:00.000Z') / 1000,
    });
    // …and the new claim blocks like any other.
    expect((await shortLived.ledger.claimSend(id, 'msg-1', 'email')).claimed).toBe(false);
  });
});

describe('waits', () => {
  it('are taken once, per exact key: a second take finds nothing', async () => {
    const id = 'wait-1';
    await store.waits.putWait(id, 'incident:INC-1', 'token-1', '2026-12-01T00:00:00.000Z');
    await store.waits.putWait(id, 'incident:INC-1', 'token-2', '2026-12-01T00:00:00.000Z');
    await store.waits.putWait(id, 'incident:INC-12', 'token-3', '2026-12-01T00:00:00.000Z');

    const taken = await store.waits.takeWaits(id, 'incident:INC-1');
    expect(taken.map((w) => w.token).sort()).toEqual(['token-1', 'token-2']);
    expect(await store.waits.takeWaits(id, 'incident:INC-1')).toEqual([]);
    expect(await store.waits.takeWaits(id, 'incident:INC-12')).toEqual([{ waitKey: 'incident:INC-12', token: 'token-3' }]);
  });

  it('hand each token to only one of two concurrent takers', async () => {
    const id = 'wait-race';
    for (let i = 0; i < 5; i++) await store.waits.putWait(id, 'k', `t-${i}`, '2026-12-01T00:00:00.000Z');
    const [a, b] = await Promise.all([store.waits.takeWaits(id, 'k'), store.waits.takeWaits(id, 'k')]);
    const tokens = [...(a ?? []), ...(b ?? [])].map((w) => w.token).sort();
    expect(tokens).toEqual(['t-0', 't-1', 't-2', 't-3', 't-4']);
  });

  it('that expired are not returned', async () => {
    const id = 'wait-expired';
    await store.waits.putWait(id, 'k', 't-1', '2026-11-23T11:00:00.000Z');
    expect(await store.waits.takeWaits(id, 'k')).toEqual([]);
  });

  it('keep a signal that arrived before its journey parked, once, oldest first', async () => {
    const id = 'signal-1';
    await store.waits.putPendingSignal(id, { waitKey: 'incident:INC-1', signalId: 'e-1', output: { event: { id: 'e-1' } } }, '2026-12-01T00:00:00.000Z');
    await store.waits.putPendingSignal(id, { waitKey: 'incident:INC-1', signalId: 'e-2', output: { event: { id: 'e-2' } } }, '2026-12-01T00:00:00.000Z');
    await store.waits.putPendingSignal(id, { waitKey: 'incident:INC-10', signalId: 'e-3', output: {} }, '2026-12-01T00:00:00.000Z');
    const taken = await store.waits.takePendingSignals(id, 'incident:INC-1');
    expect(taken.map((s) => s.signalId)).toEqual(['e-1', 'e-2']);
    expect(taken[0]?.output).toEqual({ event: { id: 'e-1' } });
    expect(await store.waits.takePendingSignals(id, 'incident:INC-1')).toEqual([]);
  });
});

const ERASED_PHONE = '+421900555000';

describe('erasing a customer', () => {
  it('deletes every item of the collection and the survey it points to, and nothing of anyone else', async () => {
    const id = 'erase-me';
    const surveys = new DynamoSurveyStore(db.docClient, { tableName: db.tableName, clock: clock.now });
    await store.profiles.putProfile(profile(id, { phone: ERASED_PHONE }));
    await store.executionLog.recordExecution(id, { journey: 'onboarding', id: 'arn:aws:states:eu-central-1:123456789012:execution:onboarding:x', name: 'x', startedAt: '2026-11-23T10:00:00Z' });
    await store.profiles.putProfile(profile('keep-me'));
    await store.suppressions.putSuppression(id, suppression());
    await store.suppressions.putSuppression(id, suppression({ kind: 'hard_bounce', ref: 'b-1' }));
    for (let i = 0; i < 30; i++) await store.ledger.recordDecision(id, decision(id, `m-${i}`));
    await store.ledger.claimSend(id, 'm-0', 'email');
    await store.waits.putWait(id, 'w-1', 'token', '2026-12-01T00:00:00.000Z');
    await surveys.create({ token: 'tok-erase', customerId: id, surveyId: 's-1', execution: 'exec-1', taskToken: 'tt', expiresAt: '2026-12-01T00:00:00.000Z' });

    const counts = await store.erasure.eraseCustomer(id);

    expect(counts).toEqual({
      profile: 1,
      suppressions: 2,
      ledger: 30,
      memberships: 3,
      sends: 1,
      waits: 1,
      surveys: 1,
      executions: 1,
      phones: 1,
      other: 0,
      total: 41,
    });
    expect(await itemsOf(`CUSTOMER#${id}`)).toEqual([]);
    expect(await store.phones.findCustomerByPhone(ERASED_PHONE)).toBeNull();
    expect(await itemsOf(`PHONE#${phoneHash(ERASED_PHONE)}`)).toEqual([]);
    expect(await itemsOf('SURVEY#tok-erase')).toEqual([]);
    const everything = (await db.docClient.send(new ScanCommand({ TableName: db.tableName, ConsistentRead: true }))).Items ?? [];
    expect(everything.filter((item) => JSON.stringify(item).includes(id))).toEqual([]);
    expect(await store.profiles.getProfile('keep-me')).toEqual(profile('keep-me'));
    expect(await store.erasure.eraseCustomer(id)).toMatchObject({ total: 0 });
  });
});


describe('the phone lookup', () => {
  it('finds the customer by number, follows number changes and leaves no pointer behind', async () => {
    await store.profiles.putProfile(profile('ph-1', { phone: '+421900700001' }));
    expect(await store.phones.findCustomerByPhone('+421900700001')).toBe('ph-1');
    expect(await rawItem(keys.phone(phoneHash('+421900700001')))).toMatchObject({ customerId: 'ph-1' });

    await store.profiles.putProfile(profile('ph-1', { phone: '+421900700002' }));
    expect(await store.phones.findCustomerByPhone('+421900700001')).toBeNull();
    expect(await rawItem(keys.phone(phoneHash('+421900700001')))).toBeUndefined();
    expect(await store.phones.findCustomerByPhone('+421900700002')).toBe('ph-1');

    await store.profiles.putProfile(profile('ph-1', { phone: null }));
    expect(await store.phones.findCustomerByPhone('+421900700002')).toBeNull();
    const refs = (await itemsOf('CUSTOMER#ph-1')).filter((item) => String(item.sk).startsWith('PHONEREF#'));
    expect(refs).toEqual([]);
  });

  it('moves a number to the customer who has it now, and the previous owner cannot remove it', async () => {
    await store.profiles.putProfile(profile('ph-old', { phone: '+421900700010' }));
    await store.profiles.putProfile(profile('ph-new', { phone: '+421900700010' }));
    expect(await store.phones.findCustomerByPhone('+421900700010')).toBe('ph-new');

    // The previous owner changing or erasing their profile must not take the number away from the new owner.
    await store.profiles.putProfile(profile('ph-old', { phone: '+421900700011' }));
    await store.erasure.eraseCustomer('ph-old');
    expect(await store.phones.findCustomerByPhone('+421900700010')).toBe('ph-new');
  });

  it('does not name a customer whose profile no longer has the number (a stale pointer)', async () => {
    await store.profiles.putProfile(profile('ph-stale', { phone: '+421900700020' }));
    await db.docClient.send(new PutCommand({ TableName: db.tableName, Item: { ...keys.phone(phoneHash('+421900700021')), customerId: 'ph-stale', rev: 1 } }));
    expect(await store.phones.findCustomerByPhone('+421900700021')).toBeNull();
    expect(await store.phones.findCustomerByPhone('+421900799999')).toBeNull();
  });

  it('keeps the decision context to one Query', async () => {
    await store.profiles.putProfile(profile('ph-ctx', { phone: '+421900700030' }));
    db.commands.reset();
    const context = await store.decisionContexts.loadDecisionContext('ph-ctx');
    expect(db.commands.names).toEqual(['QueryCommand']);
    expect(context.profile?.phone).toBe('+421900700030');
  });
});

describe('executions', () => {
  const arn = (name: string) => `arn:aws:states:eu-central-1:123456789012:execution:journeys-onboarding:${name}`;

  it('are listed newest first, at most the limit, and recording one twice keeps one', async () => {
    const id = 'ex-1';
    await store.executionLog.recordExecution(id, { journey: 'onboarding', id: arn('a'), name: 'a', startedAt: '2026-11-20T10:00:00Z' });
    await store.executionLog.recordExecution(id, { journey: 'incident', id: arn('b'), name: 'b', startedAt: '2026-11-22T10:00:00+01:00' });
    await store.executionLog.recordExecution(id, { journey: 'post-resolution', id: arn('c'), name: 'c', startedAt: '2026-11-21T10:00:00Z' });
    await store.executionLog.recordExecution(id, { journey: 'post-resolution', id: arn('c'), name: 'c', startedAt: '2026-11-21T10:00:00Z' });

    expect(await store.executionLog.listExecutions(id)).toEqual([
      { journey: 'incident', id: arn('b'), name: 'b', startedAt: '2026-11-22T09:00:00.000Z' },
      { journey: 'post-resolution', id: arn('c'), name: 'c', startedAt: '2026-11-21T10:00:00.000Z' },
      { journey: 'onboarding', id: arn('a'), name: 'a', startedAt: '2026-11-20T10:00:00.000Z' },
    ]);
    expect((await store.executionLog.listExecutions(id, 2)).map((e) => e.name)).toEqual(['b', 'c']);
    expect(await store.executionLog.listExecutions('ex-nobody')).toEqual([]);
    expect((await rawItem(keys.execution(id, '2026-11-20T10:00:00.000Z', 'a')))?.ttl).toBe(Date.parse('2026-11-20T10:00:00Z') / 1000 + 400 * 86_400);
  });
});
