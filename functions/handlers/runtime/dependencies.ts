/**
 * The adapters a handler uses, built per container from the environment (endpoints, table name, sender
 * settings) — the only thing that differs between Lambda and the local runtime — each on first use. Tests and
 * the local runtime may replace any of them.
 *
 * Each member is built by a factory its wiring module registers (wiring/: table.ts, imported here; senders.ts,
 * step-functions.ts, event-bus.ts, crisis.ts, surveys.ts, experiments.ts, imported by the modules that use those
 * members), so a function's bundle carries only the SDK clients and stores its code uses. Using a member whose
 * wiring nothing imported is a clear error (test/infra/handler-wiring.test.ts checks every function's entry).
 */
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { Adapters } from '../../adapters/clients';
import type { FollowUps } from '../../adapters/follow-ups';
import type { JourneyExecutions } from '../../adapters/journey-executions';
import type { JourneyControlStore } from '../../adapters/journey-control-store';
import type { FreezeStore } from '../../adapters/freeze-store';
import type { HoldRegistry } from '../../adapters/hold-registry';
import type { HoldStateReader, HoldState } from '../../adapters/hold-state';
import type { ExperimentStore } from '../../adapters/experiment-store';
import type { CrisisRecord } from '../../domain/model/crisis';
import type { Environment } from '../../adapters/client-config';
import { factoryOf } from './wiring/registry';
import './wiring/table';

export { cachedCrisis, cachedPerKey } from './cached';

export interface Dependencies extends Adapters {
  followUps: FollowUps;
  /** Pauses, stops, queued entries and their audit, per journey. */
  journeyControl: JourneyControlStore;
  /** The freeze of all marketing and its audit. */
  freeze: FreezeStore;
  /** Messages held by a pause or the freeze, found by the resume. */
  holds: HoldRegistry;
  /** The journey's pause/stop and the freeze, read together (uncached: the check after a hold is registered). */
  holdStates: HoldStateReader;
  /** The same, cached briefly per journey like the crisis record: every decision needs it, and it changes rarely. */
  currentHoldState(journey: string): Promise<HoldState>;
  /** Experiment exposures and counters (adapters/experiment-store.ts). */
  experiments: ExperimentStore;
  sfn: SFNClient;
  /** Step Functions through its adapter; built on `sfn`, so a replaced client is the one it uses. */
  executions: JourneyExecutions;
  eventBridge: EventBridgeClient;
  /** The crisis record, cached briefly: every decision needs it, and it changes rarely. */
  currentCrisis(): Promise<CrisisRecord>;
}

/** Every member, so each gets its lazy getter (the compiler checks the list is complete). */
const MEMBERS = {
  doc: true, decisionContexts: true, profiles: true, suppressions: true, ledger: true, waits: true, audiences: true,
  executionLog: true, phones: true, deadLetters: true, erasure: true, crisis: true, events: true, surveys: true,
  email: true, sms: true, push: true, followUps: true, journeyControl: true, freeze: true, holds: true,
  holdStates: true, currentHoldState: true, experiments: true, sfn: true, executions: true, eventBridge: true,
  currentCrisis: true,
} as const satisfies Record<keyof Dependencies, true>;

let current: Dependencies | undefined;

export function dependencies(): Dependencies {
  current ??= createDependencies(process.env, {});
  return current;
}

/**
 * Replace some or all dependencies (local runtime, tests); `undefined` resets to the environment's. The others are
 * still built on first use, on the replaced ones (`executions` on a replaced `sfn`, the stores on a replaced `doc`).
 */
export function setDependencies(overrides: Partial<Dependencies> | undefined): void {
  current = overrides === undefined ? undefined : createDependencies(process.env, overrides);
}

function createDependencies(env: Environment, overrides: Partial<Dependencies>): Dependencies {
  const built = new Map<string, unknown>(Object.entries(overrides));
  const deps = {} as Dependencies;
  for (const member of Object.keys(MEMBERS) as (keyof Dependencies)[]) {
    Object.defineProperty(deps, member, {
      enumerable: true,
      get: () => {
        if (!built.has(member)) {
          const factory = factoryOf(member);
          if (!factory) throw new Error(`dependencies().${member} is not wired into this function: import the wiring module that provides it (functions/handlers/runtime/wiring/)`);
          built.set(member, factory(deps, env));
        }
        return built.get(member);
      },
    });
  }
  return deps;
}
