/** SQL for organisations. */
import type { DbOrTrx } from '../db/transaction.ts';
import type { NewOrganisation, OrganisationKind } from './model.ts';

// PostgreSQL allows 65,535 bind parameters per statement; 5 columns × 2,000 rows stays well under.
const INSERT_CHUNK = 2000;

export async function insertOrganisations(db: DbOrTrx, rows: readonly (NewOrganisation & { id: string })[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await db.insertInto('organisations').values(rows.slice(i, i + INSERT_CHUNK).map((o) => ({
      id: o.id, regionCode: o.regionCode, name: o.name, kind: o.kind, synthetic: o.synthetic ?? false,
    }))).execute();
  }
}

/** Organisations per kind whose region code starts with the prefix ('' = all). */
export async function countOrganisationsByKind(db: DbOrTrx, prefix: string): Promise<Map<OrganisationKind, number>> {
  const rows = await db.selectFrom('organisations').select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
    .where('regionCode', 'like', `${prefix}%`).groupBy('kind').execute();
  return new Map(rows.map((r) => [r.kind as OrganisationKind, Number(r.n)]));
}
