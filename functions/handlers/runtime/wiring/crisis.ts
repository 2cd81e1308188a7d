/** `crisis`: the crisis record and its audit (the cached read every decision makes is `currentCrisis`, current-crisis.ts). */
import { tableNameFrom } from '../../../adapters/client-config';
import { DynamoCrisisStore } from '../../../adapters/crisis-store';
import { policy } from '../config';
import { provide } from './registry';

// The crisis store fills in a declaration's cadence and daily cap from the effective (overridden) playbook.
provide('crisis', (deps, env) => new DynamoCrisisStore(deps.doc, { tableName: tableNameFrom(env), playbook: policy().crisisPlaybook }));
