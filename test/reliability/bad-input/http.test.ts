/**
 * The HTTP bad-input corpus (http.cases.ts) against the real local runtime: for every case the documented status,
 * error code and issue path, and nothing written — both tables scanned byte for byte, no execution started,
 * nothing in the outbox, inbox or dead-letter queue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../../support/runtime';
import { HTTP_CASES, PROFILE } from './http.cases';
import { rawRequest, reportCount, stateOf } from './support';

let rt: TestRuntime;

beforeAll(async () => {
  rt = await startTestRuntime({ dataDir: null });
  const oncall = { authorization: `Bearer ${rt.oncallToken}` };
  expect((await rt.api('PUT', '/profiles/c-1', { customerId: 'c-1', ...PROFILE })).status).toBe(200);
  // A crisis at version 2 that reaches nobody (no customer is in its region): the If-Match cases need one.
  const declaration = { severity: 'sev3', headline: 'Corpus crisis', message: { en: 'Testing.' }, affected: { region: ['nowhere'] } };
  expect((await rt.api('PUT', '/crisis', declaration, oncall)).status).toBe(200);
  expect((await rt.api('PUT', '/crisis', { headline: 'Corpus crisis, updated' }, { ...oncall, 'if-match': '"1"' })).status).toBe(200);
  await rt.idle();
});
afterAll(async () => rt?.stop());

describe('bad input over HTTP, through the local runtime', () => {
  it('covers every route family with at least 80 cases', () => {
    reportCount('http (runtime server)', HTTP_CASES.length);
    expect(HTTP_CASES.length).toBeGreaterThanOrEqual(80);
    const families = new Set(HTTP_CASES.map((c) => c.path.split(/[/?]/)[1]));
    expect(families).toEqual(new Set(['profiles', 'events', 'crisis', 'surveys', 'unsubscribe', 'messages', 'executions', 'outbox']));
  });

  it.each(HTTP_CASES)('$method $path: $guards → $status', async (c) => {
    const before = await stateOf(rt);
    const headers = { ...c.headers, ...(c.onCall ? { authorization: `Bearer ${rt.oncallToken}` } : {}) };
    const answer = await rawRequest(rt.url, c.method, c.path, c.body, headers);

    expect(answer.status, JSON.stringify(answer.body)?.slice(0, 300)).toBe(c.status);
    if (c.code) {
      const error = (answer.body as { error?: { code?: string; message?: string; issues?: { path: string }[] } }).error;
      expect(error?.code).toBe(c.code);
      expect(error?.message).toEqual(expect.any(String));
      if (c.issue) expect(error?.issues?.map((issue) => issue.path)).toContain(c.issue);
      else if (c.status === 400) expect(error?.issues?.length).toBeGreaterThan(0);
    }
    expect(await stateOf(rt)).toStrictEqual(before);
  });
});
