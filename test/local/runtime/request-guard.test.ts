/**
 * Web pages the developer visits cannot use the runtime: DNS rebinding (a foreign Host) and cross-site requests
 * that change state are refused, JSON routes need their content type, names chosen by the client cannot reach
 * Object.prototype, and the data directory is private.
 */
import { request as httpRequest } from 'node:http';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLoopbackName } from '../../../local/http/request-guard';
import { PROFILE, signedUp, startTestRuntime, type TestRuntime } from '../../support/runtime';

let runtime: TestRuntime;
let port: number;

beforeAll(async () => {
  runtime = await startTestRuntime();
  port = Number(new URL(runtime.url).port);
});
afterAll(async () => runtime?.stop());

interface RawAnswer {
  status: number;
  body: { error?: { code: string; message: string } } & Record<string, unknown>;
}

/** node:http, not fetch: fetch sets Host and Origin itself. Headers as raw pairs so any name can be sent. */
function raw(method: string, path: string, headers: [string, string][], body?: string, target = port): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const flat = headers.flat();
    if (body !== undefined) flat.push('content-length', String(Buffer.byteLength(body)));
    const request = httpRequest({ host: '127.0.0.1', port: target, method, path, headers: flat, setHost: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: response.statusCode ?? 0, body: text.startsWith('{') ? (JSON.parse(text) as RawAnswer['body']) : {} });
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}

const local = (): [string, string] => ['host', `127.0.0.1:${port}`];

describe('Host: only loopback names (DNS rebinding)', () => {
  it.each(['evil.example', 'evil.example:3000', '192.168.1.20:3000'])('refuses Host %s with 403, before any route', async (host) => {
    const answer = await raw('GET', '/profiles/c-guard', [['host', host]]);
    expect(answer.status).toBe(403);
    expect(answer.body.error?.code).toBe('untrusted_host');
  });

  it('refuses the AWS endpoint (a DynamoDB Scan) under a foreign Host', async () => {
    const answer = await raw('POST', '/', [['host', 'evil.example'], ['x-amz-target', 'DynamoDB_20120810.Scan'], ['content-type', 'application/x-amz-json-1.0']], '{"TableName":"journeys"}');
    expect(answer.status).toBe(403);
  });

  it.each(['127.0.0.1:3000', 'localhost:3000', '[::1]:3000', 'app.localhost'])('accepts %s', async (host) => {
    expect((await raw('GET', '/health', [['host', host]])).status).toBe(200);
  });

  it('knows loopback names', () => {
    expect(['localhost', 'LOCALHOST.', 'x.localhost', '127.0.0.1', '127.8.9.10', '[::1]'].every(isLoopbackName)).toBe(true);
    expect(['localhost.evil.example', '127.0.0.1.evil.example', '10.0.0.1', 'evil.example'].some(isLoopbackName)).toBe(false);
  });
});

describe('cross-site requests that change state', () => {
  const event = JSON.stringify(signedUp('c-cross', 'evt-cross-1'));

  it('refuses POST /events from another site as a simple request (no content type), and writes nothing', async () => {
    const answer = await raw('POST', '/events', [local(), ['origin', 'https://evil.example']], event);
    expect(answer.status).toBe(403);
    expect(answer.body.error?.code).toBe('cross_origin');
    expect((await runtime.api('GET', '/profiles/c-cross')).status).toBe(404);
  });

  it.each([
    ['Sec-Fetch-Site cross-site', [['sec-fetch-site', 'cross-site']]],
    ['Origin null (a sandboxed frame, a file)', [['origin', 'null']]],
  ] as [string, [string, string][]][])('refuses %s', async (_what, headers) => {
    const answer = await raw('PUT', '/profiles/c-cross', [local(), ['content-type', 'application/json'], ...headers], JSON.stringify(PROFILE));
    expect(answer.status).toBe(403);
    expect(answer.body.error?.code).toBe('cross_origin');
  });

  it('serves the same request from a loopback page (the console) and from clients that are not browsers', async () => {
    const fromConsole = await raw('PUT', '/profiles/c-same', [local(), ['origin', `http://127.0.0.1:${port}`], ['sec-fetch-site', 'same-origin'], ['content-type', 'application/json']], JSON.stringify(PROFILE));
    expect(fromConsole.status).toBe(200);
    const fromCli = await raw('PUT', '/profiles/c-same', [local(), ['content-type', 'application/json']], JSON.stringify(PROFILE));
    expect(fromCli.status).toBe(200);
  });
});

describe('JSON routes need application/json', () => {
  it('answers 415 with a clear error to a body without a content type, and writes nothing', async () => {
    const answer = await raw('PUT', '/profiles/c-untyped', [local()], JSON.stringify(PROFILE));
    expect(answer.status).toBe(415);
    expect(answer.body.error).toMatchObject({ code: 'unsupported_media_type', message: 'the body must be sent with content-type: application/json' });
    expect((await runtime.api('GET', '/profiles/c-untyped')).status).toBe(404);
  });

  it('answers 415 to text/plain (what fetch sends for a string body)', async () => {
    const answer = await raw('POST', '/events', [local(), ['content-type', 'text/plain;charset=UTF-8']], JSON.stringify(signedUp('c-text', 'evt-text-1')));
    expect(answer.status).toBe(415);
  });
});

describe('the email inbox (the SES emulator on its own port) is guarded too', () => {
  const inboxPort = () => Number(new URL(runtime.sesUrl).port);

  it('refuses its store (every email sent, survey and unsubscribe links included) under a foreign Host', async () => {
    const answer = await raw('GET', '/store', [['host', 'evil.example']], undefined, inboxPort());
    expect(answer.status).toBe(403);
    expect(answer.body.error?.code).toBe('untrusted_host');
    const own = await raw('GET', '/store', [['host', `127.0.0.1:${inboxPort()}`]], undefined, inboxPort());
    expect(own.status).toBe(200);
    expect(Array.isArray(own.body.emails)).toBe(true);
  });

  it('refuses another site\'s page clearing it, and keeps the emails', async () => {
    expect((await runtime.api('PUT', '/profiles/c-guard-inbox', { ...PROFILE, email: 'c-guard-inbox@example.com' })).status).toBe(200);
    expect((await runtime.api('POST', '/events', signedUp('c-guard-inbox'))).status).toBe(202);
    await runtime.idle();
    const before = (await runtime.inbox.emails()).filter((email) => email.destination.to.includes('c-guard-inbox@example.com'));
    expect(before.map((email) => email.subject)).toHaveLength(1);
    const host: [string, string] = ['host', `127.0.0.1:${inboxPort()}`];
    for (const headers of [[host, ['origin', 'https://evil.example']], [host, ['sec-fetch-site', 'cross-site']]] as [string, string][][]) {
      const answer = await raw('POST', '/clear-store', headers, '', inboxPort());
      expect(answer.status).toBe(403);
      expect(answer.body.error?.code).toBe('cross_origin');
    }
    expect((await runtime.inbox.emails()).filter((email) => email.destination.to.includes('c-guard-inbox@example.com'))).toEqual(before);
  });
});

describe('names chosen by the client', () => {
  it.each(['__proto__', 'constructor', 'toString'])('%s as a query or header name is a name like any other (200), not a 500', async (name) => {
    const answer = await raw('GET', `/messages?customerId=c-proto&${name}=1`, [local(), [name, 'x']]);
    expect(answer).toEqual({ status: 200, body: { messages: [] } });
  });
});

describe('the data directory', () => {
  it('is private: directories 0700, the files the runtime writes 0600', async () => {
    await runtime.api('PUT', '/profiles/c-files', PROFILE);
    await runtime.api('POST', '/events', signedUp('c-files', 'evt-files-1'));
    await runtime.idle();
    const dataDir = runtime.dataDir!;
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    const written: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.name === 'cdk.out' || entry.name === 'dynamodb') continue; // a template cache; LevelDB's own files (inside the 0700 directory)
        if (entry.isDirectory()) {
          expect(statSync(path).mode & 0o777, path).toBe(0o700);
          walk(path);
        } else if (entry.name.endsWith('.jsonl')) {
          written.push(entry.name);
          expect(statSync(path).mode & 0o777, path).toBe(0o600);
        }
      }
    };
    walk(dataDir);
    expect(written).toEqual(expect.arrayContaining(['emails.jsonl', 'stepfunctions.jsonl']));
  });
});
