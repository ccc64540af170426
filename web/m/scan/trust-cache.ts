/**
 * The trust store this device verifies with while offline: the last JSON fetched from
 * /api/codes/trust-store, kept in localStorage with its fetch time. Older than 24 hours it is
 * refused (as EU DCC verifiers do): a revocation must reach the gate within a day.
 */
import { trustStoreFromJson, type TrustStore, type TrustStoreJson } from '../../../src/codes/token/trust-store.ts';

export const TRUST_CACHE_KEY = 'fy.scan.trustStore';
export const TRUST_MAX_AGE_MS = 24 * 60 * 60 * 1000;

export interface CachedTrust {
  json: TrustStoreJson;
  fetchedAt: number;
}

export type TrustState =
  | { kind: 'ready'; store: TrustStore; fetchedAt: Date }
  | { kind: 'stale'; fetchedAt: Date }
  | { kind: 'missing' };

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/**
 * Stores a freshly fetched store. Its age counts from when the server made it (generatedAt), not
 * from when it arrived: the service worker answers from its cache when the server is unreachable,
 * and that old copy must not look new. A device clock behind the server's counts from now.
 * An older copy than the one kept is ignored.
 */
export function saveTrust(storage: KeyValueStore, json: TrustStoreJson, now: Date): void {
  const generatedAt = Date.parse(json.generatedAt);
  const madeAt = Number.isNaN(generatedAt) ? now.getTime() : Math.min(now.getTime(), generatedAt);
  try {
    const kept = JSON.parse(storage.getItem(TRUST_CACHE_KEY) ?? 'null') as CachedTrust | null;
    if (kept && Date.parse(kept.json.generatedAt) > generatedAt) return;
  } catch { /* unreadable: replace it */ }
  storage.setItem(TRUST_CACHE_KEY, JSON.stringify({ json, fetchedAt: madeAt } satisfies CachedTrust));
}

export function readTrust(storage: KeyValueStore, now: Date): TrustState {
  let cached: CachedTrust;
  try {
    const raw = storage.getItem(TRUST_CACHE_KEY);
    if (!raw) return { kind: 'missing' };
    cached = JSON.parse(raw) as CachedTrust;
    if (typeof cached.fetchedAt !== 'number') return { kind: 'missing' };
  } catch {
    return { kind: 'missing' };
  }
  const fetchedAt = new Date(cached.fetchedAt);
  // A clock set back must not make an old list look fresh: a fetch time in the future is stale too.
  const age = now.getTime() - cached.fetchedAt;
  if (age > TRUST_MAX_AGE_MS || age < -5 * 60_000) return { kind: 'stale', fetchedAt };
  try {
    return { kind: 'ready', store: trustStoreFromJson(cached.json), fetchedAt };
  } catch {
    return { kind: 'missing' };
  }
}
