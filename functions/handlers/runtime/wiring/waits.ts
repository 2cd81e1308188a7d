/** `waits`: parked journeys (task tokens) and early signals. */
import { DynamoWaitStore } from '../../../adapters/wait-store';
import { provide } from './registry';
import { customerStoreOptions } from './table';

provide('waits', (deps, env) => new DynamoWaitStore(deps.doc, customerStoreOptions(env)));
