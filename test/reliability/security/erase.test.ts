/**
 * Erasure (docs/architecture.md: "erasure on request"). A customer goes through onboarding, a critical incident, a
 * crisis with its SMS and push broadcasts and the all-clear, and a survey answered with a comment; then
 * `DELETE /profiles/{id}`. Afterwards nothing of theirs is left: no item in either table names their id, email,
 * phone (or its lookup hash), name or push endpoint; the local inbox and outbox — in memory, in their files, and
 * after a restart — hold none of their messages. Another customer who lived through the same story keeps
 * everything.
 *
 * Not covered by erasure (docs/reliability-security.md): execution histories (the Step Functions journal keeps the
 * customer id and the events, as the service keeps histories for 90 days); journeys still running, which end at
 * their next exit check and meanwhile may park on a wait again (an expiring WAIT# item with the customer id and a
 * task token, no contact data); route-event's idempotency records (7 days); and LevelDB's own files under
 * `dynamodb/`, which hold deleted values until LevelDB compacts them (the table does not serve them).
 *
 * After the shared story (beforeAll), the erasure and what follows are stages (test/support/story.ts): each test
 * reaches the one it starts from, so each also runs alone.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_IDEMPOTENCY_TABLE_NAME, DEFAULT_TABLE_NAME } from '../../../functions/adapters/table-definition';
import { linkIn } from '../../support/scenario';
import { START, startTestRuntime, type TestRuntime } from '../../support/runtime';
import { story } from '../../support/story';
import { scanTable } from '../bad-input/support';

const HOUR = 3_600_000;
let rt: TestRuntime;
let seq = 0;

const person = (id: string, name: string, phone: string) => ({
  customerId: id,
  name,
  email: `${id}@example.com`,
  phone,
  pushEndpoint: `arn:aws:sns:eu-central-1:123456789012:endpoint/GCM/journeys/${id}`,
  locale: 'en',
  timeZone: 'Europe/London',
  segment: { region: 'eu-central', plan: 'pro' },
  consents: { onboarding_tips: true, product_news: true, offers: true, surveys: true, service_updates: true },
  channelPreferences: ['email', 'sms', 'push'],
});
const ERIKA = person('erika-erasable', 'Erika Erasable', '+421911222333');
const KEEP = person('karl-kept', 'Karl Kept', '+421944555666');
const PERSONAL = [ERIKA.customerId, ERIKA.email, ERIKA.phone, ERIKA.phone.slice(1), ERIKA.name, ERIKA.pushEndpoint, createHash('sha256').update(ERIKA.phone).digest('hex')];
const COMMENT = 'Erika here: the outage cost me a day';

const event = (customerId: string, type: string, data: Record<string, unknown> = {}) => ({
  id: `erase-evt-${++seq}`,
  type,
  occurredAt: rt.clock.date().toISOString(),
  source: 'erase-test',
  customerId,
  data,
});
const oncall = () => ({ authorization: `Bearer ${rt.oncallToken}` });

async function post(...events: ReturnType<typeof event>[]) {
  const answer = await rt.api('POST', '/events', { events });
  expect(answer.status).toBe(202);
  await rt.idle();
}

/** Every file of the data directory except LevelDB's, with the personal strings each contains. */
function filesMentioning(dir: string, needles: readonly string[]): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  const walk = (path: string) => {
    for (const entry of readdirSync(path)) {
      const full = join(path, entry);
      const name = relative(rt.dataDir!, full);
      if (name === 'dynamodb' || name === 'cdk.out') continue;
      if (statSync(full).isDirectory()) walk(full);
      else {
        const text = readFileSync(full, 'latin1');
        const hits = needles.filter((needle) => text.includes(needle));
        if (hits.length > 0) found[name] = hits;
      }
    }
  };
  walk(dir);
  return found;
}

async function everything(): Promise<string> {
  return JSON.stringify([await scanTable(rt, DEFAULT_TABLE_NAME), await scanTable(rt, DEFAULT_IDEMPOTENCY_TABLE_NAME)]);
}

/**
 * Both tables as text, except route-event's idempotency records of the journeys it started: they keep the
 * execution name (which embeds the event id, and an event id may embed a customer id) for 7 days, so a redelivered
 * event starts nothing twice. They hold no contact data; that is checked separately.
 */
async function everythingButStartRecords(): Promise<{ stored: string; startRecords: Record<string, unknown>[] }> {
  const idempotency = await scanTable(rt, DEFAULT_IDEMPOTENCY_TABLE_NAME);
  const isStartRecord = (item: Record<string, unknown>) =>
    Array.isArray(item.data) && (item.data as { action?: unknown }[]).every((outcome) => ['start', 'signal', 'apply'].includes(String(outcome.action)));
  const startRecords = idempotency.filter(isStartRecord);
  return { stored: JSON.stringify([await scanTable(rt, DEFAULT_TABLE_NAME), idempotency.filter((item) => !isStartRecord(item))]), startRecords };
}

/**
 * After the erasure, journeys that were running go on until their next exit check (erasure does not stop
 * executions: docs/reliability-security.md). One parked on a wait then parks again: a WAIT# item keyed by the
 * customer id with the task token, no contact data, expiring with the wait. Nothing else may name them.
 */
async function expectOnlyExpiringWaits(): Promise<void> {
  const { stored } = await everythingButStartRecords();
  for (const needle of PERSONAL.filter((text) => text !== ERIKA.customerId)) expect(stored, needle).not.toContain(needle);
  const naming = (await scanTable(rt, DEFAULT_TABLE_NAME)).filter((item) => JSON.stringify(item).includes(ERIKA.customerId));
  for (const item of naming) {
    expect(String(item.sk), JSON.stringify(item).slice(0, 300)).toMatch(/^(WAIT|SIGNAL)#/);
    expect(Number(item.ttl) * 1000).toBeLessThanOrEqual(rt.clock.now() + 8 * 24 * HOUR);
  }
}

beforeAll(async () => {
  rt = await startTestRuntime({ dataDir: 'temp' });
  expect(rt.clock.date().toISOString()).toBe(START);
  for (const customer of [ERIKA, KEEP]) expect((await rt.api('PUT', `/profiles/${customer.customerId}`, customer)).status).toBe(200);
  await post(event(ERIKA.customerId, 'customer.signed_up'), event(KEEP.customerId, 'customer.signed_up'));
  await post(
    event(ERIKA.customerId, 'incident.opened', { incidentId: 'INC-E', severity: 'critical', title: 'Card payments failing' }),
    event(KEEP.customerId, 'incident.opened', { incidentId: 'INC-K', severity: 'critical', title: 'Card payments failing' }),
  );
  await rt.clock.advance(HOUR);
  await rt.idle();

  const declared = await rt.api('PUT', '/crisis', { severity: 'sev1', headline: 'Payments outage', message: { en: 'Cards fail.' }, affected: { region: ['eu-central'] } }, oncall());
  expect(declared.status).toBe(200);
  await rt.idle();
  expect((await rt.api('DELETE', '/crisis', { postmortemUrl: 'https://status.example.com/pm' }, oncall())).status).toBe(200);
  await rt.idle();

  await post(event(ERIKA.customerId, 'incident.resolved', { incidentId: 'INC-E' }), event(KEEP.customerId, 'incident.resolved', { incidentId: 'INC-K' }));
  await rt.clock.advance(2 * 24 * HOUR);
  await rt.idle();
  for (const customer of [ERIKA, KEEP]) {
    const invitation = (await rt.inbox.emails()).filter((email) => email.destination.to.includes(customer.email) && linkIn(email.body.text, '/surveys/')).at(-1);
    const url = linkIn(invitation?.body.text, '/surveys/');
    expect(url, `survey link for ${customer.customerId}`).toBeDefined();
    expect((await rt.api('POST', new URL(url!).pathname, { score: 3, comment: COMMENT })).status).toBe(200);
  }
  await rt.idle();
}, 240_000);
afterAll(async () => rt?.stop());

const emailsTo = async (address: string) => (await rt.inbox.emails()).filter((email) => email.destination.to.includes(address));

const stages = story({
  /** Erika is erased; resolves with the answer and what the other customer had received until then. */
  erased: async () => {
    const kept = { emails: (await emailsTo(KEEP.email)).length, texts: rt.outbox.list({ to: [KEEP.phone, KEEP.pushEndpoint] }).length };
    const answer = await rt.api('DELETE', `/profiles/${ERIKA.customerId}`);
    await rt.idle();
    return { status: answer.status, kept };
  },
  /** Five days on: the journeys that were running go on. */
  fiveDaysOn: async () => {
    await rt.clock.advance(5 * 24 * HOUR);
    await rt.idle();
  },
  /** The runtime restarted on its data directory. */
  restarted: async () => {
    rt = await rt.restart();
    await rt.idle();
  },
});

describe('erasing a customer', () => {
  it('finds the customer everywhere before the erasure (the checks below can see what they look for)', async () => {
    const stored = await everything();
    for (const needle of PERSONAL) expect(stored, needle).toContain(needle);
    expect(stored).toContain(COMMENT);
    // Everything the story sent her: 7 emails and the crisis SMS (the sev1 alert; the all-clear went by email).
    expect((await emailsTo(ERIKA.email)).map((email) => email.subject)).toEqual([
      'Welcome to Journeys, Erika Erasable',
      "We're on it: Card payments failing (INC-E)",
      'Update: Card payments failing (INC-E)',
      'Resolved: Payments outage',
      'One quick question about Journeys',
      'Finish setting up your account',
      "We're sorry – let us make it right",
    ]);
    expect(rt.outbox.list({ to: [ERIKA.phone, ERIKA.pushEndpoint] }).map((entry) => entry.channel)).toEqual(['sms']);
    expect(Object.keys(filesMentioning(rt.dataDir!, [ERIKA.email, ERIKA.phone]))).toEqual(expect.arrayContaining(['emails.jsonl', 'outbox.jsonl']));
  });

  it('leaves nothing of theirs in the table, the inbox or the outbox, and keeps everyone else', async () => {
    const { status, kept } = await stages.reach('erased');
    expect(status).toBe(204);

    const { stored, startRecords } = await everythingButStartRecords();
    for (const needle of PERSONAL) {
      const at = stored.indexOf(needle);
      expect(stored, `${needle} in …${stored.slice(Math.max(0, at - 400), at + 200)}…`).not.toContain(needle);
    }
    // Route-event's start records: no contact data, and gone within a week (Powertools expiry, 7 days).
    for (const needle of PERSONAL.filter((text) => text !== ERIKA.customerId)) expect(JSON.stringify(startRecords)).not.toContain(needle);
    // One per event that started a journey: two sign-ups, two incidents opened, two resolved.
    expect(startRecords).toHaveLength(6);
    for (const record of startRecords) expect(Number(record.expiration) * 1000).toBeLessThanOrEqual(Math.max(Date.now(), rt.clock.now()) + 7 * 24 * HOUR + 60_000);
    expect(stored.split(COMMENT).length - 1, 'only the other customer\'s survey comment is left').toBe(1);
    expect((await rt.inbox.emails()).filter((email) => JSON.stringify(email).includes(ERIKA.email) || JSON.stringify(email).includes(ERIKA.name))).toEqual([]);
    expect(rt.outbox.list().filter((entry) => JSON.stringify(entry).includes(ERIKA.phone) || entry.to === ERIKA.pushEndpoint)).toEqual([]);
    expect((await rt.api('GET', `/outbox?to=${encodeURIComponent(ERIKA.phone)}`)).body).toEqual({ messages: [] });
    expect(filesMentioning(rt.dataDir!, [ERIKA.email, ERIKA.phone, ERIKA.name, ERIKA.pushEndpoint])).toEqual({});

    expect((await rt.api('GET', `/profiles/${KEEP.customerId}`)).status).toBe(200);
    expect(kept).toEqual({ emails: 7, texts: 1 });
    expect(await emailsTo(KEEP.email)).toHaveLength(kept.emails);
    expect(rt.outbox.list({ to: [KEEP.phone, KEEP.pushEndpoint] })).toHaveLength(kept.texts);
    for (const needle of [KEEP.email, KEEP.phone, KEEP.name]) expect(stored).toContain(needle);
  });

  it('stays erased while the journeys that were running go on: no contact data comes back, only waits expiring', async () => {
    await stages.reach('fiveDaysOn');
    await expectOnlyExpiringWaits();
    expect((await rt.inbox.emails()).filter((email) => email.destination.to.includes(ERIKA.email))).toEqual([]);
    expect(rt.outbox.list({ to: [ERIKA.phone, ERIKA.pushEndpoint] })).toEqual([]);
  });

  it('stays erased after a restart (the inbox is rebuilt from its file, interrupted journeys restart)', async () => {
    await stages.reach('restarted');
    expect(await emailsTo(ERIKA.email)).toEqual([]);
    // The other customer's 7 emails, read back from the inbox's file.
    expect(await emailsTo(KEEP.email)).toHaveLength(7);
    expect(rt.outbox.list({ to: [ERIKA.phone, ERIKA.pushEndpoint] })).toEqual([]);
    await expectOnlyExpiringWaits();
  });

  it('can be repeated: erasing again answers 204 and removes what running journeys parked since', async () => {
    await stages.reach('restarted');
    expect((await rt.api('DELETE', `/profiles/${ERIKA.customerId}`)).status).toBe(204);
    expect((await scanTable(rt, DEFAULT_TABLE_NAME)).filter((item) => JSON.stringify(item).includes(ERIKA.customerId))).toEqual([]);
  });

  it('answers 204 for someone it never knew, and writes nothing', async () => {
    await rt.idle();
    const before = await everything();
    expect((await rt.api('DELETE', '/profiles/nobody-at-all')).status).toBe(204);
    expect(await everything()).toBe(before);
  });
});
