/**
 * The DynamoDB client and the document client every store shares, in a module of their own so a bundle carries
 * only the SDK clients its handler uses (clients.ts has the environment helpers).
 */
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, type TranslateConfig } from '@aws-sdk/lib-dynamodb';
import { clientConfig, type Environment } from './client-config';
import { createTableInput, DEFAULT_TABLE_NAME } from './table-definition';

/** Optional attributes are left out rather than failing the write; everything else is marshalled as is. */
export const DOCUMENT_CLIENT_OPTIONS: TranslateConfig = {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  unmarshallOptions: { wrapNumbers: false },
};

export const createDynamoClient = (env: Environment = process.env) => new DynamoDBClient(clientConfig('DYNAMODB', env));
export const createDocumentClient = (client: DynamoDBClient) => DynamoDBDocumentClient.from(client, DOCUMENT_CLIENT_OPTIONS);

/**
 * Creates the table when it does not exist and waits until it is ACTIVE (dynalite, like DynamoDB, reports
 * CREATING first). For the local runtime and tests; in the cloud the CDK stack owns the table.
 */
export async function ensureTable(client: DynamoDBClient, tableName: string = DEFAULT_TABLE_NAME, timeoutMs = 10_000): Promise<void> {
  try {
    await client.send(new CreateTableCommand(createTableInput(tableName)));
  } catch (err) {
    if (!(err instanceof Error && err.name === 'ResourceInUseException')) throw err;
  }
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexesActive = (Table?.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === undefined || index.IndexStatus === 'ACTIVE');
    if (Table?.TableStatus === 'ACTIVE' && indexesActive) return;
    if (Date.now() > deadline) throw new Error(`table ${tableName} is not ACTIVE after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
