/**
 * The journeys table's members every function that decides or records a message uses: the document client (one
 * DynamoDB client per container) and the message decision's stores (the one-Query decision context, suppressions,
 * the ledger). `dependencies.ts` imports this module itself. Every other store has its wiring module, imported by
 * the services and handlers that use it (profiles.ts, waits.ts, journey-control.ts, …), so a bundle carries only
 * the stores its code can reach.
 */
import { tableNameFrom, type Environment } from '../../../adapters/client-config';
import type { CustomerStoreOptions } from '../../../adapters/customer-items';
import { DynamoDecisionContextStore } from '../../../adapters/decision-context-store';
import { createDocumentClient, createDynamoClient } from '../../../adapters/dynamodb-client';
import { DynamoLedgerStore } from '../../../adapters/ledger-store';
import { DynamoSuppressionStore } from '../../../adapters/suppression-store';
import { clock } from '../clock';
import { provide } from './registry';

export const now = () => clock.now();
/** What every store of the customer collection is built with (customer-items.ts), from the environment. */
export const customerStoreOptions = (env: Environment): CustomerStoreOptions => ({
  tableName: tableNameFrom(env),
  ...(env.LEDGER_TTL_DAYS ? { ledgerTtlDays: Number(env.LEDGER_TTL_DAYS) } : {}),
  clock: now,
});
/** How long a warm container reuses the crisis record and a journey's pause/freeze state. */
export const cacheMs = (env: Environment) => Number(env.CRISIS_CACHE_MS ?? 1000);

provide('doc', (_, env) => createDocumentClient(createDynamoClient(env)));
provide('decisionContexts', (deps, env) => new DynamoDecisionContextStore(deps.doc, customerStoreOptions(env)));
provide('suppressions', (deps, env) => new DynamoSuppressionStore(deps.doc, customerStoreOptions(env)));
provide('ledger', (deps, env) => new DynamoLedgerStore(deps.doc, customerStoreOptions(env)));
