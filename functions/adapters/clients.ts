/**
 * Every adapter wired at once from the environment (client-config.ts: endpoints, region, table name; and
 * `EMAIL_FROM`, `SES_CONFIGURATION_SET`, `SMS_SENDER_ID`, `LEDGER_TTL_DAYS`), for tests, benches and tools that
 * want them all. The Lambdas do not use it: `dependencies()` (functions/handlers/runtime/dependencies.ts) builds
 * only what a handler touches, from the per-client modules re-exported here, so each bundle carries only the SDK
 * clients its handler uses.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tableNameFrom, type Environment } from './client-config';
import { DynamoCrisisStore } from './crisis-store';
import { createCustomerStores, type CustomerStores } from './customer-stores';
import { createDocumentClient, createDynamoClient } from './dynamodb-client';
import { createEmailSender, type SesEmailSender } from './email-sender';
import { DynamoEventDedup } from './event-dedup';
import { SnsPushSender } from './push-sender';
import { createSmsSender, type SnsSmsSender } from './sms-sender';
import { createSnsClient } from './sns-client';
import { DynamoSurveyStore } from './survey-store';
import type { Policy } from '../domain/policy';

export * from './client-config';
export { createDocumentClient, createDynamoClient, DOCUMENT_CLIENT_OPTIONS, ensureTable } from './dynamodb-client';
export { createSesClient } from './ses-client';
export { createSnsClient } from './sns-client';
export { createSfnClient } from './sfn-client';
export { createEventBridgeClient } from './eventbridge-client';

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
    email: createEmailSender(env),
    sms: createSmsSender(env, sns),
    push: new SnsPushSender(sns),
  };
}
