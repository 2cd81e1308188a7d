/**
 * An in-process dynalite (DynamoDB emulator, in memory) on a free port, started as the local runtime starts it,
 * with the journeys table created from the one table definition, and a command counter on the client so tests can assert how many DynamoDB calls
 * an operation costs.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, ensureTable } from '../../functions/adapters/clients';
import { listenDynalite, localDynamoClient } from '../../local/dynamodb';

export interface CommandLog {
  /** Command names in call order, e.g. `QueryCommand`. */
  readonly names: string[];
  count(name?: string): number;
  reset(): void;
}

export interface DynaliteHandle {
  endpoint: string;
  client: DynamoDBClient;
  docClient: DynamoDBDocumentClient;
  tableName: string;
  commands: CommandLog;
  close(): Promise<void>;
}

export async function startDynalite(options: { tableName?: string } = {}): Promise<DynaliteHandle> {
  const { server, endpoint } = await listenDynalite();
  const client = localDynamoClient(endpoint);

  const names: string[] = [];
  const commands: CommandLog = {
    names,
    count: (name) => (name === undefined ? names.length : names.filter((n) => n === name).length),
    reset: () => void names.splice(0, names.length),
  };
  // The document client runs the base client's stack, so this sees every call made through either.
  client.middlewareStack.add(
    (next, context) => async (args) => {
      names.push(context.commandName ?? 'unknown');
      return next(args);
    },
    { step: 'initialize', name: 'journeysCommandCounter' },
  );

  const tableName = options.tableName ?? 'journeys';
  await ensureTable(client, tableName);
  commands.reset();
  return {
    endpoint,
    client,
    docClient: createDocumentClient(client),
    tableName,
    commands,
    close: async () => {
      client.destroy();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
