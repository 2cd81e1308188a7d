/** `audiences`: the segment index a crisis broadcast counts and walks. */
import { DynamoAudienceStore } from '../../../adapters/audience-store';
import { provide } from './registry';
import { customerStoreOptions } from './table';

provide('audiences', (deps, env) => new DynamoAudienceStore(deps.doc, customerStoreOptions(env)));
