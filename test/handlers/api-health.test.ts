import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../functions/handlers/api-health';
import { useClock } from '../../functions/handlers/runtime/clock';
import { apiEvent, invoke } from '../support/api-events';

beforeAll(() => useClock({ now: () => new Date('2026-11-23T10:00:00.000Z') }));
afterAll(() => useClock(undefined));

describe('GET /health', () => {
  it('answers ok with the clock, as the local runtime does', async () => {
    const response = await invoke(handler, apiEvent({ method: 'GET', path: '/health' }));
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ status: 'ok', timeScale: 1, now: '2026-11-23T10:00:00.000Z' });
  });

  it('refuses other methods in the contract error shape', async () => {
    const response = await invoke(handler, apiEvent({ method: 'POST', path: '/health' }));
    expect(response.status).toBe(405);
    expect(response.json.error.code).toBe('method_not_allowed');
  });
});
