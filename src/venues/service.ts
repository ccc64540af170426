/** Venues use cases. For now only what seeding needs; check-in codes and posters come later. */
import { randomUUID } from 'node:crypto';
import type { DbOrTrx } from '../db/transaction.ts';
import { regionPrefix } from '../kernel/regions-scope.ts';
import type { NewVenue } from './model.ts';
import { countVenuesByRegionPrefix, insertVenues } from './store.ts';

/**
 * Adds many venues at once, in the caller's transaction when given one. No access check: the
 * callers are trusted system code (demo seeding, imports run from the CLI), not HTTP routes.
 */
export async function addVenuesBulk(db: DbOrTrx, venues: readonly NewVenue[]): Promise<string[]> {
  const rows = venues.map((v) => ({ ...v, id: randomUUID() }));
  await insertVenues(db, rows);
  return rows.map((r) => r.id);
}

/** How many venues lie within a region (a city counts its districts and streets; omitted = everywhere). */
export async function countVenues(db: DbOrTrx, regionCode?: string): Promise<number> {
  return countVenuesByRegionPrefix(db, regionCode === undefined ? '' : regionPrefix(regionCode));
}
