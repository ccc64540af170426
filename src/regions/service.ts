/** Regions (GB/T 2260) and tenants: what other capabilities may ask of them. */
import type { DbOrTrx } from '../db/transaction.ts';
import { countRegions, findRegionNames, insertRegions } from './store.ts';
import { loadDivisionPackage } from './division-data.ts';

export async function regionNames(db: DbOrTrx, codes: readonly string[]): Promise<Map<string, string>> {
  return findRegionNames(db, codes);
}

/** Loads the national division data once (an empty regions table); later starts skip it. */
export async function ensureRegionsLoaded(db: DbOrTrx, onProgress?: (done: number, total: number) => void): Promise<{ loaded: number }> {
  if ((await countRegions(db)) > 0) return { loaded: 0 };
  const rows = loadDivisionPackage();
  const chunk = 5000;
  for (let i = 0; i < rows.length; i += chunk) {
    await insertRegions(db, rows.slice(i, i + chunk));
    onProgress?.(Math.min(i + chunk, rows.length), rows.length);
  }
  return { loaded: rows.length };
}
