/** SQL for callbot_scripts, callbot_campaigns and callbot_dnc (callees and attempts: callee-store.ts). */
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { DbOrTrx } from '../../db/transaction.ts';
import type { CallingWindow } from './schedule.ts';
import type { CampaignChannel, CampaignStatus } from './model.ts';

/**
 * jsonb read as text and parsed here: the CamelCasePlugin would otherwise rename keys inside the
 * JSON too (a node id or slot 'in_town' would come back as 'inTown').
 */
export function jsonText<A extends string>(column: string, alias: A) {
  return sql<string | null>`${sql.ref(column)}::text`.as(alias);
}

export const parseJson = <T>(text: string | null): T => (text === null ? null : JSON.parse(text)) as T;

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `column like any(prefixes%)`: rows inside any of the regions (GB/T 2260 prefixes). */
export function inPrefixes(column: string, prefixes: readonly string[]) {
  return sql<boolean>`${sql.ref(column)} like any(${prefixes.map((p) => `${p}%`)}::text[])`;
}

export interface ScriptRow {
  id: string;
  key: string;
  version: number;
  name: string;
  definition: unknown;
  regionCode: string;
  createdByAccountId: string | null;
  createdAt: Date;
}

const SCRIPT_COLUMNS = ['id', 'key', 'version', 'name', jsonText('definition', 'definition'), 'regionCode', 'createdByAccountId', 'createdAt'] as const;
const scriptOf = <R extends { definition: string | null }>(r: R) => ({ ...r, definition: parseJson<unknown>(r.definition) });

/** Inserts a version unless (key, version) exists; true when inserted. */
export async function insertScriptVersion(db: DbOrTrx, row: ScriptRow): Promise<boolean> {
  const inserted = await db.insertInto('callbotScripts').values({ ...row, definition: JSON.stringify(row.definition) })
    .onConflict((oc) => oc.columns(['key', 'version']).doNothing()).returning('id').executeTakeFirst();
  return inserted !== undefined;
}

export async function findScript(db: DbOrTrx, id: string): Promise<ScriptRow | undefined> {
  if (!UUID.test(id)) return undefined;
  const row = await db.selectFrom('callbotScripts').select(SCRIPT_COLUMNS).where('id', '=', id).executeTakeFirst();
  return row && scriptOf(row);
}

export async function findScriptVersion(db: DbOrTrx, key: string, version: number): Promise<ScriptRow | undefined> {
  const row = await db.selectFrom('callbotScripts').select(SCRIPT_COLUMNS).where('key', '=', key).where('version', '=', version).executeTakeFirst();
  return row && scriptOf(row);
}

/** The newest version of a key stored as a bundled template (region '000000'). */
export async function findLatestBundledVersion(db: DbOrTrx, key: string): Promise<ScriptRow | undefined> {
  const row = await db.selectFrom('callbotScripts').select(SCRIPT_COLUMNS).where('key', '=', key).where('regionCode', '=', '000000')
    .orderBy('version', 'desc').limit(1).executeTakeFirst();
  return row && scriptOf(row);
}

/** The highest version of a key, with the key's rows locked by an advisory lock until commit. */
export async function lockLatestScriptVersion(trx: Transaction<Database>, key: string): Promise<number> {
  await sql`select pg_advisory_xact_lock(hashtext(${`callbot_script:${key}`}))`.execute(trx);
  const row = await trx.selectFrom('callbotScripts').select((eb) => eb.fn.max('version').as('v')).where('key', '=', key).executeTakeFirst();
  return row?.v ?? 0;
}

/** Scripts of the regions (and the bundled ones), newest first. */
export async function listScriptRows(db: DbOrTrx, prefixes: readonly string[], after: { createdAt: Date; id: string } | undefined, limit: number): Promise<ScriptRow[]> {
  let q = db.selectFrom('callbotScripts').select(SCRIPT_COLUMNS)
    .where((eb) => eb.or([eb('regionCode', '=', '000000'), inPrefixes('region_code', prefixes)]));
  if (after) q = q.where(sql<boolean>`(created_at, id) < (${after.createdAt}, ${after.id})`);
  return (await q.orderBy('createdAt', 'desc').orderBy('id', 'desc').limit(limit).execute()).map(scriptOf);
}

export interface CampaignRow {
  id: string;
  name: string;
  regionCode: string;
  scriptId: string;
  channel: CampaignChannel;
  status: CampaignStatus;
  windows: CallingWindow[];
  attemptsPerDay: number;
  retryIntervalMinutes: number;
  endsOn: string;
  variables: Record<string, string>;
  createdByAccountId: string;
  createdAt: Date;
  startedAt: Date | null;
  pausedAt: Date | null;
  stoppedAt: Date | null;
  completedAt: Date | null;
}

const CAMPAIGN_COLUMNS = [
  'id', 'name', 'regionCode', 'scriptId', 'channel', 'status', jsonText('windows', 'windows'), 'attemptsPerDay', 'retryIntervalMinutes', 'endsOn',
  jsonText('variables', 'variables'), 'createdByAccountId', 'createdAt', 'startedAt', 'pausedAt', 'stoppedAt', 'completedAt',
] as const;
const campaignOf = <R extends { windows: string | null; variables: string | null }>(r: R): Omit<R, 'windows' | 'variables'> & Pick<CampaignRow, 'windows' | 'variables'> =>
  ({ ...r, windows: parseJson<CampaignRow['windows']>(r.windows), variables: parseJson<CampaignRow['variables']>(r.variables) });

export async function insertCampaign(db: DbOrTrx, row: Omit<CampaignRow, 'status' | 'startedAt' | 'pausedAt' | 'stoppedAt' | 'completedAt'>): Promise<void> {
  await db.insertInto('callbotCampaigns').values({ ...row, windows: JSON.stringify(row.windows), variables: JSON.stringify(row.variables) }).execute();
}

export async function findCampaign(db: DbOrTrx, id: string): Promise<CampaignRow | undefined> {
  if (!UUID.test(id)) return undefined;
  const row = await db.selectFrom('callbotCampaigns').select(CAMPAIGN_COLUMNS).where('id', '=', id).executeTakeFirst();
  return row && campaignOf(row);
}

export async function lockCampaign(trx: Transaction<Database>, id: string): Promise<CampaignRow | undefined> {
  if (!UUID.test(id)) return undefined;
  const row = await trx.selectFrom('callbotCampaigns').select(CAMPAIGN_COLUMNS).where('id', '=', id).forUpdate().executeTakeFirst();
  return row && campaignOf(row);
}

export async function setCampaignStatus(
  db: DbOrTrx, id: string, change: { status: CampaignStatus } & Partial<Pick<CampaignRow, 'startedAt' | 'pausedAt' | 'stoppedAt' | 'completedAt'>>,
): Promise<void> {
  await db.updateTable('callbotCampaigns').set(change).where('id', '=', id).execute();
}

export async function listCampaignRows(db: DbOrTrx, prefixes: readonly string[], after: { createdAt: Date; id: string } | undefined, limit: number): Promise<CampaignRow[]> {
  let q = db.selectFrom('callbotCampaigns').select(CAMPAIGN_COLUMNS).where(inPrefixes('region_code', prefixes));
  if (after) q = q.where(sql<boolean>`(created_at, id) < (${after.createdAt}, ${after.id})`);
  return (await q.orderBy('createdAt', 'desc').orderBy('id', 'desc').limit(limit).execute()).map(campaignOf);
}

/** Running campaigns (the dialer's and the deadline sweep's work list). */
export async function findRunningCampaigns(db: DbOrTrx): Promise<CampaignRow[]> {
  return (await db.selectFrom('callbotCampaigns').select(CAMPAIGN_COLUMNS).where('status', '=', 'running').orderBy('startedAt').execute()).map(campaignOf);
}

export interface DncRow {
  phoneIndex: string;
  maskedPhone: string;
  regionCode: string;
  source: 'callee' | 'staff' | 'import';
  addedAt: Date;
  addedByAccountId: string | null;
}

/** Adds numbers to the do-not-call list (a number already on it keeps its first entry); the indexes added. */
export async function insertDnc(db: DbOrTrx, rows: readonly DncRow[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const inserted = await db.insertInto('callbotDnc').values([...rows]).onConflict((oc) => oc.column('phoneIndex').doNothing()).returning('phoneIndex').execute();
  return inserted.map((r) => r.phoneIndex);
}

export async function deleteDnc(db: DbOrTrx, phoneIndex: string): Promise<DncRow | undefined> {
  return db.deleteFrom('callbotDnc').where('phoneIndex', '=', phoneIndex).returningAll().executeTakeFirst();
}

export async function findDnc(db: DbOrTrx, phoneIndex: string): Promise<DncRow | undefined> {
  return db.selectFrom('callbotDnc').selectAll().where('phoneIndex', '=', phoneIndex).executeTakeFirst();
}

/** Which of these indexes are on the do-not-call list. */
export async function findDncIndexes(db: DbOrTrx, phoneIndexes: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < phoneIndexes.length; i += 5000) {
    const chunk = phoneIndexes.slice(i, i + 5000);
    const rows = await db.selectFrom('callbotDnc').select('phoneIndex').where('phoneIndex', 'in', chunk).execute();
    for (const r of rows) out.add(r.phoneIndex);
  }
  return out;
}

export async function listDncRows(db: DbOrTrx, prefixes: readonly string[], after: { addedAt: Date; phoneIndex: string } | undefined, limit: number): Promise<DncRow[]> {
  let q = db.selectFrom('callbotDnc').selectAll().where(inPrefixes('region_code', prefixes));
  if (after) q = q.where(sql<boolean>`(added_at, phone_index) < (${after.addedAt}, ${after.phoneIndex})`);
  return q.orderBy('addedAt', 'desc').orderBy('phoneIndex', 'desc').limit(limit).execute();
}
