/**
 * No personal data in logs (docs/architecture.md, "no personal data in logs"): the whole demo (`journeys demo`, run in-process against a
 * runtime at an hour per second, so every act plays) with every line captured that the runtime, the handlers
 * (Powertools, at DEBUG) and the demo itself write — and not one email address or phone number among them, neither
 * the demo customers' own nor anything shaped like one.
 *
 * The capture is checked too, so a silent logger cannot pass the test: it holds handler log lines, and they name
 * the demo's customers by id (the identifier logs may carry).
 */
import { format } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CAST } from '../../../local/cli/demo/cast';
import { VirtualClock } from '../../../local/engine';
import { run } from '../../local/cli/support';
import { startTestRuntime, type TestRuntime } from '../../support/runtime';

/**
 * Anything shaped like an email address, or an E.164 phone number (with or without its +) standing on its own:
 * digits inside a word (hex message ids) or after `:`/`-`/`.` (ARNs, request ids, JSON numbers) are not phones.
 */
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
const PHONE = /(?<![\w.:-])\+?[1-9]\d{9,14}(?![\w.:])/;
const profiles = CAST.map((member) => member.profile(`demo-${member.key}`, 1));
const ADDRESSES = profiles.flatMap((profile) => [profile.email, profile.phone, profile.phone?.slice(1)]).filter((value): value is string => typeof value === 'string');

/** The lines that give away an address: the demo customers' own, or anything shaped like one. */
function leaks(lines: readonly string[]): string[] {
  return lines.filter((line) => ADDRESSES.some((address) => line.includes(address)) || EMAIL.test(line) || PHONE.test(line));
}

let rt: TestRuntime;
let clock: VirtualClock;
const captured: string[] = [];
let demo: { code: number; stdout: string; stderr: string };

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
  const { logger } = await import('../../../functions/handlers/runtime/logger');
  logger.setLogLevel('DEBUG');

  // Powertools writes to process.stdout/stderr through a Console of its own; the runtime uses console.*.
  const streams = [process.stdout, process.stderr] as const;
  const writes = streams.map((stream) => stream.write.bind(stream));
  for (const stream of streams) {
    stream.write = ((chunk: string | Uint8Array) => {
      captured.push(...String(chunk).split('\n').filter((line) => line.trim() !== ''));
      return true;
    }) as typeof stream.write;
  }
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const spies = methods.map((method) => vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void captured.push(format(...args))));
  try {
    clock = VirtualClock.scaled(3600, '2026-11-23T09:00:00.000Z');
    rt = await startTestRuntime({ dataDir: null, clock, quiet: false });
    demo = await run(['--endpoint', rt.url, 'demo', '--max-wait', '150'], { env: { JOURNEYS_ONCALL_TOKEN: rt.oncallToken, SES_PORT: new URL(rt.sesUrl).port } });
    await rt.idle();
  } finally {
    streams.forEach((stream, index) => (stream.write = writes[index]!));
    for (const spy of spies) spy.mockRestore();
    logger.setLogLevel('SILENT');
  }
}, 300_000);
afterAll(async () => {
  await rt?.stop();
  clock?.dispose();
});

describe('logs while the demo plays', () => {
  it('played the demo to its end, crisis and surveys included', () => {
    expect(demo.code, demo.stderr).toBe(0);
    expect(`${demo.stdout}${demo.stderr}`).toMatch(/Demo finished/);
    expect(`${demo.stdout}${demo.stderr}`).not.toMatch(/skipped —/);
    // The survey links come from the messages received (the token is not in any execution history).
    expect(`${demo.stdout}${demo.stderr}`).toMatch(/POST \/surveys\/[A-Za-z0-9_-]{6}…: ana answers 2 /);
    expect(`${demo.stdout}${demo.stderr}`).toMatch(/POST \/surveys\/[A-Za-z0-9_-]{6}…: oliver answers 10 /);
  });

  it('captured the handlers\' structured logs, which name the demo customers by id', () => {
    const handlerLines = captured.filter((line) => line.startsWith('{') && line.includes('"function_name"'));
    console.info(`[demo logs] ${captured.length} lines captured, ${handlerLines.length} of them from handlers`);
    expect(handlerLines.length).toBeGreaterThan(10);
    for (const profile of profiles) expect(handlerLines.some((line) => line.includes(`"${profile.customerId}"`)), profile.customerId).toBe(true);
  });

  it('holds no email address or phone number in any log line, nor in the demo\'s own output', () => {
    expect(leaks(captured)).toEqual([]);
    expect(leaks(`${demo.stdout}\n${demo.stderr}`.split('\n'))).toEqual([]);
  });

  it('would notice one (the detector on lines a careless handler might write)', () => {
    const careless = [
      JSON.stringify({ level: 'INFO', message: 'sent', to: profiles[0]!.email }),
      JSON.stringify({ level: 'WARN', message: 'SMS failed', phone: profiles[1]!.phone }),
      'sending to someone.else@example.org',
      'throttled +12025550100',
    ];
    expect(leaks(careless)).toEqual(careless);
    expect(leaks(['execution onboarding-evt-1 at 2026-11-23T10:00:00.000Z', 'arn:aws:sns:eu-central-1:123456789012:endpoint/GCM/x', 'messageId 66b03f888e754801450a64d2-tips'])).toEqual([]);
  });
});
