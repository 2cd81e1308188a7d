/** `crisis` (the crisis record and its audit) and `currentCrisis` (the same, cached briefly per container). */
import { tableNameFrom } from '../../../adapters/client-config';
import { DynamoCrisisStore } from '../../../adapters/crisis-store';
import { cachedCrisis } from '../cached';
import { policy } from '../config';
import { provide } from './registry';
import { cacheMs } from './table';

// The crisis store fills in a declaration's cadence and daily cap from the effective (overridden) playbook.
provide('crisis', (deps, env) => new DynamoCrisisStore(deps.doc, { tableName: tableNameFrom(env), playbook: policy().crisisPlaybook }));
provide('currentCrisis', (deps, env) => cachedCrisis(() => deps.crisis.get(), cacheMs(env)));
