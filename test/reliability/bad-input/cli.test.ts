/**
 * The CLI bad-input corpus (cli.cases.ts), in-process against the real runtime: the documented exit code, a
 * message naming what is wrong, and the runtime's state unchanged.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../local/cli/support';
import { startTestRuntime, type TestRuntime } from '../../support/runtime';
import { CLI_CASES, FILES } from './cli.cases';
import { PROFILE } from './http.cases';
import { reportCount, stateOf } from './support';

let rt: TestRuntime;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'journeys-cli-corpus-'));
  for (const [name, content] of Object.entries(FILES)) {
    if (typeof content === 'object' && !Buffer.isBuffer(content)) mkdirSync(join(dir, name));
    else writeFileSync(join(dir, name), content);
  }
  rt = await startTestRuntime({ dataDir: null });
  expect((await rt.api('PUT', '/profiles/c-1', { customerId: 'c-1', ...PROFILE })).status).toBe(200);
  await rt.idle();
});
afterAll(async () => {
  await rt?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const resolveFiles = (argv: readonly string[]) => argv.map((arg) => (arg.startsWith('@') ? join(dir, arg.slice(1)) : arg));

describe('bad input on the command line', () => {
  it('covers every command', () => {
    reportCount('cli', CLI_CASES.length);
    expect(CLI_CASES.length).toBeGreaterThanOrEqual(60);
    const commands = new Set(CLI_CASES.map((c) => c.argv.filter((arg) => !arg.startsWith('-'))[0]));
    for (const command of ['events', 'profiles', 'crisis', 'why', 'outbox', 'graph', 'demo']) expect(commands).toContain(command);
  });

  it('sends a valid event with the same files and flags (so the refusals are about the defect)', async () => {
    const file = join(dir, 'good.json');
    writeFileSync(file, JSON.stringify({ id: 'cli-corpus-good', type: 'customer.activated', occurredAt: '2026-11-23T10:00:00Z', source: 'corpus', customerId: 'c-1', data: {} }));
    const result = await run(['--endpoint', rt.url, 'events', 'send', file]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it.each(CLI_CASES)('journeys $argv: $guards → exit $exit', async (c) => {
    const before = await stateOf(rt);
    const env = c.token === 'token' ? { JOURNEYS_ONCALL_TOKEN: rt.oncallToken } : c.token === 'wrong' ? { JOURNEYS_ONCALL_TOKEN: 'not-the-token' } : {};
    const result = await run(['--endpoint', rt.url, ...resolveFiles(c.argv)], { env, ...(c.stdin !== undefined ? { stdin: c.stdin } : {}) });

    expect(result.code, result.stderr).toBe(c.exit);
    expect(result.stdout).toBe('');
    for (const text of c.mentions) expect(result.stderr).toContain(text);
    expect(await stateOf(rt)).toStrictEqual(before);
  });
});
