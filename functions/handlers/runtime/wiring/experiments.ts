/** `experiments`: exposures and counters per variant. */
import { tableNameFrom } from '../../../adapters/client-config';
import { DynamoExperimentStore } from '../../../adapters/experiment-store';
import { provide } from './registry';

provide('experiments', (deps, env) => new DynamoExperimentStore(deps.doc, tableNameFrom(env)));
