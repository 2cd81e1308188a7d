/**
 * DynamoDB: dynalite in process, persisted under `<dataDir>/dynamodb` (LevelDB; in memory without a data
 * directory), with the journeys table and the idempotency table created from their one definition.
 *
 * Handlers reach it through the runtime's own URL (`X-Amz-Target: DynamoDB_20120810.*` is handed to dynalite's
 * request handler), so every AWS endpoint the handlers know is the runtime's one address. Dynalite still listens
 * on a private ephemeral port: that is how the runtime creates the tables before it serves anything, and
 * dynalite only closes its LevelDB when its server closes.
 *
 * Fault injection (faults.ts, `runtime.faults.dynamodb`): while a fault is armed, each request is read first to
 * find its target (`<Operation>` and `<Operation> <sort-key prefix>`); an armed fault answers it the way DynamoDB
 * does (HTTP 400, JSON 1.0 `__type`), so the SDK raises the named exception — and retries it itself when it is
 * throttling (`ProvisionedThroughputExceededException`, `ThrottlingException`), as it would in the cloud.
 * Unarmed, requests stream to dynalite untouched.
 */
import { randomUUID } from 'node:crypto';
import { Agent, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { Readable } from 'node:stream';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { ensureTable } from '../functions/adapters/clients';
import { createIdempotencyTableInput } from '../functions/adapters/table-definition';
import { startDynaliteWorker } from './dynamodb-worker';
import type { FaultSwitch } from './faults';
import { PRIVATE_DIR_MODE } from './paths';

interface DynaliteOptions {
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
  path?: string;
}
// dynalite ships no types: its factory returns a plain http.Server whose 'request' listener is the API.
const dynalite = createRequire(import.meta.url)('dynalite') as (options?: DynaliteOptions) => Server;

export interface LocalDynamo {
  /** Serves one DynamoDB API request (the caller has not read the body). */
  handle(request: IncomingMessage, response: ServerResponse): void;
  close(): Promise<void>;
  /** Off the main thread: dynalite's own address, which the handlers call directly (see dynamodb-worker.ts). */
  readonly directUrl?: string;
}

interface DynamoOptions {
  path?: string;
  tableName: string;
  idempotencyTableName: string;
  faults?: FaultSwitch;
  /** dynalite in a worker thread (load tests): its work runs on another core. */
  offThread?: boolean;
}

/** dynalite in process on a free loopback port, its tables created at once; in memory without `path`. */
export async function listenDynalite(path?: string): Promise<{ server: Server; endpoint: string }> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(path ? { path } : {}) });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return { server, endpoint: `http://127.0.0.1:${port}` };
}

/** A client of a local DynamoDB (dummy credentials: the emulator accepts any). */
export function localDynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
}

export async function startDynamo(options: DynamoOptions): Promise<LocalDynamo> {
  // dynalite's LevelDB files take the umask's mode: the private directory keeps them to the developer.
  if (options.path) mkdirSync(options.path, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (options.offThread) return startOffThread(options);
  const { server, endpoint } = await listenDynalite(options.path);
  const client = localDynamoClient(endpoint);
  try {
    await ensureTable(client, options.tableName);
    await ensureTableFrom(client, createIdempotencyTableInput(options.idempotencyTableName));
  } finally {
    client.destroy();
  }
  const [listener] = server.listeners('request') as Array<(request: IncomingMessage, response: ServerResponse) => void>;
  if (!listener) throw new Error('dynalite exposes no request handler');
  const faults = options.faults;
  const forward = (request: IncomingMessage, response: ServerResponse) => listener.call(server, request, response);
  return {
    handle: (request, response) => {
      if (!faults?.armed) return forward(request, response);
      withFaults(request, response, faults, forward).catch(() => {
        // The caller went away mid-request: nothing to answer.
        response.destroy();
      });
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/**
 * dynalite in a worker thread. The handlers get its address (`directUrl`) and call it without passing through the
 * runtime's server; requests that do come to the runtime's URL (scripts, the CLI) are proxied to it, faults
 * included. DynamoDB faults therefore reach the handlers only in process (the default).
 */
async function startOffThread(options: DynamoOptions): Promise<LocalDynamo> {
  const worker = await startDynaliteWorker(options.path ? { path: options.path } : {});
  const { port } = new URL(worker.url);
  const client = localDynamoClient(worker.url);
  try {
    await ensureTable(client, options.tableName);
    await ensureTableFrom(client, createIdempotencyTableInput(options.idempotencyTableName));
  } catch (error) {
    await worker.close();
    throw error;
  } finally {
    client.destroy();
  }
  const agent = new Agent({ keepAlive: true });
  const forward = (request: IncomingMessage, response: ServerResponse) => {
    const upstream = httpRequest({ host: '127.0.0.1', port, method: request.method, path: request.url, headers: request.headers, agent }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  };
  const faults = options.faults;
  return {
    directUrl: worker.url,
    handle: (request, response) => {
      if (!faults?.armed) return forward(request, response);
      withFaults(request, response, faults, forward).catch(() => response.destroy());
    },
    close: async () => {
      agent.destroy();
      await worker.close();
    },
  };
}

/** `ensureTable` creates the journeys table only; the idempotency table has its own definition. */
async function ensureTableFrom(client: DynamoDBClient, input: CreateTableCommandInput): Promise<void> {
  try {
    await client.send(new CreateTableCommand(input));
  } catch (error) {
    if ((error as Error).name !== 'ResourceInUseException') throw error;
  }
  for (let attempt = 0; attempt < 500; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: input.TableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`table ${input.TableName} did not become ACTIVE`);
}

/** The DynamoDB JSON 1.0 error namespace the SDK strips from `__type`. */
const ERROR_NAMESPACE = 'com.amazonaws.dynamodb.v20120810#';

/** Reads the request to find its target; answers an armed fault, or hands dynalite a copy of the request. */
async function withFaults(
  request: IncomingMessage,
  response: ServerResponse,
  faults: FaultSwitch,
  forward: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
  const prefix = sortKeyPrefix(body);
  const fault = faults.take(...(prefix === undefined ? [] : [`${operation} ${prefix}`]), operation);
  if (fault) {
    const answer = JSON.stringify({ __type: `${ERROR_NAMESPACE}${fault.name}`, message: fault.message ?? `${fault.name} (injected by the local runtime)` });
    response.writeHead(fault.status, {
      'content-type': 'application/x-amz-json-1.0',
      'content-length': String(Buffer.byteLength(answer)),
      'x-amzn-requestid': randomUUID(),
    });
    response.end(answer);
    return;
  }
  // dynalite reads the request as a stream and looks at its method, url and headers only.
  const replay = Object.assign(Readable.from([body]), { method: request.method, url: request.url, headers: request.headers });
  forward(replay as unknown as IncomingMessage, response);
}

/** The sort key of the item a single-item request addresses, up to and including its first `#` (`SEND#`, `PROFILE`). */
function sortKeyPrefix(body: Buffer): string | undefined {
  try {
    const input = JSON.parse(body.toString('utf8')) as { Key?: { sk?: { S?: unknown } }; Item?: { sk?: { S?: unknown } } };
    const sk = input.Key?.sk?.S ?? input.Item?.sk?.S;
    if (typeof sk !== 'string') return undefined;
    const hash = sk.indexOf('#');
    return hash < 0 ? sk : sk.slice(0, hash + 1);
  } catch {
    return undefined;
  }
}
