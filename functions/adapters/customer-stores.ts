/**
 * The customer item collection's focused stores, built together on one table and one document client: each
 * caller depends on the store of the concern it touches.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoAudienceStore } from './audience-store';
import type { CustomerStoreOptions } from './customer-items';
import { DynamoDecisionContextStore } from './decision-context-store';
import { DynamoErasureStore } from './erasure-store';
import { DynamoExecutionLog } from './execution-log';
import { DynamoLedgerStore } from './ledger-store';
import { DynamoMessageDeadLetters } from './message-dead-letters';
import { DynamoPhoneLookup } from './phone-lookup';
import { DynamoProfileStore } from './profile-store';
import { DynamoSuppressionStore } from './suppression-store';
import { DynamoWaitStore } from './wait-store';

export interface CustomerStores {
  /** The one-Query read of a message decision. */
  decisionContexts: DynamoDecisionContextStore;
  /** Profiles with their segment memberships and phone pointer; consent. */
  profiles: DynamoProfileStore;
  suppressions: DynamoSuppressionStore;
  /** Decisions and send claims. */
  ledger: DynamoLedgerStore;
  /** Parked journeys and early signals. */
  waits: DynamoWaitStore;
  audiences: DynamoAudienceStore;
  executionLog: DynamoExecutionLog;
  phones: DynamoPhoneLookup;
  deadLetters: DynamoMessageDeadLetters;
  erasure: DynamoErasureStore;
}

export function createCustomerStores(doc: DynamoDBDocumentClient, options: CustomerStoreOptions): CustomerStores {
  return {
    decisionContexts: new DynamoDecisionContextStore(doc, options),
    profiles: new DynamoProfileStore(doc, options),
    suppressions: new DynamoSuppressionStore(doc, options),
    ledger: new DynamoLedgerStore(doc, options),
    waits: new DynamoWaitStore(doc, options),
    audiences: new DynamoAudienceStore(doc, options),
    executionLog: new DynamoExecutionLog(doc, options),
    phones: new DynamoPhoneLookup(doc, options),
    deadLetters: new DynamoMessageDeadLetters(doc, options),
    erasure: new DynamoErasureStore(doc, options),
  };
}
