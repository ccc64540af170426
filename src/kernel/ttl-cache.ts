/**
 * A small per-process cache for figures that may be a few seconds old (dashboard counts). Values
 * expire after `ttlMs`; concurrent misses for one key share a single load, so a burst of requests
 * costs one query, not one each. Not a place for state other processes need.
 */
import type { Clock } from './time.ts';

export interface TtlCache<V> {
  getOrLoad(key: string, load: () => Promise<V>): Promise<{ value: V; loadedAt: Date }>;
  clear(): void;
}

export function createTtlCache<V>(ttlMs: number, clock: Clock, maxEntries = 10_000): TtlCache<V> {
  const entries = new Map<string, { value: V; loadedAt: Date }>();
  const loading = new Map<string, Promise<{ value: V; loadedAt: Date }>>();
  return {
    async getOrLoad(key, load) {
      const hit = entries.get(key);
      if (hit && clock.now().getTime() - hit.loadedAt.getTime() < ttlMs) return hit;
      const pending = loading.get(key);
      if (pending) return pending;
      const started = (async () => {
        try {
          const value = await load();
          const entry = { value, loadedAt: clock.now() };
          if (entries.size >= maxEntries) entries.clear();
          entries.set(key, entry);
          return entry;
        } finally {
          loading.delete(key);
        }
      })();
      loading.set(key, started);
      return started;
    },
    clear() {
      entries.clear();
    },
  };
}
