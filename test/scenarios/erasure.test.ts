/**
 * Erasure mid-journey, through the real local runtime: a customer with onboarding and an incident journey running,
 * a crisis broadcast that failed for them (its `FAILED#<customerId>` record), an event id built from their id (its
 * de-duplication claim and route-event's idempotency record), then `DELETE /profiles/{id}`. Afterwards their
 * executions are stopped with a cause naming nobody, and every item of every table, the inbox, the outbox, the
 * dead letters and the runtime's files are listed: the id is nowhere.
 *
 * Not listed: the execution history (the local engine's journal), which is Step Functions' own — kept by AWS for
 * 90 days after an execution closes and not deletable through its API (docs/reliability-security.md).
 */
import { readFileSync, existsSync } from 'node:fs';
import { ListTablesCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dependencies } from '../../functions/handlers/runtime/dependencies';
import { ERASURE_STOP } from '../../functions/services/erase-customer';
import { VirtualClock } from '../../local/engine';
import { DATA_LAYOUT, dataPath } from '../../local/paths';
import { declare, phoneOf, profile } from '../local/crisis/support';
import { startTestRuntime, tempDataDir, type TestRuntime } from '../support/runtime';

const T0 = '2026-11-23T10:00:00.000Z';
const GONE = 'gone-4711';
const STAYS = 'stays-0815';
const REGION = 'erasure';
const THROTTLED = { name: 'ThrottledException', status: 429, message: 'Rate exceeded' };

let runtime: TestRuntime;
const dataDir = tempDataDir();

beforeAll(async () => {
  runtime = await startTestRuntime({ dataDir, clock: VirtualClock.manual(T0) });
});
afterAll(async () => {
  await runtime?.stop();
});

const event = (type: string, customerId: string, data: Record<string, unknown> = {}) => ({
  id: `evt-${customerId}-${type}`,
  type,
  occurredAt: runtime.clock.date().toISOString(),
  source: 'tests',
  customerId,
  data,
});

async function post(...events: unknown[]): Promise<void> {
  const answer = await runtime.api('POST', '/events', { events });
  expect(answer.status, JSON.stringify(answer.body)).toBe(202);
  await runtime.idle();
}

/** Every item of every table in the runtime's DynamoDB, as JSON text. */
async function everyItem(): Promise<string[]> {
  const { doc } = dependencies();
  const { TableNames = [] } = await doc.send(new ListTablesCommand({}));
  const items: string[] = [];
  for (const table of TableNames) {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(new ScanCommand({ TableName: table, ConsistentRead: true, ...(start ? { ExclusiveStartKey: start as never } : {}) }));
      for (const item of page.Items ?? []) items.push(`${table}: ${JSON.stringify(item)}`);
      start = page.LastEvaluatedKey;
    } while (start);
  }
  return items;
}

describe('erasing a customer mid-journey', () => {
  it('stops their executions and leaves their id in no table, inbox, outbox, dead letter or file', async () => {
    for (const id of [GONE, STAYS]) {
      expect((await runtime.api('PUT', `/profiles/${id}`, profile({ id, region: REGION, channelPreferences: ['sms', 'email'] }))).status).toBe(200);
    }
    await post(event('customer.signed_up', GONE), event('customer.signed_up', STAYS));
    await post(event('incident.opened', GONE, { incidentId: 'INC-E1', severity: 'minor', title: 'Slow logins' }));
    // A crisis whose SMS to them is throttled past every retry, and whose email fails too: FAILED#<id>.
    runtime.faults.sns.failFor(phoneOf(GONE), THROTTLED);
    runtime.faults.ses.failFor(`${GONE}@example.com`, THROTTLED);
    const declared = await declare(runtime, { severity: 'sev2', headline: 'Card payments degraded', message: { en: 'Some card payments fail.' }, affected: { region: [REGION] }, cadenceMinutes: 240 });
    expect(declared.status).toBe(200);
    await runtime.idle();
    runtime.faults.clear();

    const before = await everyItem();
    expect(before.filter((item) => item.includes('"sk":{"S":"FAILED#')).map((item) => item.includes(GONE))).toEqual([true]);
    expect(before.some((item) => item.includes(`"pk":{"S":"EVENT#evt-${GONE}-`))).toBe(true);
    expect(before.some((item) => !item.startsWith('journeys:') && item.includes(GONE))).toBe(true); // route-event's idempotency records
    const executions = (await runtime.api('GET', `/executions?customerId=${GONE}`)).body as { executions: { id: string; journey: string; status: string }[] };
    expect(executions.executions.map((e) => `${e.journey} ${e.status}`).sort()).toEqual(['incident RUNNING', 'onboarding RUNNING']);

    expect((await runtime.api('DELETE', `/profiles/${GONE}`)).status).toBe(204);
    await runtime.idle();

    for (const execution of executions.executions) {
      const description = await runtime.engine.describeExecution(execution.id);
      expect(description).toMatchObject({ status: 'ABORTED', error: ERASURE_STOP.error, cause: ERASURE_STOP.cause });
      expect(`${ERASURE_STOP.error} ${ERASURE_STOP.cause}`).not.toContain(GONE);
    }
    const after = await everyItem();
    expect(after.filter((item) => item.includes(GONE))).toEqual([]);
    expect(after.some((item) => item.includes(STAYS))).toBe(true);
    expect((await runtime.inbox.emails()).filter((email) => JSON.stringify(email).includes(GONE))).toEqual([]);
    expect(runtime.outbox.list({}).filter((entry) => JSON.stringify(entry).includes(GONE) || entry.to === phoneOf(GONE))).toEqual([]);
    expect(JSON.stringify(runtime.deadLetters.list())).not.toContain(GONE);
    for (const entry of ['outbox', 'deadLetters', 'emails', 'busPending'] as const) {
      const path = dataPath(dataDir, entry)!;
      if (existsSync(path)) expect(readFileSync(path, 'utf8'), DATA_LAYOUT[entry]).not.toContain(GONE);
    }
  }, 120_000);
});
