/** `surveys`: survey tokens, answers and the invitation claim. */
import { tableNameFrom } from '../../../adapters/client-config';
import { DynamoSurveyStore } from '../../../adapters/survey-store';
import { provide } from './registry';
import { now } from './table';

provide('surveys', (deps, env) => new DynamoSurveyStore(deps.doc, { tableName: tableNameFrom(env), clock: now }));
