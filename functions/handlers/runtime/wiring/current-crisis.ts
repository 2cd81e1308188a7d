/**
 * `currentCrisis`: the crisis record, cached briefly (every decision needs it, and it changes rarely), read on its
 * own (adapters/crisis-record.ts) so a function that only reads it does not bundle the crisis store's writes
 * (`crisis`, wiring/crisis.ts).
 */
import { tableNameFrom } from '../../../adapters/client-config';
import { readCrisisRecord } from '../../../adapters/crisis-record';
import { cachedCrisis } from '../cached';
import { provide } from './registry';
import { cacheMs } from './table';

provide('currentCrisis', (deps, env) => cachedCrisis(() => readCrisisRecord(deps.doc, tableNameFrom(env)), cacheMs(env)));
