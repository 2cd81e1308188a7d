/** `deadLetters`: messages parked after a failed send, for the replay (`/dlq`). */
import { DynamoMessageDeadLetters } from '../../../adapters/message-dead-letters';
import { provide } from './registry';
import { customerStoreOptions } from './table';

provide('deadLetters', (deps, env) => new DynamoMessageDeadLetters(deps.doc, customerStoreOptions(env)));
