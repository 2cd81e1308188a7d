/**
 * An oversized body answers 413 with its error body to every client, including those that keep writing while the
 * server decides: Node's `fetch` (undici) and the AWS SDK's HTTP handler. A server that answers and closes while the
 * client is still writing hands such clients `EPIPE` or a reset instead of the answer, depending on who wins a race;
 * so besides the two clients, a raw socket checks the mechanism without the race: no answer while the body is still
 * coming, the 413 once it is in, and the connection open for the next request.
 */
import { connect, type Socket } from 'node:net';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { HttpRequest } from '@smithy/core/transport';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../../local/http/server';
import { startTestRuntime, type TestRuntime } from '../../support/runtime';

let runtime: TestRuntime;

beforeAll(async () => {
  runtime = await startTestRuntime({ dataDir: null });
});

afterAll(async () => {
  await runtime?.stop();
});

/** A 1.6 MB events batch, as a user would send it. */
const BATCH = Buffer.from(JSON.stringify({ events: [{ id: 'evt-big', type: 'customer.signed_up', data: { pad: 'x'.repeat(1_600_000) } }] }));
const REFUSAL = { error: { code: 'payload_too_large', message: `the body is larger than ${MAX_BODY_BYTES} bytes` } };

/** The batch in 64 KiB chunks, pausing once past the limit (the server has refused by then). */
async function* slowly(): AsyncGenerator<Buffer> {
  const chunk = 64 * 1024;
  for (let offset = 0; offset < BATCH.length; offset += chunk) {
    yield BATCH.subarray(offset, offset + chunk);
    if (offset > MAX_BODY_BYTES && offset <= MAX_BODY_BYTES + chunk) await sleep(100);
  }
}

describe('an oversized POST /events', () => {
  it('answers 413 with the error body to fetch, streamed (chunked) or announced (Content-Length)', async () => {
    for (const headers of [{}, { 'content-length': String(BATCH.length) }]) {
      const answer = await fetch(`${runtime.url}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: Readable.toWeb(Readable.from(slowly())) as ReadableStream<Uint8Array>,
        duplex: 'half',
      } as RequestInit);
      expect(answer.status).toBe(413);
      expect(await answer.json()).toEqual(REFUSAL);
    }
  });

  it('answers 413 with the error body to the AWS SDK HTTP handler, and the connection carries the next request', async () => {
    const handler = new NodeHttpHandler();
    const { hostname, port, host } = new URL(runtime.url);
    const request = (method: string, path: string, body?: Readable) =>
      new HttpRequest({
        protocol: 'http:',
        hostname,
        port: Number(port),
        method,
        path,
        headers: { host, 'content-type': 'application/json', ...(body ? { 'content-length': String(BATCH.length) } : {}) },
        body,
      });
    const refused = await handler.handle(request('POST', '/events', Readable.from(slowly())));
    expect(refused.response.statusCode).toBe(413);
    expect(JSON.parse(await textOf(refused.response.body as Readable))).toEqual(REFUSAL);
    const health = await handler.handle(request('GET', '/health'));
    expect(health.response.statusCode).toBe(200);
    await textOf(health.response.body as Readable);
    handler.destroy();
  });
});

describe('the 413 mechanism', () => {
  it('answers only once the refused body is in, then keeps the connection for the next request', async () => {
    const { hostname, port } = new URL(runtime.url);
    const socket = connect(Number(port), hostname);
    await new Promise((resolve) => socket.once('connect', resolve));
    const received = collect(socket);
    const head = `POST /events HTTP/1.1\r\nhost: ${hostname}\r\ncontent-type: application/json\r\ncontent-length: ${BATCH.length}\r\n\r\n`;
    socket.write(head);
    socket.write(BATCH.subarray(0, MAX_BODY_BYTES + 1));
    await sleep(300);
    expect(received()).toBe('');
    socket.write(BATCH.subarray(MAX_BODY_BYTES + 1));
    await until(() => received().includes('}}'));
    expect(received()).toMatch(/^HTTP\/1\.1 413 /);
    expect(received()).not.toMatch(/connection: close/i);
    expect(received()).toContain(JSON.stringify(REFUSAL));
    socket.write(`GET /health HTTP/1.1\r\nhost: ${hostname}\r\n\r\n`);
    await until(() => received().includes('"status":"ok"'));
    expect(received().match(/HTTP\/1\.1 \d+/g)).toEqual(['HTTP/1.1 413', 'HTTP/1.1 200']);
    socket.destroy();
  });
});

function collect(socket: Socket): () => string {
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  return () => text;
}

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 10_000) throw new Error('no answer within 10 s');
    await sleep(10);
  }
}

async function textOf(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString('utf8');
}
