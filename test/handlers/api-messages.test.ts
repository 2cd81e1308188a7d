import { startHandlerEnv, type HandlerEnv } from '../support/handler-env';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../functions/handlers/api-messages';
import { decision } from '../support/adapter-fixtures';
import { invoke } from '../support/api-events';

let env: HandlerEnv;
beforeAll(async () => {
  env = await startHandlerEnv();
  for (let i = 0; i < 30; i++) {
    const at = new Date(Date.parse('2026-11-01T00:00:00.000Z') + i * 3_600_000).toISOString();
    await env.ledger.recordDecision('c-123', decision('c-123', `m-${String(i).padStart(2, '0')}`, { at }));
  }
  await env.ledger.recordDecision('c-other', decision('c-other', 'm-other'));
});
afterAll(async () => env.close());

const messages = (query: Record<string, string>) => invoke(handler, { method: 'GET', path: '/messages', query });

describe('GET /messages', () => {
  it('lists the decisions newest first, 20 by default', async () => {
    const answer = await messages({ customerId: 'c-123' });
    expect(answer.status).toBe(200);
    const ids = answer.json.messages.map((d: { messageId: string }) => d.messageId);
    expect(ids).toHaveLength(20);
    expect(ids[0]).toBe('m-29');
    expect(ids[19]).toBe('m-10');
    expect(answer.json.messages[0]).toEqual(decision('c-123', 'm-29', { at: '2026-11-02T05:00:00.000Z' }));
  });

  it('honours limit from 1 to 100', async () => {
    expect((await messages({ customerId: 'c-123', limit: '1' })).json.messages.map((d: { messageId: string }) => d.messageId)).toEqual(['m-29']);
    expect((await messages({ customerId: 'c-123', limit: '100' })).json.messages).toHaveLength(30);
  });

  it('answers an empty list for a customer without decisions', async () => {
    expect((await messages({ customerId: 'c-none' })).json).toEqual({ messages: [] });
  });

  it.each([
    ['0', 'limit'],
    ['101', 'limit'],
    ['-1', 'limit'],
    ['abc', 'limit'],
    ['2.5', 'limit'],
  ])('refuses limit=%s with a 400 on %s', async (limit, path) => {
    const answer = await messages({ customerId: 'c-123', limit });
    expect(answer.status).toBe(400);
    expect(answer.json.error.code).toBe('validation_failed');
    expect(answer.json.error.issues[0].path).toBe(path);
  });

  it('needs a valid customerId', async () => {
    const missing = await messages({});
    expect(missing.status).toBe(400);
    expect(missing.json.error.issues).toEqual([{ path: 'customerId', message: 'required' }]);
    const invalid = await messages({ customerId: 'c#1' });
    expect(invalid.status).toBe(400);
    expect(invalid.json.error.issues[0].path).toBe('customerId');
  });
});
