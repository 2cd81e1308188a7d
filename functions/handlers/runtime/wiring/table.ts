/**
 * The journeys table's members: the document client and the stores nearly every function uses (one DynamoDB client
 * per container). `dependencies.ts` imports this module itself. The stores few functions use have their own wiring
 * (crisis.ts, surveys.ts, experiments.ts), imported by the services that use them.
 */
import { DynamoAudienceStore } from '../../../adapters/audience-store';
import { tableNameFrom, type Environment } from '../../../adapters/client-config';
import type { CustomerStoreOptions } from '../../../adapters/customer-items';
import { DynamoDecisionContextStore } from '../../../adapters/decision-context-store';
import { createDocumentClient, createDynamoClient } from '../../../adapters/dynamodb-client';
import { DynamoErasureStore } from '../../../adapters/erasure-store';
import { DynamoEventDedup } from '../../../adapters/event-dedup';
import { DynamoExecutionLog } from '../../../adapters/execution-log';
import { FreezeStore } from '../../../adapters/freeze-store';
import { HoldRegistry } from '../../../adapters/hold-registry';
import { HoldStateReader } from '../../../adapters/hold-state';
import { JourneyControlStore } from '../../../adapters/journey-control-store';
import { DynamoLedgerStore } from '../../../adapters/ledger-store';
import { DynamoMessageDeadLetters } from '../../../adapters/message-dead-letters';
import { DynamoPhoneLookup } from '../../../adapters/phone-lookup';
import { DynamoProfileStore } from '../../../adapters/profile-store';
import { DynamoSuppressionStore } from '../../../adapters/suppression-store';
import { DynamoWaitStore } from '../../../adapters/wait-store';
import { cachedPerKey } from '../cached';
import { clock } from '../clock';
import { provide } from './registry';

export const now = () => clock.now();
const customerStoreOptions = (env: Environment): CustomerStoreOptions => ({
  tableName: tableNameFrom(env),
  ...(env.LEDGER_TTL_DAYS ? { ledgerTtlDays: Number(env.LEDGER_TTL_DAYS) } : {}),
  clock: now,
});
/** How long a warm container reuses the crisis record and a journey's pause/freeze state. */
export const cacheMs = (env: Environment) => Number(env.CRISIS_CACHE_MS ?? 1000);

provide('doc', (_, env) => createDocumentClient(createDynamoClient(env)));

provide('decisionContexts', (deps, env) => new DynamoDecisionContextStore(deps.doc, customerStoreOptions(env)));
provide('profiles', (deps, env) => new DynamoProfileStore(deps.doc, customerStoreOptions(env)));
provide('suppressions', (deps, env) => new DynamoSuppressionStore(deps.doc, customerStoreOptions(env)));
provide('ledger', (deps, env) => new DynamoLedgerStore(deps.doc, customerStoreOptions(env)));
provide('waits', (deps, env) => new DynamoWaitStore(deps.doc, customerStoreOptions(env)));
provide('audiences', (deps, env) => new DynamoAudienceStore(deps.doc, customerStoreOptions(env)));
provide('executionLog', (deps, env) => new DynamoExecutionLog(deps.doc, customerStoreOptions(env)));
provide('phones', (deps, env) => new DynamoPhoneLookup(deps.doc, customerStoreOptions(env)));
provide('deadLetters', (deps, env) => new DynamoMessageDeadLetters(deps.doc, customerStoreOptions(env)));
provide('erasure', (deps, env) => new DynamoErasureStore(deps.doc, customerStoreOptions(env)));

provide('events', (deps, env) => new DynamoEventDedup(deps.doc, { tableName: tableNameFrom(env), clock: now }));
provide('journeyControl', (deps, env) => new JourneyControlStore(deps.doc, tableNameFrom(env)));
provide('freeze', (deps, env) => new FreezeStore(deps.doc, tableNameFrom(env)));
provide('holds', (deps, env) => new HoldRegistry(deps.doc, tableNameFrom(env)));
provide('holdStates', (deps, env) => new HoldStateReader(deps.doc, tableNameFrom(env)));
provide('currentHoldState', (deps, env) => cachedPerKey((journey) => deps.holdStates.read(journey), cacheMs(env)));
