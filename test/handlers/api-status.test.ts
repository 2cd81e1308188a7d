import { startHandlerEnv, type HandlerEnv } from '../support/handler-env';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../functions/handlers/api-status';
import { invoke } from '../support/api-events';

let env: HandlerEnv;
beforeAll(async () => {
  env = await startHandlerEnv();
});
afterAll(async () => env.close());
beforeEach(async () => env.clear());

const status = () => invoke(handler, { method: 'GET', path: '/status' });
const declaration = {
  severity: 'sev2' as const,
  headline: 'Card payments <delayed> & slow',
  message: { en: 'We are on it.' },
  affected: { region: ['eu-central'] },
  statusPageUrl: 'https://status.example.com/inc/7',
};

describe('GET /status', () => {
  it('is normal, updated now, when there never was a crisis; public, cached 15 s and embeddable anywhere', async () => {
    const answer = await status();
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ mode: 'normal', updatedAt: '2026-11-23T10:00:00.000Z' });
    expect(answer.headers['cache-control']).toBe('public, max-age=15');
    expect(answer.headers['access-control-allow-origin']).toBe('*');
  });

  it('shows the crisis: severity, headline, when it last changed and the status page', async () => {
    await env.crisis.declare(declaration, 'oncall', new Date('2026-11-23T09:30:00.000Z'));
    const answer = await status();
    expect(answer.json).toEqual({
      mode: 'crisis',
      severity: 'sev2',
      headline: 'Card payments <delayed> & slow',
      updatedAt: '2026-11-23T09:30:00.000Z',
      statusPageUrl: 'https://status.example.com/inc/7',
    });
    // JSON, not HTML: the headline reaches a page only through the embedder's text rendering.
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
  });

  it('is normal again after the resolution, updated when it was resolved', async () => {
    await env.crisis.declare(declaration, 'oncall', new Date('2026-11-23T09:00:00.000Z'));
    await env.crisis.resolve({}, 'oncall', new Date('2026-11-23T09:45:00.000Z'));
    expect((await status()).json).toEqual({ mode: 'normal', updatedAt: '2026-11-23T09:45:00.000Z' });
  });

  it('refuses other methods with 405', async () => {
    expect((await invoke(handler, { method: 'POST', path: '/status', body: {} })).status).toBe(405);
  });
});
