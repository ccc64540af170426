/** SQL for regions and tenants. */
import { sql } from 'kysely';
import type { DbOrTrx } from '../db/transaction.ts';
import type { Region } from './model.ts';

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

const regionWithTenant = (db: DbOrTrx) => db.selectFrom('regions')
  .leftJoin('tenants', 'tenants.regionCode', 'regions.code')
  .select(['regions.code', 'regions.name', 'regions.fullName', 'regions.level', 'regions.parentCode'])
  .select((eb) => eb('tenants.regionCode', 'is not', null).$castTo<boolean>().as('isTenant'));

export async function findRegion(db: DbOrTrx, code: string): Promise<Region | undefined> {
  return regionWithTenant(db).where('regions.code', '=', code).executeTakeFirst();
}

/** Children of a region, ordered by code, after `afterCode` (keyset). */
export async function findChildRegions(db: DbOrTrx, parentCode: string, page: { limit: number; afterCode?: string }): Promise<Region[]> {
  let q = regionWithTenant(db).where('regions.parentCode', '=', parentCode).orderBy('regions.code').limit(page.limit);
  if (page.afterCode !== undefined) q = q.where('regions.code', '>', page.afterCode);
  return q.execute();
}

export async function findTenantRegions(db: DbOrTrx, page: { limit: number; afterCode?: string }): Promise<Region[]> {
  let q = regionWithTenant(db).where('tenants.regionCode', 'is not', null).orderBy('regions.code').limit(page.limit);
  if (page.afterCode !== undefined) q = q.where('regions.code', '>', page.afterCode);
  return q.execute();
}

export async function tenantExists(db: DbOrTrx, regionCode: string): Promise<boolean> {
  const row = await db.selectFrom('tenants').select('regionCode').where('regionCode', '=', regionCode).executeTakeFirst();
  return row !== undefined;
}

export async function insertTenant(db: DbOrTrx, tenant: { regionCode: string; displayName: string; settings: Record<string, unknown> }): Promise<void> {
  await db.insertInto('tenants').values({ ...tenant, settings: JSON.stringify(tenant.settings) }).execute();
}

function codeInRange(column: string, range: { from: string; to: string | null }) {
  const col = sql.raw(column);
  if (range.from === '') return sql`true`;
  return range.to === null ? sql`${col} >= ${range.from}` : sql`${col} >= ${range.from} and ${col} < ${range.to}`;
}

/**
 * Everything the region dashboard counts, in one round trip; each count is a range scan on an
 * index that starts with the region code. `level` is null when the region does not exist.
 */
export async function countRegionFigures(db: DbOrTrx, code: string, range: { from: string; to: string | null }) {
  const result = await sql<{ level: number | null; residents: string; venues: string; organisations: string; staffAccounts: string }>`
    select
      (select level from regions where code = ${code}) as level,
      (select count(*) from persons where ${codeInRange('home_region_code', range)}) as residents,
      (select count(*) from venues where ${codeInRange('region_code', range)}) as venues,
      (select count(*) from organisations where ${codeInRange('region_code', range)}) as organisations,
      (select count(distinct account_id) from account_roles where ${codeInRange('region_code', range)} and role <> 'resident') as staff_accounts
  `.execute(db);
  const row = result.rows[0]!;
  return {
    level: row.level,
    residents: Number(row.residents),
    venues: Number(row.venues),
    organisations: Number(row.organisations),
    staffAccounts: Number(row.staffAccounts),
  };
}

export async function findTenantSettings(db: DbOrTrx, regionCode: string): Promise<Record<string, unknown> | undefined> {
  const row = await db.selectFrom('tenants').select('settings').where('regionCode', '=', regionCode).executeTakeFirst();
  return row?.settings;
}

/** One setting of every tenant that has it. */
export async function findTenantSettingValues(db: DbOrTrx, key: string): Promise<{ regionCode: string; value: unknown }[]> {
  const { rows } = await sql<{ regionCode: string; value: unknown }>`
    select region_code, settings -> ${key} as value from tenants where settings ? ${key}`.execute(db);
  return rows;
}

/** Merges `patch` into a tenant's settings; false when the region is no tenant. */
export async function mergeTenantSettings(db: DbOrTrx, regionCode: string, patch: Record<string, unknown>): Promise<boolean> {
  const result = await sql`update tenants set settings = settings || ${JSON.stringify(patch)}::jsonb where region_code = ${regionCode}`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}
