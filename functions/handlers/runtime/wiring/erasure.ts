/** `erasure`: a customer's items elsewhere in the table, found through their pointers, and erased. */
import { DynamoErasureStore } from '../../../adapters/erasure-store';
import { provide } from './registry';
import { customerStoreOptions } from './table';

provide('erasure', (deps, env) => new DynamoErasureStore(deps.doc, customerStoreOptions(env)));
