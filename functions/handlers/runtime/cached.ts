/**
 * A crisis declared now reaches every decision within `ttlMs` (1 s by default) without a read per decision:
 * a decision then costs one Query of the customer's collection, and the crisis read is shared by every
 * decision a warm container makes in that second.
 */
import type { CrisisRecord } from '../../domain/model/crisis';

export function cachedCrisis(load: () => Promise<CrisisRecord>, ttlMs: number): () => Promise<CrisisRecord> {
  const perKey = cachedPerKey(() => load(), ttlMs);
  return () => perKey('crisis');
}

/**
 * Each key's value read at most once per `ttlMs` (a pause is per journey; the crisis record is one key); a failed
 * read is not kept, so the next call reads again.
 */
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
