import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCAL_RUNTIME_VARIABLE, resetConfig } from '../../../functions/handlers/runtime/config';
import { linkSecret } from '../../../functions/handlers/runtime/link-secret';

const VARIABLES = ['LINK_SECRET_ARN', 'UNSUBSCRIBE_SECRET', LOCAL_RUNTIME_VARIABLE] as const;
let saved: Record<string, string | undefined>;

beforeEach(() => {
  saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
  for (const name of VARIABLES) delete process.env[name];
  resetConfig();
});
afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetConfig();
});

describe('the link secret fails closed', () => {
  it('stops the function when neither LINK_SECRET_ARN nor UNSUBSCRIBE_SECRET is set outside the local runtime', async () => {
    await expect(linkSecret()).rejects.toMatchObject({ name: 'LinkSecretMissing', message: 'no link secret: LINK_SECRET_ARN (deployed) or UNSUBSCRIBE_SECRET must be set' });
  });

  it('uses UNSUBSCRIBE_SECRET when it is set (tests, a configured local run)', async () => {
    process.env.UNSUBSCRIBE_SECRET = 'a-configured-secret-of-32-characters';
    await expect(linkSecret()).resolves.toBe('a-configured-secret-of-32-characters');
  });

  it('uses the development default in the local runtime only', async () => {
    process.env[LOCAL_RUNTIME_VARIABLE] = 'true';
    await expect(linkSecret()).resolves.toBe('local-development-secret-not-for-production');
  });
});
