/**
 * The local runtime for tests: free ports, a manual clock, in memory or in a temporary data directory, one shared
 * synthesized template (synthesizing per test would cost seconds each), and small helpers to call its HTTP API.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualClock } from '../../local/engine';
import { silentLog } from '../../local/log';
import { REPO_ROOT, cdkOutDir } from '../../local/paths';
import { startRuntime, type Runtime, type RuntimeOptions } from '../../local/runtime';
import { ensureTemplate } from '../../local/synth';
import { EXAMPLE_PROFILE } from './builders';

/** A Monday, 11:00 in Bratislava: outside quiet hours for the usual test customers. */
export const START = '2026-11-23T10:00:00.000Z';

export interface TestRuntime extends Runtime {
  /** Calls the HTTP API; the body is sent as JSON unless it is a string or a Buffer. */
  api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiAnswer>;
  /** Stops this runtime and starts a new one on the same port and data directory (a restart of `npm start`). */
  restart(): Promise<TestRuntime>;
}

export interface ApiAnswer {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the text when the answer is not JSON. */
  body: unknown;
}

export interface TestRuntimeOptions extends Omit<RuntimeOptions, 'dataDir'> {
  /** `'temp'` (default: a fresh temporary directory), `null` (memory only) or a path. */
  dataDir?: string | null;
}

let sharedTemplate: Promise<string> | undefined;

/** The template every test runtime runs: synthesized once per test process, when the cache is stale. */
export function testTemplateDir(): Promise<string> {
  sharedTemplate ??= ensureTemplate({ root: REPO_ROOT, outDir: cdkOutDir(null), log: silentLog }).then((source) => source.directory);
  return sharedTemplate;
}

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'journeys-runtime-'));
}

export async function startTestRuntime(options: TestRuntimeOptions = {}): Promise<TestRuntime> {
  const dataDir = options.dataDir === undefined || options.dataDir === 'temp' ? tempDataDir() : options.dataDir;
  const resolved: RuntimeOptions = {
    port: 0,
    sesPort: 0,
    quiet: true,
    oncallToken: 'test-oncall-token',
    deliveryRetry: { attempts: 3, baseDelayMs: 5 },
    templateDir: await testTemplateDir(),
    ...options,
    clock: options.clock ?? VirtualClock.manual(START),
    dataDir,
  };
  const runtime = await startRuntime(resolved);
  return withHelpers(runtime, resolved);
}

function withHelpers(runtime: Runtime, options: RuntimeOptions): TestRuntime {
  const port = Number(new URL(runtime.url).port);
  return Object.assign(Object.create(runtime) as Runtime, {
    api: (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => call(runtime.url, method, path, body, headers),
    restart: async () => {
      await runtime.stop();
      // Same port: handler modules may keep SDK clients pointed at the old URL (as warm Lambdas keep theirs).
      const next = await startRuntime({ ...options, port });
      return withHelpers(next, options);
    },
  }) as TestRuntime;
}

async function call(base: string, method: string, path: string, body: unknown, headers: Record<string, string>): Promise<ApiAnswer> {
  const isRaw = typeof body === 'string' || Buffer.isBuffer(body);
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body !== undefined && !isRaw ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : Buffer.isBuffer(body) ? new Uint8Array(body) : JSON.stringify(body) }),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

/** Polls `predicate` in real time (for work the runtime does asynchronously, like deliveries with backoff). */
export async function eventually<T>(predicate: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const PROFILE = EXAMPLE_PROFILE;

export function signedUp(customerId: string, id = `evt-${customerId}-signup`) {
  return { id, type: 'customer.signed_up', occurredAt: START, source: 'tests', customerId, data: {} };
}
