/**
 * The adapters a handler uses, created once per container from the environment (endpoints, table name,
 * sender settings) — the only thing that differs between Lambda and the local runtime. Tests and the local
 * runtime may replace any of them.
 */
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { SFNClient } from '@aws-sdk/client-sfn';
import { createAdapters, createEventBridgeClient, createSfnClient, tableNameFrom, type Adapters } from '../../adapters/clients';
import { FollowUps } from '../../adapters/follow-ups';
import { JourneyControlStore } from '../../adapters/journey-control-store';
import type { CrisisRecord } from '../../domain/model/crisis';
import { clock } from './clock';

export interface Dependencies extends Adapters {
  followUps: FollowUps;
  /** Pauses, stops, queued entries and their audit, per journey. */
  journeyControl: JourneyControlStore;
  sfn: SFNClient;
  eventBridge: EventBridgeClient;
  /** The crisis record, cached briefly: every decision needs it, and it changes rarely. */
  currentCrisis(): Promise<CrisisRecord>;
}

let current: Dependencies | undefined;

export function dependencies(): Dependencies {
  current ??= createDependencies(process.env);
  return current;
}

/** Replace some or all dependencies (local runtime, tests); `undefined` resets to the environment's. */
export function setDependencies(overrides: Partial<Dependencies> | undefined): void {
  current = overrides === undefined ? undefined : { ...createDependencies(process.env), ...overrides };
}

function createDependencies(env: NodeJS.ProcessEnv): Dependencies {
  const adapters = createAdapters(env, () => clock.now());
  const cacheMs = Number(env.CRISIS_CACHE_MS ?? 1000);
  const eventBridge = createEventBridgeClient(env);
  return {
    ...adapters,
    followUps: new FollowUps(adapters.doc, eventBridge, { tableName: tableNameFrom(env), busName: env.EVENT_BUS_NAME ?? 'journeys' }),
    journeyControl: new JourneyControlStore(adapters.doc, tableNameFrom(env)),
    sfn: createSfnClient(env),
    eventBridge,
    currentCrisis: cachedCrisis(() => adapters.crisis.get(), cacheMs),
  };
}

/**
 * A crisis declared now reaches every decision within `ttlMs` (1 s by default) without a read per decision:
 * a decision then costs one Query of the customer's collection, and the crisis read is shared by every
 * decision a warm container makes in that second.
 */
export function cachedCrisis(load: () => Promise<CrisisRecord>, ttlMs: number): () => Promise<CrisisRecord> {
  let value: Promise<CrisisRecord> | undefined;
  let loadedAt = 0;
  return () => {
    const now = Date.now();
    if (!value || now - loadedAt >= ttlMs) {
      loadedAt = now;
      value = load().catch((error: unknown) => {
        value = undefined;
        throw error;
      });
    }
    return value;
  };
}
