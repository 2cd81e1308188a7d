/**
 * The adapters a handler uses, created once per container from the environment (endpoints, table name,
 * sender settings) — the only thing that differs between Lambda and the local runtime. Tests and the local
 * runtime may replace any of them.
 */
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { SFNClient } from '@aws-sdk/client-sfn';
import { createAdapters, createEventBridgeClient, createSfnClient, tableNameFrom, type Adapters } from '../../adapters/clients';
import { FollowUps } from '../../adapters/follow-ups';
import { JourneyExecutions } from '../../adapters/journey-executions';
import { stateMachineArnVariable } from '../../../contracts/functions';
import type { JourneyName } from '../../domain/model/primitives';
import { JourneyControlStore } from '../../adapters/journey-control-store';
import { FreezeStore } from '../../adapters/freeze-store';
import { HoldRegistry } from '../../adapters/hold-registry';
import { HoldStateReader, type HoldState } from '../../adapters/hold-state';
import { DynamoExperimentStore, type ExperimentStore } from '../../adapters/experiment-store';
import type { CrisisRecord } from '../../domain/model/crisis';
import { clock } from './clock';
import { policy } from './config';

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

let current: Dependencies | undefined;

export function dependencies(): Dependencies {
  current ??= createDependencies(process.env);
  return current;
}

/** Replace some or all dependencies (local runtime, tests); `undefined` resets to the environment's. */
export function setDependencies(overrides: Partial<Dependencies> | undefined): void {
  if (overrides === undefined) {
    current = undefined;
    return;
  }
  const merged = { ...createDependencies(process.env), ...overrides };
  current = { ...merged, executions: overrides.executions ?? new JourneyExecutions(merged.sfn) };
}

function createDependencies(env: NodeJS.ProcessEnv): Dependencies {
  // The crisis store fills in a declaration's cadence and daily cap from the effective (overridden) playbook.
  const adapters = createAdapters(env, () => clock.now(), policy().crisisPlaybook);
  const cacheMs = Number(env.CRISIS_CACHE_MS ?? 1000);
  const eventBridge = createEventBridgeClient(env);
  const sfn = createSfnClient(env);
  const holdStates = new HoldStateReader(adapters.doc, tableNameFrom(env));
  return {
    ...adapters,
    followUps: new FollowUps(adapters.doc, eventBridge, { tableName: tableNameFrom(env), busName: env.EVENT_BUS_NAME ?? 'journeys' }),
    sfn,
    executions: new JourneyExecutions(sfn),
    journeyControl: new JourneyControlStore(adapters.doc, tableNameFrom(env)),
    freeze: new FreezeStore(adapters.doc, tableNameFrom(env)),
    holds: new HoldRegistry(adapters.doc, tableNameFrom(env)),
    holdStates,
    currentHoldState: cachedPerKey((journey) => holdStates.read(journey), cacheMs),
    experiments: new DynamoExperimentStore(adapters.doc, tableNameFrom(env)),
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

/** `cachedCrisis` per key (a pause is per journey): each key's value is read at most once per `ttlMs`. */
export function cachedPerKey<T>(load: (key: string) => Promise<T>, ttlMs: number): (key: string) => Promise<T> {
  const cached = new Map<string, { value: Promise<T>; loadedAt: number }>();
  return (key) => {
    const now = Date.now();
    const entry = cached.get(key);
    if (entry && now - entry.loadedAt < ttlMs) return entry.value;
    const value = load(key).catch((error: unknown) => {
      cached.delete(key);
      throw error;
    });
    cached.set(key, { value, loadedAt: now });
    return value;
  };
}

/** A journey's state machine ARN, from the environment the stack (or the local runtime) sets. */
export function stateMachineArn(journey: JourneyName): string {
  const variable = stateMachineArnVariable(journey);
  const arn = process.env[variable];
  // A deployment mistake, found before anything is written: a 500 (and the alarm), not a half-done request.
  if (!arn) throw new Error(`${variable} is not set: the ${journey} journey cannot be started`);
  return arn;
}
