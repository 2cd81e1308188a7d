/**
 * How `dependencies()` builds a member: each wiring module (table.ts, senders.ts, step-functions.ts,
 * event-bus.ts) registers the factories of the members it owns when it is imported. A service imports the wiring
 * of the members it uses, so a function's bundle carries only the SDK clients its code can reach (esbuild keeps a
 * module only when something imports it; a factory map in one file would pull every client into every bundle).
 */
import type { Environment } from '../../../adapters/client-config';
import type { Dependencies } from '../dependencies';

/** Builds one member; `deps` is the container's other members (built on first use, or the test's overrides). */
export type Factory<K extends keyof Dependencies> = (deps: Dependencies, env: Environment) => Dependencies[K];

const factories = new Map<keyof Dependencies, Factory<keyof Dependencies>>();

export function provide<K extends keyof Dependencies>(member: K, factory: Factory<K>): void {
  factories.set(member, factory as Factory<keyof Dependencies>);
}

export function factoryOf<K extends keyof Dependencies>(member: K): Factory<K> | undefined {
  return factories.get(member) as Factory<K> | undefined;
}

/** The members this process can build: what the imported wiring modules registered. */
export function wiredMembers(): ReadonlySet<keyof Dependencies> {
  return new Set(factories.keys());
}

/**
 * One value per dependencies container, built on first use and shared by the members built from it (one SNS client
 * for sms and push).
 */
export function perContainer<T>(build: (deps: Dependencies, env: Environment) => T): (deps: Dependencies, env: Environment) => T {
  const values = new WeakMap<Dependencies, T>();
  return (deps, env) => {
    if (!values.has(deps)) values.set(deps, build(deps, env));
    return values.get(deps) as T;
  };
}
