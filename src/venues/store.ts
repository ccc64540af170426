/** SQL for venues. */
import type { DbOrTrx } from '../db/transaction.ts';
import type { NewVenue } from './model.ts';

// PostgreSQL allows 65,535 bind parameters per statement; 6 columns × 2,000 rows stays well under.
const INSERT_CHUNK = 2000;

export async function insertVenues(db: DbOrTrx, rows: readonly (NewVenue & { id: string })[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await db.insertInto('venues').values(rows.slice(i, i + INSERT_CHUNK).map((v) => ({
      id: v.id, regionCode: v.regionCode, name: v.name, kind: v.kind, address: v.address, synthetic: v.synthetic ?? false,
    }))).execute();
  }
}

/** Venues whose region code starts with the prefix ('' = all). */
export async function countVenuesByRegionPrefix(db: DbOrTrx, prefix: string): Promise<number> {
  const row = await db.selectFrom('venues').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('regionCode', 'like', `${prefix}%`).executeTakeFirstOrThrow();
  return Number(row.n);
}
