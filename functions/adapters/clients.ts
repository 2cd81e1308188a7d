/**
 * SDK clients and adapters built from the environment, so the Lambdas and the local runtime wire the same
 * adapters and only the endpoints differ:
 * - `AWS_ENDPOINT_URL_DYNAMODB`, `AWS_ENDPOINT_URL_SESV2`, `AWS_ENDPOINT_URL_SNS`, `AWS_ENDPOINT_URL_EVENTBRIDGE`,
 *   `AWS_ENDPOINT_URL_SFN` (or `AWS_ENDPOINT_URL` for all) point a client at an emulator (dynalite,
 *   aws-ses-v2-local, the local runtime);
 * - `AWS_REGION` (default `eu-central-1`), `TABLE_NAME` (default `journeys`), `EMAIL_FROM`,
 *   `SES_CONFIGURATION_SET`, `SMS_SENDER_ID`, `LEDGER_TTL_DAYS`.
 */
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient, type TranslateConfig } from '@aws-sdk/lib-dynamodb';
import { DynamoCrisisStore } from './crisis-store';
import { createCustomerStores, type CustomerStores } from './customer-stores';
import { SesEmailSender } from './email-sender';
import { DynamoEventDedup } from './event-dedup';
import { SnsPushSender } from './push-sender';
import { SnsSmsSender } from './sms-sender';
import { DynamoSurveyStore } from './survey-store';
import type { Policy } from '../domain/policy';
import { createTableInput, DEFAULT_TABLE_NAME } from './table-definition';

export type Environment = Record<string, string | undefined>;

export const DEFAULT_REGION = 'eu-central-1';

/** Optional attributes are left out rather than failing the write; everything else is marshalled as is. */
export const DOCUMENT_CLIENT_OPTIONS: TranslateConfig = {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  unmarshallOptions: { wrapNumbers: false },
};

type ServiceId = 'DYNAMODB' | 'SESV2' | 'SNS' | 'EVENTBRIDGE' | 'SFN';

export function regionFrom(env: Environment = process.env): string {
  return env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? DEFAULT_REGION;
}

export function tableNameFrom(env: Environment = process.env): string {
  return env.TABLE_NAME ?? DEFAULT_TABLE_NAME;
}

/** Region, endpoint override and — only against an emulator without credentials in the environment — dummy
 * credentials, so the SDK does not walk the credential chain (and wait on the instance metadata service). */
export function clientConfig(service: ServiceId, env: Environment = process.env) {
  const endpoint = env[`AWS_ENDPOINT_URL_${service}`] ?? env.AWS_ENDPOINT_URL;
  const needsDummyCredentials = endpoint !== undefined && env.AWS_ACCESS_KEY_ID === undefined && env.AWS_PROFILE === undefined;
  return {
    region: regionFrom(env),
    ...(endpoint ? { endpoint } : {}),
    ...(needsDummyCredentials ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  };
}

export const createDynamoClient = (env: Environment = process.env) => new DynamoDBClient(clientConfig('DYNAMODB', env));
export const createDocumentClient = (client: DynamoDBClient) => DynamoDBDocumentClient.from(client, DOCUMENT_CLIENT_OPTIONS);
export const createSesClient = (env: Environment = process.env) => new SESv2Client(clientConfig('SESV2', env));
export const createSnsClient = (env: Environment = process.env) => new SNSClient(clientConfig('SNS', env));
export const createEventBridgeClient = (env: Environment = process.env) => new EventBridgeClient(clientConfig('EVENTBRIDGE', env));
export const createSfnClient = (env: Environment = process.env) => new SFNClient(clientConfig('SFN', env));

/** The customer collection's stores (customer-stores.ts) and the other adapters. */
export interface Adapters extends CustomerStores {
  /** The document client every store shares (one connection pool per container). */
  doc: DynamoDBDocumentClient;
  crisis: DynamoCrisisStore;
  events: DynamoEventDedup;
  surveys: DynamoSurveyStore;
  email: SesEmailSender;
  sms: SnsSmsSender;
  push: SnsPushSender;
}

/**
 * Every adapter, wired from the environment. `clock` is the local runtime's virtual clock; `crisisPlaybook` the
 * effective policy's (with the deployment's override), which fills in what a crisis declaration leaves out.
 */
export function createAdapters(env: Environment = process.env, clock?: () => Date, crisisPlaybook?: Policy['crisisPlaybook']): Adapters {
  const doc = createDocumentClient(createDynamoClient(env));
  const tableName = tableNameFrom(env);
  const sns = createSnsClient(env);
  const ledgerTtlDays = env.LEDGER_TTL_DAYS ? Number(env.LEDGER_TTL_DAYS) : undefined;
  return {
    doc,
    ...createCustomerStores(doc, { tableName, ...(ledgerTtlDays ? { ledgerTtlDays } : {}), ...(clock ? { clock } : {}) }),
    crisis: new DynamoCrisisStore(doc, { tableName, ...(crisisPlaybook ? { playbook: crisisPlaybook } : {}) }),
    events: new DynamoEventDedup(doc, { tableName, ...(clock ? { clock } : {}) }),
    surveys: new DynamoSurveyStore(doc, { tableName, ...(clock ? { clock } : {}) }),
    email: new SesEmailSender(createSesClient(env), {
      fromAddress: env.EMAIL_FROM ?? 'Journeys <no-reply@journeys.local>',
      ...(env.SES_CONFIGURATION_SET ? { configurationSetName: env.SES_CONFIGURATION_SET } : {}),
    }),
    sms: new SnsSmsSender(sns, env.SMS_SENDER_ID ? { senderId: env.SMS_SENDER_ID } : {}),
    push: new SnsPushSender(sns),
  };
}

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
