/**
 * Every AWS call a handler's code can make is allowed by its synthesized role. Locally no IAM is enforced, so
 * without this check a grant the catalog forgot only shows deployed (flag-follow-up could not announce a
 * follow-up: FollowUps.request calls PutEvents, and its role had no events:PutEvents).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FUNCTION_NAMES, FUNCTIONS } from '../../contracts/functions';
import { REPO_ROOT } from '../../infra/constructs/journey-functions';
import { ADAPTER_ACTIONS, indexAdapters, reachableActions, reachedHandlerFiles, type AdapterIndex } from './reachable-actions';
import { actionsOf, functionLogicalId, functionRole, roleStatements, synthesize, type CfnTemplate } from './support';

let json: CfnTemplate;
let adapters: AdapterIndex;

beforeAll(() => {
  json = synthesize().json;
  adapters = indexAdapters();
}, 120_000);

describe('the static map of adapters to AWS actions', () => {
  it('lists every adapter file', () => {
    const files = readdirSync(join(REPO_ROOT, 'functions/adapters')).filter((n) => n.endsWith('.ts')).map((n) => `functions/adapters/${n}`);
    expect(Object.keys(ADAPTER_ACTIONS).filter((k) => k.startsWith('functions/')).sort()).toEqual(files.sort());
  });

  it.each(Object.keys(ADAPTER_ACTIONS).filter((k) => k.startsWith('functions/')))('%s: exactly the actions of the commands it sends', (file) => {
    expect([...adapters.fileActions(file)].sort()).toEqual([...ADAPTER_ACTIONS[file]!].sort());
  });

  it('follows calls inside an adapter: FollowUps.request puts an item and an event (through putEventsReliably)', () => {
    expect([...adapters.actionsOf('FollowUps.request')].sort()).toEqual(['dynamodb:PutItem', 'events:PutEvents']);
    expect([...adapters.actionsOf('DynamoProfileStore.updateConsent')].every((a) => a.startsWith('dynamodb:'))).toBe(true);
  });
});

describe('reachable actions', () => {
  it('reaches the service modules a handler imports (signals → SendTaskSuccess for api-surveys)', () => {
    expect(reachedHandlerFiles(FUNCTIONS['api-surveys'].entry)).toContain('functions/services/signals.ts');
    expect([...reachableActions(FUNCTIONS['api-surveys'].entry, adapters).actions.keys()]).toContain('states:SendTaskSuccess');
  });

  it('flag-follow-up reaches PutEvents (the deployed bug)', () => {
    const { actions } = reachableActions(FUNCTIONS['flag-follow-up'].entry, adapters);
    expect(actions.get('events:PutEvents')).toBe('functions/handlers/flag-follow-up.ts calls followUps.request');
  });
});

describe('every handler can make the calls its code makes', () => {
  it.each(FUNCTION_NAMES)('%s', (name) => {
    const allowed = new Set(actionsOf(roleStatements(json, functionRole(json, functionLogicalId(json, name))).filter((st) => st.Effect === 'Allow')));
    const { actions } = reachableActions(FUNCTIONS[name].entry, adapters);
    const missing = [...actions].filter(([action]) => !allowed.has(action)).map(([action, why]) => `${action} (${why})`);
    expect(missing).toEqual([]);
  });
});
