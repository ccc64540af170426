/** SQL of fever clinics, their staff and their visits (migration 0770); the report exports are in export-store.ts. */
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { DbOrTrx } from '../../db/transaction.ts';
import type { ReportCounts, TestOrdered, TestResult, Triage } from './model.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (id: string): boolean => UUID.test(id);

export interface ClinicRow {
  venueId: string;
  regionCode: string;
  name: string;
  number: string;
  openedAt: Date;
}

function clinicQuery(db: DbOrTrx) {
  return db.selectFrom('feverClinics as c').innerJoin('venues as v', 'v.id', 'c.venueId')
    .select(['c.venueId', 'c.regionCode', 'v.name', 'v.number', 'c.openedAt']);
}

export async function insertClinic(db: DbOrTrx, row: { venueId: string; regionCode: string; openedAt: Date; openedByAccountId: string | null }): Promise<boolean> {
  const result = await db.insertInto('feverClinics').values(row).onConflict((oc) => oc.column('venueId').doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export async function findClinic(db: DbOrTrx, venueId: string): Promise<ClinicRow | undefined> {
  if (!isUuid(venueId)) return undefined;
  return clinicQuery(db).where('c.venueId', '=', venueId).executeTakeFirst();
}

/** Clinics of the regions under the prefixes, by venue number (keyset). */
export async function findClinicsIn(db: DbOrTrx, prefixes: readonly string[], page: { afterNumber?: string; limit: number }): Promise<ClinicRow[]> {
  if (prefixes.length === 0) return [];
  let query = clinicQuery(db).where((eb) => eb.or(prefixes.map((p) => eb('c.regionCode', 'like', `${p}%`))));
  if (page.afterNumber) query = query.where('v.number', '>', page.afterNumber);
  return query.orderBy('v.number').limit(page.limit).execute();
}

/** The clinics an account works at. */
export async function findClinicsOfStaff(db: DbOrTrx, accountId: string): Promise<ClinicRow[]> {
  return clinicQuery(db).innerJoin('feverClinicStaff as s', 's.venueId', 'c.venueId').where('s.accountId', '=', accountId).orderBy('v.number').limit(100).execute();
}

export async function upsertClinicStaff(db: DbOrTrx, row: { venueId: string; accountId: string; addedAt: Date; addedByAccountId: string | null }): Promise<void> {
  await db.insertInto('feverClinicStaff').values(row).onConflict((oc) => oc.columns(['venueId', 'accountId']).doNothing()).execute();
}

export async function deleteClinicStaff(db: DbOrTrx, venueId: string, accountId: string): Promise<boolean> {
  const result = await db.deleteFrom('feverClinicStaff').where('venueId', '=', venueId).where('accountId', '=', accountId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function isClinicStaff(db: DbOrTrx, venueId: string, accountId: string): Promise<boolean> {
  return (await db.selectFrom('feverClinicStaff').select('accountId').where('venueId', '=', venueId).where('accountId', '=', accountId).executeTakeFirst()) !== undefined;
}

export async function findClinicStaff(db: DbOrTrx, venueId: string): Promise<{ accountId: string; addedAt: Date }[]> {
  return db.selectFrom('feverClinicStaff').select(['accountId', 'addedAt']).where('venueId', '=', venueId).orderBy('addedAt').limit(500).execute();
}

// ---- visits --------------------------------------------------------------------------------------

export interface VisitRow {
  id: string;
  venueId: string;
  regionCode: string;
  personId: string;
  visitedAt: Date;
  visitDay: string;
  temperature: number;
  symptoms: string[];
  onsetOn: string | null;
  travelHistory: boolean;
  contactHistory: boolean;
  clusterHistory: boolean;
  epiNoteEnc: string | null;
  triage: Triage;
  suspected: boolean;
  testOrdered: TestOrdered;
  result: TestResult | null;
  resultAt: Date | null;
  caseId: string | null;
  recordedByAccountId: string;
  createdAt: Date;
  updatedAt: Date;
}

const VISIT_COLUMNS = [
  'id', 'venueId', 'regionCode', 'personId', 'visitedAt', 'visitDay', 'temperature', 'symptoms', 'onsetOn', 'travelHistory', 'contactHistory', 'clusterHistory',
  'epiNoteEnc', 'triage', 'suspected', 'testOrdered', 'result', 'resultAt', 'caseId', 'recordedByAccountId', 'createdAt', 'updatedAt',
] as const;

const toVisit = (r: Omit<VisitRow, 'temperature'> & { temperature: string | number }): VisitRow => ({ ...r, temperature: Number(r.temperature) });

export async function insertVisit(trx: Transaction<Database>, row: VisitRow): Promise<void> {
  await trx.insertInto('feverClinicVisits').values(row).execute();
}

export async function findVisit(db: DbOrTrx, id: string): Promise<VisitRow | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await db.selectFrom('feverClinicVisits').select(VISIT_COLUMNS).where('id', '=', id).executeTakeFirst();
  return row && toVisit(row);
}

export async function lockVisit(trx: Transaction<Database>, id: string): Promise<VisitRow | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await trx.selectFrom('feverClinicVisits').select(VISIT_COLUMNS).where('id', '=', id).forUpdate().executeTakeFirst();
  return row && toVisit(row);
}

export async function updateVisit(trx: Transaction<Database>, id: string, patch: Partial<Pick<VisitRow, 'result' | 'resultAt' | 'caseId' | 'updatedAt'>>): Promise<void> {
  await trx.updateTable('feverClinicVisits').set(patch).where('id', '=', id).execute();
}

export interface VisitCursor { visitedAt: Date; id: string }

/** One clinic's visits of a day, newest first, keyset by (visited_at, id). */
export async function findVisitsOfDay(db: DbOrTrx, venueId: string, day: string, page: { after?: VisitCursor; limit: number }): Promise<VisitRow[]> {
  let query = db.selectFrom('feverClinicVisits').select(VISIT_COLUMNS).where('venueId', '=', venueId).where('visitDay', '=', day);
  if (page.after) query = query.where(sql<boolean>`(visited_at, id) < (${page.after.visitedAt.toISOString()}::timestamptz, ${page.after.id}::uuid)`);
  const rows = await query.orderBy('visitedAt', 'desc').orderBy('id', 'desc').limit(page.limit).execute();
  return rows.map(toVisit);
}

// ---- the daily report ----------------------------------------------------------------------------

/**
 * Each clinic's counts for a Shanghai day [from, to): visits that day (patients, fever ≥ `fever`,
 * suspected, transferred) and positive results reported that day (whatever the visit's day).
 */
export async function countReport(db: DbOrTrx, venueIds: readonly string[], day: string, from: Date, to: Date, fever: number): Promise<Map<string, ReportCounts>> {
  const out = new Map<string, ReportCounts>();
  if (venueIds.length === 0) return out;
  const rows = await sql<{ venueId: string; patients: number; fever: number; suspected: number; positive: number; transferred: number }>`
    select venue_id,
      count(*) filter (where visit_day = ${day}::date)::int as patients,
      count(*) filter (where visit_day = ${day}::date and temperature >= ${fever})::int as fever,
      count(*) filter (where visit_day = ${day}::date and suspected)::int as suspected,
      count(*) filter (where result = 'positive' and result_at >= ${from} and result_at < ${to})::int as positive,
      count(*) filter (where visit_day = ${day}::date and triage = 'transfer')::int as transferred
    from fever_clinic_visits
    where venue_id = any(${[...venueIds]}::uuid[])
      and (visit_day = ${day}::date or (result = 'positive' and result_at >= ${from} and result_at < ${to}))
    group by venue_id`.execute(db);
  for (const r of rows.rows) out.set(r.venueId, { patients: r.patients, fever: r.fever, suspected: r.suspected, positive: r.positive, transferred: r.transferred });
  return out;
}

/** Clinic writes for one person's case take turns (two desks entering results at once cannot both register a case). */
export async function lockPersonCaseWrites(trx: Transaction<Database>, personId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`fever-clinic-case:${personId}`}))`.execute(trx);
}
