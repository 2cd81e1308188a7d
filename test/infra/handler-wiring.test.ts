/**
 * Every `dependencies()` member a function's code uses is wired into its bundle. The members are built by
 * factories that wiring modules register when imported (functions/handlers/runtime/wiring/), so a bundle carries
 * only the SDK clients its handler uses; a service that uses a member whose wiring nothing in its function imports
 * would only fail deployed, where no test or local runtime has imported it already. Each entry is imported alone
 * (fresh module registry) and the members its code reaches (reachable-actions.ts) must then be wired.
 */
import '../support/quiet-runtime';
import { describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import { FUNCTION_NAMES, FUNCTIONS } from '../../contracts/functions';
import { REPO_ROOT } from '../../infra/constructs/journey-functions';
import { indexAdapters, reachableActions } from './reachable-actions';

const adapters = indexAdapters();
const REGISTRY = join(REPO_ROOT, 'functions/handlers/runtime/wiring/registry.ts');
const DEPENDENCIES = join(REPO_ROOT, 'functions/handlers/runtime/dependencies.ts');

async function wiredAfterImporting(entry: string): Promise<{ wired: ReadonlySet<string>; all: string[] }> {
  vi.resetModules();
  await import(join(REPO_ROOT, entry));
  const { wiredMembers } = (await import(REGISTRY)) as typeof import('../../functions/handlers/runtime/wiring/registry');
  const { setDependencies, dependencies } = (await import(DEPENDENCIES)) as typeof import('../../functions/handlers/runtime/dependencies');
  setDependencies(undefined);
  // The member getters are enumerable: listing them builds nothing.
  return { wired: wiredMembers(), all: Object.keys(dependencies()) };
}

describe('each function wires the dependencies its code uses', () => {
  it('deliver-message wires the senders but not Step Functions or EventBridge', async () => {
    const { wired } = await wiredAfterImporting(FUNCTIONS['deliver-message'].entry);
    expect(['email', 'sms', 'push', 'doc', 'ledger'].every((member) => wired.has(member as never))).toBe(true);
    expect(['sfn', 'executions', 'eventBridge', 'followUps'].filter((member) => wired.has(member as never))).toEqual([]);
  });

  it.each(FUNCTION_NAMES)('%s', async (name) => {
    const { wired, all } = await wiredAfterImporting(FUNCTIONS[name].entry);
    const used = [...reachableActions(FUNCTIONS[name].entry, adapters).members].filter((member) => all.includes(member));
    expect(used.filter((member) => !wired.has(member as never))).toEqual([]);
  }, 60_000);
});
