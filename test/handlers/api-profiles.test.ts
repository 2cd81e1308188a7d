import { startHandlerEnv, type HandlerEnv } from '../support/handler-env';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StopExecutionCommand } from '@aws-sdk/client-sfn';
import { handler } from '../../functions/handlers/api-profiles';
import { ERASURE_STOP } from '../../functions/services/erase-customer';
import { invoke, type ApiEventInput } from '../support/api-events';
import { EXAMPLE_PROFILE } from '../support/builders';

let env: HandlerEnv;
beforeAll(async () => {
  env = await startHandlerEnv();
});
afterAll(async () => env.close());

const profileBody = (overrides: Record<string, unknown> = {}) => ({ customerId: 'c-123', ...EXAMPLE_PROFILE, ...overrides });

const put = (customerId: string, body: unknown, extra: Partial<ApiEventInput> = {}) =>
  invoke(handler, { method: 'PUT', path: `/profiles/${customerId}`, resource: '/profiles/{customerId}', pathParameters: { customerId }, body, ...extra });
const get = (customerId: string) => invoke(handler, { method: 'GET', path: `/profiles/${customerId}`, pathParameters: { customerId } });
const del = (customerId: string) => invoke(handler, { method: 'DELETE', path: `/profiles/${customerId}`, pathParameters: { customerId } });

describe('PUT /profiles/{customerId}', () => {
  it('creates a profile: 200 with the stored profile, defaults applied, and GET returns the same', async () => {
    const created = await put('c-123', profileBody());
    expect(created.status).toBe(200);
    expect(created.headers['content-type']).toMatch(/^application\/json/);
    expect(created.json).toEqual(profileBody());
    expect((await get('c-123')).json).toEqual(profileBody());
  });

  it('replaces a profile: fields left out fall back to their defaults, nothing of the old one lingers', async () => {
    await put('c-replace', profileBody({ customerId: 'c-replace', name: 'Ana', quietHours: { start: '22:00', end: '07:00' } }));
    const replaced = await put('c-replace', { email: 'new@example.com' });
    expect(replaced.status).toBe(200);
    expect(replaced.json).toEqual({
      customerId: 'c-replace',
      email: 'new@example.com',
      locale: 'en',
      timeZone: 'UTC',
      segment: {},
      consents: {},
      channelPreferences: ['email', 'push', 'sms'],
      lifecycle: 'new',
    });
    expect((await get('c-replace')).json).toEqual(replaced.json);
  });

  it('takes the customerId from the path when the body leaves it out', async () => {
    const { customerId: _omitted, ...body } = profileBody();
    const answer = await put('c-from-path', body);
    expect(answer.status).toBe(200);
    expect(answer.json.customerId).toBe('c-from-path');
  });

  it('refuses a body that names another customer than the path: 400 on customerId, nothing written', async () => {
    const before = await env.snapshot();
    const answer = await put('c-path', profileBody({ customerId: 'c-other' }));
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatchObject({ code: 'validation_failed', issues: [{ path: 'customerId' }] });
    expect(await env.snapshot()).toBe(before);
  });

  it('decodes a percent-encoded customer id from the path', async () => {
    const answer = await invoke(handler, { method: 'PUT', path: '/profiles/ana%40corp', pathParameters: { customerId: 'ana%40corp' }, body: { email: 'ana@example.com' } });
    expect(answer.status).toBe(200);
    expect(answer.json.customerId).toBe('ana@corp');
  });

  it('makes the phone number findable for inbound SMS', async () => {
    await put('c-phone', profileBody({ customerId: 'c-phone', phone: '+421900111222' }));
    expect(await env.phones.findCustomerByPhone('+421900111222')).toBe('c-phone');
  });
});

describe('GET /profiles/{customerId}', () => {
  it('is a 404 in the contract error shape for an unknown customer', async () => {
    const answer = await get('c-nobody');
    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });
});

describe('DELETE /profiles/{customerId}', () => {
  it('erases the profile and every personal item: 204, then GET is a 404', async () => {
    await put('c-erase', profileBody({ customerId: 'c-erase', phone: '+421900333444' }));
    await env.suppressions.putSuppression('c-erase', { kind: 'hard_bounce', ref: 'm-1', reason: 'bounced', source: 'ses', createdAt: '2026-11-23T10:00:00.000Z' });
    await env.executionLog.recordExecution('c-erase', { journey: 'onboarding', id: 'arn:x', name: 'onboarding-e1', startedAt: '2026-11-23T10:00:00.000Z' });
    await env.surveys.create({ token: 'tok-erase', customerId: 'c-erase', surveyId: 's-1', execution: 'exec', expiresAt: '2026-12-01T00:00:00.000Z' });

    const answer = await del('c-erase');
    expect(answer.status).toBe(204);
    expect(answer.body).toBe('');
    expect((await get('c-erase')).status).toBe(404);
    const everything = await env.snapshot();
    expect(everything).not.toContain('c-erase');
    expect(everything).not.toContain('tok-erase');
    expect(await env.phones.findCustomerByPhone('+421900333444')).toBeNull();
    // Its journey was stopped first, with a cause that names nobody.
    expect(env.sfnMock.commandCalls(StopExecutionCommand).map((call) => call.args[0].input)).toEqual([{ executionArn: 'arn:x', ...ERASURE_STOP }]);
  });

  it('is a 204 for a customer we do not know (idempotent, and it does not tell whether they existed)', async () => {
    const before = await env.snapshot();
    expect((await del('c-never')).status).toBe(204);
    expect((await del('c-never')).status).toBe(204);
    expect(await env.snapshot()).toBe(before);
  });
});

describe('other methods', () => {
  it('are a 405 naming the allowed ones', async () => {
    const answer = await invoke(handler, { method: 'PATCH', path: '/profiles/c-1', pathParameters: { customerId: 'c-1' }, body: {} });
    expect(answer.status).toBe(405);
    expect(answer.json.error.code).toBe('method_not_allowed');
    expect(answer.headers.allow).toBe('PUT, GET, DELETE');
  });
});
