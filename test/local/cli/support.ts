/**
 * Helpers for the CLI tests: a stub of the HTTP API (docs/api.md) on a free port (routes per test, every request
 * recorded), and the CLI run in-process with captured output. The stub checks nothing about journeys: these tests
 * are about the CLI's parsing, validation, output and exit codes.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../local/cli/main';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export interface StubAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type StubRoute = (request: RecordedRequest) => StubAnswer | Promise<StubAnswer>;

export interface StubApi {
  endpoint: string;
  requests: RecordedRequest[];
  /** Routes by `METHOD /path`; `METHOD /prefix/*` matches any path under the prefix. */
  routes: Map<string, StubRoute>;
  close(): Promise<void>;
}

export async function startStubApi(routes: Record<string, StubRoute> = {}): Promise<StubApi> {
  const table = new Map(Object.entries(routes));
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => void handle(req, res));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://stub');
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: text === '' ? undefined : (JSON.parse(text) as unknown),
    };
    requests.push(request);
    const route = table.get(`${request.method} ${request.path}`) ?? [...table].find(([key]) => key.endsWith('/*') && `${request.method} ${request.path}`.startsWith(key.slice(0, -1)))?.[1];
    const answer = route ? await route(request) : { status: 404, body: { error: { code: 'not_found', message: `no route ${request.method} ${request.path}` } } };
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    routes: table,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/** A port nothing listens on: bound, then released. */
export async function closedPortEndpoint(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  stdin?: string;
  /** Pretend stdout is a terminal (colours, wrapping). */
  tty?: boolean;
  columns?: number;
}

export async function run(argv: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk), isTTY: options.tty ?? false, columns: options.columns },
    stderr: { write: (chunk: string) => (stderr += chunk), isTTY: false },
    env: options.env ?? {},
    stdin: (async function* () {
      if (options.stdin !== undefined) yield options.stdin;
    })(),
  });
  return { code, stdout, stderr };
}

/** Writes a JSON (or raw text) file in a fresh temporary directory and answers its path. */
export function tempFile(name: string, content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'journeys-cli-')), name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

export const ESC = '\u001b[';
