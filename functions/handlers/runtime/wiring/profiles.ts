/** `profiles` (profiles with their segment memberships and phone pointer; consent) and `phones` (phone → customer). */
import { DynamoPhoneLookup } from '../../../adapters/phone-lookup';
import { DynamoProfileStore } from '../../../adapters/profile-store';
import { provide } from './registry';
import { customerStoreOptions } from './table';

provide('profiles', (deps, env) => new DynamoProfileStore(deps.doc, customerStoreOptions(env)));
provide('phones', (deps, env) => new DynamoPhoneLookup(deps.doc, customerStoreOptions(env)));
