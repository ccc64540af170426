/** SQL for regions and tenants. */
import { sql } from 'kysely';
import type { DbOrTrx } from '../db/transaction.ts';

export async function findRegionNames(db: DbOrTrx, codes: readonly string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db.selectFrom('regions').select(['code', 'fullName']).where('code', 'in', [...new Set(codes)]).execute();
  return new Map(rows.map((r) => [r.code, r.fullName]));
}

/** Inserts region rows in order (parents first), skipping codes already present. */
export async function insertRegions(db: DbOrTrx, rows: readonly { code: string; name: string; fullName: string; level: number; parentCode: string | null }[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    insert into regions (code, name, full_name, level, parent_code)
    select code, name, full_name, level, parent_code
    from json_to_recordset(${JSON.stringify(rows.map((r) => ({ code: r.code, name: r.name, full_name: r.fullName, level: r.level, parent_code: r.parentCode })))}::json)
      as x(code text, name text, full_name text, level smallint, parent_code text)
    on conflict (code) do nothing`.execute(db);
}

export async function countRegions(db: DbOrTrx): Promise<number> {
  const row = await db.selectFrom('regions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
