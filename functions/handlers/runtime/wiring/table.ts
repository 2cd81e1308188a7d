/**
 * The journeys table's members: the document client and the stores nearly every function uses (one DynamoDB client
 * per container). `dependencies.ts` imports this module itself. The stores few functions use have their own wiring
 * (crisis.ts, surveys.ts, experiments.ts), imported by the services that use them.
 */
import { tableNameFrom, type Environment } from '../../../adapters/client-config';
import { createCustomerStores, type CustomerStores } from '../../../adapters/customer-stores';
import { createDocumentClient, createDynamoClient } from '../../../adapters/dynamodb-client';
import { DynamoEventDedup } from '../../../adapters/event-dedup';
import { FreezeStore } from '../../../adapters/freeze-store';
import { HoldRegistry } from '../../../adapters/hold-registry';
import { HoldStateReader } from '../../../adapters/hold-state';
import { JourneyControlStore } from '../../../adapters/journey-control-store';
import { cachedPerKey } from '../cached';
import { clock } from '../clock';
import { perContainer, provide } from './registry';

export const now = () => clock.now();
/** The customer collection's stores, built together on the container's document client (customer-stores.ts). */
const customerStoresOf = perContainer((deps, env) =>
  createCustomerStores(deps.doc, {
    tableName: tableNameFrom(env),
    ...(env.LEDGER_TTL_DAYS ? { ledgerTtlDays: Number(env.LEDGER_TTL_DAYS) } : {}),
    clock: now,
  }),
);
/** Every member `createCustomerStores` builds (the compiler checks the list is complete). */
const CUSTOMER_STORES: Record<keyof CustomerStores, true> = {
  decisionContexts: true, profiles: true, suppressions: true, ledger: true, waits: true, audiences: true,
  executionLog: true, phones: true, deadLetters: true, erasure: true,
};
/** How long a warm container reuses the crisis record and a journey's pause/freeze state. */
export const cacheMs = (env: Environment) => Number(env.CRISIS_CACHE_MS ?? 1000);

provide('doc', (_, env) => createDocumentClient(createDynamoClient(env)));

for (const member of Object.keys(CUSTOMER_STORES) as (keyof CustomerStores)[]) {
  provide(member, (deps, env) => customerStoresOf(deps, env)[member]);
}

provide('events', (deps, env) => new DynamoEventDedup(deps.doc, { tableName: tableNameFrom(env), clock: now }));
provide('journeyControl', (deps, env) => new JourneyControlStore(deps.doc, tableNameFrom(env)));
provide('freeze', (deps, env) => new FreezeStore(deps.doc, tableNameFrom(env)));
provide('holds', (deps, env) => new HoldRegistry(deps.doc, tableNameFrom(env)));
provide('holdStates', (deps, env) => new HoldStateReader(deps.doc, tableNameFrom(env)));
provide('currentHoldState', (deps, env) => cachedPerKey((journey) => deps.holdStates.read(journey), cacheMs(env)));
