/** SQL for code_rule_sets and code_risk_areas. */
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { DbOrTrx } from '../../db/transaction.ts';
import type { RiskArea, StoredRuleSetSummary } from './model.ts';

const summaryColumns = ['regionCode', 'version', 'ruleSetId', 'status', 'proposedAt', 'publishedAt'] as const;

/** The published rule set of the most specific of these regions (codes differ in length by level). */
export async function findPublishedRuleSetAmong(db: DbOrTrx, regionCodes: readonly string[]): Promise<{ regionCode: string; version: number } | undefined> {
  return db.selectFrom('codeRuleSets').select(['regionCode', 'version'])
    .where('status', '=', 'published').where('regionCode', 'in', [...regionCodes])
    .orderBy(sql`length(region_code)`, 'desc').orderBy('regionCode', 'desc').limit(1).executeTakeFirst();
}

export async function findRuleSetBody(db: DbOrTrx, regionCode: string, version: number): Promise<unknown> {
  const row = await db.selectFrom('codeRuleSets').select('body').where('regionCode', '=', regionCode).where('version', '=', version).executeTakeFirst();
  return row?.body;
}

export async function findRuleSetSummary(db: DbOrTrx, regionCode: string, version: number): Promise<StoredRuleSetSummary | undefined> {
  return db.selectFrom('codeRuleSets').select(summaryColumns).where('regionCode', '=', regionCode).where('version', '=', version).executeTakeFirst();
}

export async function findRuleSetSummaries(db: DbOrTrx, regionCode: string): Promise<StoredRuleSetSummary[]> {
  return db.selectFrom('codeRuleSets').select(summaryColumns).where('regionCode', '=', regionCode).orderBy('version', 'desc').limit(200).execute();
}

/** Versions count 1, 2, … per region; the region's advisory lock keeps two proposals from taking one number. */
export async function insertRuleSetVersion(
  trx: Transaction<Database>, row: { regionCode: string; ruleSetId: string; body: unknown; proposedByAccountId: string | null; proposedAt: Date },
): Promise<number> {
  await sql`select pg_advisory_xact_lock(hashtext('code_rule_sets:' || ${row.regionCode}))`.execute(trx);
  const last = await trx.selectFrom('codeRuleSets').select((eb) => eb.fn.max('version').as('v')).where('regionCode', '=', row.regionCode).executeTakeFirst();
  const version = Number(last?.v ?? 0) + 1;
  await trx.insertInto('codeRuleSets').values({
    regionCode: row.regionCode, version, ruleSetId: row.ruleSetId, body: JSON.stringify(row.body), status: 'proposed',
    proposedByAccountId: row.proposedByAccountId, proposedAt: row.proposedAt,
  }).execute();
  return version;
}

/** The previously published version becomes superseded, this one published. */
export async function markRuleSetPublished(trx: Transaction<Database>, regionCode: string, version: number, by: string | null, at: Date): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('code_rule_sets:' || ${regionCode}))`.execute(trx);
  await trx.updateTable('codeRuleSets').set({ status: 'superseded' }).where('regionCode', '=', regionCode).where('status', '=', 'published').execute();
  await trx.updateTable('codeRuleSets').set({ status: 'published', publishedByAccountId: by, publishedAt: at })
    .where('regionCode', '=', regionCode).where('version', '=', version).execute();
}

export async function findRiskAreasManagedBy(db: DbOrTrx, managingRegionCode: string): Promise<RiskArea[]> {
  return db.selectFrom('codeRiskAreas').select(['regionCode', 'level']).where('managingRegionCode', '=', managingRegionCode).orderBy('regionCode').execute();
}

export async function replaceRiskAreasManagedBy(trx: Transaction<Database>, managingRegionCode: string, areas: readonly RiskArea[], at: Date): Promise<void> {
  await trx.deleteFrom('codeRiskAreas').where('managingRegionCode', '=', managingRegionCode).execute();
  if (areas.length === 0) return;
  await trx.insertInto('codeRiskAreas').values(areas.map((a) => ({ managingRegionCode, regionCode: a.regionCode, level: a.level, updatedAt: at }))).execute();
}

/** Areas listed under these exact codes, by any managing region. */
export async function findRiskAreasByCodes(db: DbOrTrx, regionCodes: readonly string[]): Promise<RiskArea[]> {
  if (regionCodes.length === 0) return [];
  return db.selectFrom('codeRiskAreas').select(['regionCode', 'level']).distinct().where('regionCode', 'in', [...new Set(regionCodes)]).execute();
}

export async function findAllRiskAreas(db: DbOrTrx): Promise<RiskArea[]> {
  return db.selectFrom('codeRiskAreas').select(['regionCode', 'level']).distinct().execute();
}
