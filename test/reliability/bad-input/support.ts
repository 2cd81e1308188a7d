/**
 * What the bad-input corpus checks after every refused input: nothing was written anywhere the runtime keeps
 * state. `stateOf` is a canonical snapshot of all of it — both DynamoDB tables scanned whole (through the
 * runtime's own DynamoDB endpoint), every execution of every journey, the SMS/push outbox, the email inbox and
 * the dead-letter queue — so a case compares one string before and after.
 */
import { request as httpRequest } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_IDEMPOTENCY_TABLE_NAME, DEFAULT_TABLE_NAME } from '../../../functions/adapters/table-definition';
import type { Runtime } from '../../../local/runtime';

export interface CorpusState {
  table: unknown[];
  idempotency: unknown[];
  executions: string[];
  outbox: string[];
  inbox: string[];
  deadLetters: number;
}

const clients = new Map<string, DynamoDBDocumentClient>();

function documentClient(url: string): DynamoDBDocumentClient {
  let client = clients.get(url);
  if (!client) {
    client = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: url, region: 'eu-central-1', credentials: { accessKeyId: 'corpus', secretAccessKey: 'corpus' } }),
    );
    clients.set(url, client);
  }
  return client;
}

/** Every item of a table, sorted by key, each with its attributes in a fixed order. */
export async function scanTable(runtime: Pick<Runtime, 'url'>, tableName: string): Promise<Record<string, unknown>[]> {
  const doc = documentClient(runtime.url);
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ...(start ? { ExclusiveStartKey: start } : {}) }));
    items.push(...((page.Items ?? []) as Record<string, unknown>[]));
    start = page.LastEvaluatedKey as Record<string, unknown> | undefined;
  } while (start);
  const key = (item: Record<string, unknown>) => JSON.stringify([item.pk ?? item.id, item.sk ?? '']);
  return items.map(canonical).sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function canonical(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((name) => {
        const inner = value[name];
        return [name, inner !== null && typeof inner === 'object' && !Array.isArray(inner) && !(inner instanceof Set) ? canonical(inner as Record<string, unknown>) : inner];
      }),
  );
}

export async function executionNames(runtime: Pick<Runtime, 'engine'>): Promise<string[]> {
  const names: string[] = [];
  for (const { stateMachineArn } of (await runtime.engine.listStateMachines()).stateMachines) {
    let nextToken: string | undefined;
    do {
      const page = await runtime.engine.listExecutions({ stateMachineArn, maxResults: 1000, ...(nextToken ? { nextToken } : {}) });
      names.push(...page.executions.map((execution) => `${execution.name}:${execution.status}`));
      nextToken = page.nextToken;
    } while (nextToken);
  }
  return names.sort();
}

/** The whole state, after the runtime is idle (bus deliveries done, journeys at their next wait). */
export async function stateOf(runtime: Runtime): Promise<CorpusState> {
  await runtime.idle();
  return {
    table: await scanTable(runtime, DEFAULT_TABLE_NAME),
    idempotency: await scanTable(runtime, DEFAULT_IDEMPOTENCY_TABLE_NAME),
    executions: await executionNames(runtime),
    outbox: runtime.outbox.list().map((entry) => entry.messageId),
    inbox: (await runtime.inbox.emails()).map((email) => email.messageId),
    deadLetters: runtime.deadLetters.list().length,
  };
}

/** One line per surface in the test output: how big the corpus is. */
export function reportCount(surface: string, count: number): void {
  console.info(`[bad-input corpus] ${surface}: ${count} cases`);
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON, the text when it is not JSON, undefined when empty. */
  body: unknown;
}

/**
 * One request with the path sent exactly as written: fetch (WHATWG URL) would resolve `%2E%2E` and `..` before
 * sending, and the server would never see them. Objects are sent as JSON; strings and Buffers as they are.
 */
export function rawRequest(baseUrl: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  const isRaw = typeof body === 'string' || Buffer.isBuffer(body);
  const payload = body === undefined ? undefined : isRaw ? Buffer.from(body as string | Buffer) : Buffer.from(JSON.stringify(body));
  const sent = {
    ...(body !== undefined && !isRaw ? { 'content-type': 'application/json' } : {}),
    ...(payload ? { 'content-length': String(payload.length) } : {}),
    ...headers,
  };
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, method, path, headers: sent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text === '' ? undefined : text;
        try {
          if (text !== '') parsed = JSON.parse(text);
        } catch {
          // not JSON: keep the text
        }
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: parsed });
      });
      response.on('error', reject);
    });
    // A server refusing a huge body may close the connection before reading it all: the answer still came.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    req.end(payload);
  });
}
