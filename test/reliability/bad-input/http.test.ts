/**
 * The HTTP bad-input corpus (http.cases.ts) against the real local runtime: for every case the documented status,
 * error code and issue path, and nothing written — both tables scanned byte for byte, no execution started,
 * nothing in the outbox, inbox or dead-letter queue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../../support/runtime';
import { HTTP_CASES, PROFILE } from './http.cases';
import { rawRequest, reportCount, stateOf } from './support';

/** The message of each refusal that names no field (the figures are this corpus's setup: a crisis at version 2). */
const MESSAGE_OF: Record<string, RegExp> = {
  payload_too_large: /^the body is (\d+ bytes; at most (65536|262144|16384|4096) are accepted|larger than 1048576 bytes)$/,
  unsupported_media_type: /^content-type must be (application\/json|one of application\/x-www-form-urlencoded, multipart\/form-data, text\/plain), not \S/,
  not_found: /^(no route for \/\S*|unknown or expired survey)$/,
  unauthorized: /^on-call credentials are required for this route$/,
  stale_version: /^version 1 is stale: the crisis record is at version 2; reload it and retry with If-Match: 2$/,
  precondition_required: /^a crisis is active \(version 2\); to change it send If-Match: "2"/,
};

/** How a message names the field: the path as it is; the body as "body"; a header by its name. */
const FIELD_IN_MESSAGE = (issue: string) => (issue === '(body)' ? 'the body is not' : issue.replace(/^headers\./, ''));

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
    // Every refusal with a body has its message pinned; every 400 names the field to blame.
    expect(HTTP_CASES.filter((c) => c.code !== undefined && c.code !== 'validation_failed' && !(c.code in MESSAGE_OF))).toEqual([]);
    expect(HTTP_CASES.filter((c) => c.status === 400 && c.issue === undefined)).toEqual([]);
  });

  it.each(HTTP_CASES)('$method $path: $guards → $status', async (c) => {
    const before = await stateOf(rt);
    const headers = { ...c.headers, ...(c.onCall ? { authorization: `Bearer ${rt.oncallToken}` } : {}) };
    const answer = await rawRequest(rt.url, c.method, c.path, c.body, headers);

    expect(answer.status, JSON.stringify(answer.body)?.slice(0, 300)).toBe(c.status);
    if (c.code) {
      const error = (answer.body as { error?: { code?: string; message?: string; issues?: { path: string }[] } }).error;
      expect(error?.code).toBe(c.code);
      if (c.issue) {
        // Every issue is about that field (a field may have two), and the message names it.
        expect(new Set(error?.issues?.map((issue) => issue.path))).toEqual(new Set([c.issue]));
        expect(error?.message).toContain(FIELD_IN_MESSAGE(c.issue));
      } else {
        expect(error?.issues ?? []).toEqual([]);
        expect(error?.message).toMatch(MESSAGE_OF[c.code]!);
      }
    }
    expect(await stateOf(rt)).toStrictEqual(before);
  });
});
