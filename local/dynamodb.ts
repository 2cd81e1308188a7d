/**
 * DynamoDB: dynalite in process, persisted under `<dataDir>/dynamodb` (LevelDB; in memory without a data
 * directory), with the journeys table and the idempotency table created from their one definition.
 *
 * Handlers reach it through the runtime's own URL (`X-Amz-Target: DynamoDB_20120810.*` is handed to dynalite's
 * request handler), so every AWS endpoint the handlers know is the runtime's one address. Dynalite still listens
 * on a private ephemeral port: that is how the runtime creates the tables before it serves anything, and
 * dynalite only closes its LevelDB when its server closes.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { ensureTable } from '../functions/adapters/clients';
import { createIdempotencyTableInput } from '../functions/adapters/table-definition';

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
}

export async function startDynamo(options: { path?: string; tableName: string; idempotencyTableName: string }): Promise<LocalDynamo> {
  if (options.path) mkdirSync(options.path, { recursive: true });
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(options.path ? { path: options.path } : {}) });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'eu-central-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    await ensureTable(client, options.tableName);
    await ensureTableFrom(client, createIdempotencyTableInput(options.idempotencyTableName));
  } finally {
    client.destroy();
  }
  const [listener] = server.listeners('request') as Array<(request: IncomingMessage, response: ServerResponse) => void>;
  if (!listener) throw new Error('dynalite exposes no request handler');
  return {
    handle: (request, response) => listener.call(server, request, response),
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
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
