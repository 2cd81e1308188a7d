import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientConfig, createAdapters, ensureTable, tableNameFrom } from '../../../functions/adapters/clients';
import { createTableInput, TABLE } from '../../../functions/adapters/table-definition';
import { startDynalite, type DynaliteHandle } from '../../support/dynalite';

let db: DynaliteHandle;
beforeAll(async () => {
  db = await startDynalite({ tableName: 'journeys-layout' });
});
afterAll(async () => db.close());

describe('the table definition', () => {
  it('creates the table with pk/sk, on-demand billing and the KEYS_ONLY bySegment index', async () => {
    const { Table } = await db.client.send(new DescribeTableCommand({ TableName: 'journeys-layout' }));
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(Table?.GlobalSecondaryIndexes?.map((gsi) => [gsi.IndexName, gsi.KeySchema, gsi.Projection?.ProjectionType])).toEqual([
      [
        'bySegment',
        [
          { AttributeName: 'segmentKey', KeyType: 'HASH' },
          { AttributeName: 'customerId', KeyType: 'RANGE' },
        ],
        'KEYS_ONLY',
      ],
    ]);
  });

  it('declares exactly the key attributes, and the ttl attribute for the CDK', () => {
    expect(createTableInput('t').AttributeDefinitions?.map((a) => `${a.AttributeName}:${a.AttributeType}`)).toEqual([
      'pk:S',
      'sk:S',
      'segmentKey:S',
      'customerId:S',
    ]);
    expect(TABLE.timeToLiveAttribute).toBe('ttl');
    expect(createTableInput().TableName).toBe('journeys');
  });

  it('is created only once: ensureTable on an existing table is a no-op', async () => {
    await expect(ensureTable(db.client, 'journeys-layout')).resolves.toBeUndefined();
  });
});

describe('clients from the environment', () => {
  it('point each service at its own emulator endpoint, with dummy credentials only when none are configured', () => {
    const env = { AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:4567', AWS_ENDPOINT_URL_SESV2: 'http://127.0.0.1:8005' };
    expect(clientConfig('DYNAMODB', env)).toEqual({
      region: 'eu-central-1',
      endpoint: 'http://127.0.0.1:4567',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    expect(clientConfig('SESV2', env).endpoint).toBe('http://127.0.0.1:8005');
    expect(clientConfig('SNS', env)).toEqual({ region: 'eu-central-1' });
    expect(clientConfig('SNS', { AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: 'http://localhost:3000', AWS_ACCESS_KEY_ID: 'AKIA' })).toEqual({
      region: 'us-east-1',
      endpoint: 'http://localhost:3000',
    });
    expect(tableNameFrom({})).toBe('journeys');
    expect(tableNameFrom({ TABLE_NAME: 'journeys-prod' })).toBe('journeys-prod');
  });

  it('wire working stores against the configured endpoint', async () => {
    const adapters = createAdapters({ AWS_ENDPOINT_URL_DYNAMODB: db.endpoint, TABLE_NAME: 'journeys-layout' });
    expect(await adapters.events.claimEventId('wired-1')).toBe(true);
    expect(await adapters.crisis.get()).toEqual({ active: false });
  });
});
