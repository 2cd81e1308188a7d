/**
 * Who may do what on the local runtime. The crisis switch, its audit trail and replay, and the console's
 * customer and audience reads need the on-call bearer token (local/http/identity.ts plays API Gateway's IAM
 * authorizer): without credentials 401, with any other credentials 403 — and nothing is written either way. The
 * right token works (the control that makes the refusals mean something).
 *
 * The other routes (profiles, events, messages, executions; the runtime's /outbox and /dlq) take no credentials
 * locally: the runtime listens on 127.0.0.1 only. Deployed, every one of them is IAM-authorized (test/infra/
 * stack.test.ts: "serves exactly the contract routes, IAM-authorized except the public ones"; the on-call role
 * alone may invoke the crisis routes, the ops role the others).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../../local/http/api-routes';
import { startTestRuntime, type TestRuntime } from '../../support/runtime';
import { PROFILE } from '../bad-input/http.cases';
import { rawRequest, stateOf } from '../bad-input/support';

let rt: TestRuntime;

interface GuardedRoute {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  path: string;
  body?: unknown;
  /** The status with the right token. */
  ok: number;
}

const GUARDED: GuardedRoute[] = [
  { method: 'GET', path: '/crisis/audit', ok: 200 },
  { method: 'GET', path: '/freeze', ok: 200 },
  { method: 'GET', path: '/console/api/customers/c-1', ok: 200 },
  { method: 'GET', path: `/console/api/audience?affected=${encodeURIComponent('{"all":true}')}`, ok: 200 },
  // Changes last: their controls change the state the others run against.
  { method: 'POST', path: '/crisis/replay', body: {}, ok: 409 },
  { method: 'PUT', path: '/crisis', body: { severity: 'sev3', headline: 'Auth test', message: { en: 'Testing.' }, affected: { region: ['nowhere'] } }, ok: 200 },
  { method: 'DELETE', path: '/crisis', body: {}, ok: 200 },
];

/** Credentials that are not the on-call token, and the answer each must get. */
const CREDENTIALS: { guards: string; headers: (token: string) => Record<string, string>; status: 401 | 403 }[] = [
  { guards: 'no credentials', headers: () => ({}), status: 401 },
  { guards: 'an empty Authorization header', headers: () => ({ authorization: '' }), status: 401 },
  { guards: 'the token in the query string only', headers: () => ({}), status: 401 },
  { guards: 'the token as a cookie', headers: (token) => ({ cookie: `token=${token}; oncall=${token}` }), status: 401 },
  { guards: 'the token in an X-Api-Key header', headers: (token) => ({ 'x-api-key': token }), status: 401 },
  { guards: 'a wrong bearer token', headers: () => ({ authorization: 'Bearer not-the-token' }), status: 403 },
  { guards: 'the token with its last character changed', headers: (token) => ({ authorization: `Bearer ${token.slice(0, -1)}${token.endsWith('x') ? 'y' : 'x'}` }), status: 403 },
  { guards: 'the token cut short by one character', headers: (token) => ({ authorization: `Bearer ${token.slice(0, -1)}` }), status: 403 },
  { guards: 'the token with a suffix', headers: (token) => ({ authorization: `Bearer ${token}x` }), status: 403 },
  { guards: 'Bearer with no token', headers: () => ({ authorization: 'Bearer' }), status: 403 },
  { guards: 'the token as a Basic password', headers: (token) => ({ authorization: `Basic ${Buffer.from(`oncall:${token}`).toString('base64')}` }), status: 403 },
  { guards: 'the token without a scheme', headers: (token) => ({ authorization: token }), status: 403 },
  { guards: 'an AWS SigV4 header (signatures are not checked locally, so never on call)', headers: () => ({ authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261123/eu-central-1/execute-api/aws4_request, SignedHeaders=host, Signature=0' }), status: 403 },
];

beforeAll(async () => {
  rt = await startTestRuntime({ dataDir: null });
  expect((await rt.api('PUT', '/profiles/c-1', { customerId: 'c-1', ...PROFILE })).status).toBe(200);
  await rt.idle();
});
afterAll(async () => rt?.stop());

describe('on-call routes on the local runtime', () => {
  it('marks every crisis route that changes something or shows the audit, and every journey lifecycle and freeze route, as on-call (the bearer token plays IAM)', () => {
    const guarded = API_ROUTES.flatMap((route) => (route.onCall ?? []).map((method) => `${method} ${route.resource}`)).sort();
    expect(guarded).toEqual(
      [
        'DELETE /crisis',
        'GET /crisis/audit',
        'POST /crisis/replay',
        'PUT /crisis',
        'GET /journeys',
        'GET /journeys/{name}',
        'PUT /journeys/{name}/routing',
        'PUT /journeys/{name}/pause',
        'DELETE /journeys/{name}/pause',
        'POST /journeys/{name}/stop',
        'GET /freeze',
        'PUT /freeze',
        'DELETE /freeze',
      ].sort(),
    );
  });

  it('listens on the loopback interface only (the routes without credentials are not reachable from elsewhere)', () => {
    expect(new URL(rt.url).hostname).toBe('127.0.0.1');
  });

  const cases = GUARDED.flatMap((route) => CREDENTIALS.map((credential) => ({ ...route, credential, name: `${route.method} ${route.path.split('?')[0]}` })));

  it.each(cases)('$name with $credential.guards → $credential.status, nothing written', async ({ method, path, body, credential }) => {
    const before = await stateOf(rt);
    const query = credential.guards === 'the token in the query string only' ? `${path.includes('?') ? '&' : '?'}token=${rt.oncallToken}` : '';
    const answer = await rawRequest(rt.url, method, `${path}${query}`, body, credential.headers(rt.oncallToken));
    expect(answer.status).toBe(credential.status);
    expect((answer.body as { error?: { code?: string } }).error?.code).toBe(credential.status === 401 ? 'unauthorized' : 'forbidden');
    expect(await stateOf(rt)).toStrictEqual(before);
  });

  it.each(GUARDED)('$method $path works with the on-call token (also spelled "bearer")', async ({ method, path, body, ok }) => {
    const answer = await rawRequest(rt.url, method, path, body, { authorization: `bearer ${rt.oncallToken}` });
    expect(answer.status, JSON.stringify(answer.body)).toBe(ok);
    await rt.idle();
  });
});
