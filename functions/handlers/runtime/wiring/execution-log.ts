/** `executionLog`: the executions started for each customer (`GET /executions`). */
import { DynamoExecutionLog } from '../../../adapters/execution-log';
import { provide } from './registry';
import { customerStoreOptions } from './table';

provide('executionLog', (deps, env) => new DynamoExecutionLog(deps.doc, customerStoreOptions(env)));
