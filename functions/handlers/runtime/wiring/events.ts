/** `events`: the event ids already taken onto the bus (deduplication). */
import { tableNameFrom } from '../../../adapters/client-config';
import { DynamoEventDedup } from '../../../adapters/event-dedup';
import { provide } from './registry';
import { now } from './table';

provide('events', (deps, env) => new DynamoEventDedup(deps.doc, { tableName: tableNameFrom(env), clock: now }));
