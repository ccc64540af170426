/** SQL for travel_declarations and travel_returns. */
import { sql } from 'kysely';
import type { DbOrTrx } from '../db/transaction.ts';
import type { HealthNow, Transport, TripCursor, TripStatus } from './model.ts';

export interface TripRow {
  id: string;
  personId: string;
  declaredByAccountId: string;
  declaredAt: Date;
  homeRegionCode: string;
  fromRegionCode: string;
  toRegionCode: string;
  viaRegionCodes: string[];
  leaveOn: string;
  returnOn: string;
  transport: Transport;
  transportNumber: string | null;
  purpose: string;
  riskRegionCodes: string[];
  status: TripStatus;
  cancelledAt: Date | null;
}

export interface ReturnRow {
  travelId: string;
  personId: string;
  declaredByAccountId: string;
  declaredAt: Date;
  homeRegionCode: string;
  returnedOn: string;
  visitedRegionCodes: string[];
  health: HealthNow;
  observationRequired: boolean;
  observationRegionCodes: string[];
  observationUntil: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TRIP_COLUMNS = ['id', 'personId', 'declaredByAccountId', 'declaredAt', 'homeRegionCode', 'fromRegionCode', 'toRegionCode', 'viaRegionCodes', 'leaveOn', 'returnOn', 'transport', 'transportNumber', 'purpose', 'riskRegionCodes', 'status', 'cancelledAt'] as const;
const RETURN_COLUMNS = ['travelId', 'personId', 'declaredByAccountId', 'declaredAt', 'homeRegionCode', 'returnedOn', 'visitedRegionCodes', 'health', 'observationRequired', 'observationRegionCodes', 'observationUntil'] as const;

export async function insertTrip(db: DbOrTrx, row: Omit<TripRow, 'status' | 'cancelledAt'>): Promise<void> {
  await db.insertInto('travelDeclarations').values(row).execute();
}

export async function findTrip(db: DbOrTrx, id: string): Promise<TripRow | undefined> {
  if (!UUID.test(id)) return undefined;
  return db.selectFrom('travelDeclarations').select(TRIP_COLUMNS).where('id', '=', id).executeTakeFirst();
}

/** The trip's row locked for a return declaration or a cancellation. */
export async function lockTrip(db: DbOrTrx, id: string): Promise<TripRow | undefined> {
  if (!UUID.test(id)) return undefined;
  return db.selectFrom('travelDeclarations').select(TRIP_COLUMNS).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function setTripStatus(db: DbOrTrx, id: string, status: 'returned' | 'cancelled', at: Date): Promise<void> {
  await db.updateTable('travelDeclarations').set(status === 'cancelled' ? { status, cancelledAt: at } : { status }).where('id', '=', id).execute();
}

export async function insertReturn(db: DbOrTrx, row: ReturnRow): Promise<void> {
  await db.insertInto('travelReturns').values(row).execute();
}

export async function findReturns(db: DbOrTrx, travelIds: readonly string[]): Promise<Map<string, ReturnRow>> {
  if (travelIds.length === 0) return new Map();
  const rows = await db.selectFrom('travelReturns').select(RETURN_COLUMNS).where('travelId', 'in', [...travelIds]).execute();
  return new Map(rows.map((r) => [r.travelId, r]));
}

const afterCursor = (cursor: TripCursor | undefined) => (eb: any) => cursor
  ? eb.or([eb('declaredAt', '<', cursor.declaredAt), eb.and([eb('declaredAt', '=', cursor.declaredAt), eb('id', '<', cursor.id)])])
  : eb.val(true);

/** A person's trips, newest declared first, after the cursor. */
export async function findTripsOfPerson(db: DbOrTrx, personId: string, page: { after?: TripCursor; limit: number }): Promise<TripRow[]> {
  return db.selectFrom('travelDeclarations').select(TRIP_COLUMNS).where('personId', '=', personId)
    .where(afterCursor(page.after)).orderBy('declaredAt', 'desc').orderBy('id', 'desc').limit(page.limit).execute();
}

/** Trips of residents whose home is under one of the prefixes, newest first; optionally only into or through risk areas. */
export async function findTripsInRegions(
  db: DbOrTrx, query: { prefixes: readonly string[]; riskOnly?: boolean; after?: TripCursor; limit: number },
): Promise<TripRow[]> {
  if (query.prefixes.length === 0) return [];
  let q = db.selectFrom('travelDeclarations').select(TRIP_COLUMNS)
    .where((eb) => eb.or(query.prefixes.map((p) => eb('homeRegionCode', 'like', `${p}%`))));
  if (query.riskOnly) q = q.where(sql<boolean>`cardinality(risk_region_codes) > 0`);
  return q.where(afterCursor(query.after)).orderBy('declaredAt', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
}

/** Return declarations that started home observation, of residents under the prefixes, newest return first. */
export async function findObservationsInRegions(
  db: DbOrTrx, query: { prefixes: readonly string[]; after?: TripCursor; limit: number },
): Promise<ReturnRow[]> {
  if (query.prefixes.length === 0) return [];
  let q = db.selectFrom('travelReturns').select(RETURN_COLUMNS).where('observationRequired', '=', true)
    .where((eb) => eb.or(query.prefixes.map((p) => eb('homeRegionCode', 'like', `${p}%`))));
  if (query.after) {
    const { declaredAt, id } = query.after;
    q = q.where((eb) => eb.or([eb('declaredAt', '<', declaredAt), eb.and([eb('declaredAt', '=', declaredAt), eb('travelId', '<', id)])]));
  }
  return q.orderBy('declaredAt', 'desc').orderBy('travelId', 'desc').limit(query.limit).execute();
}

/** The colour rules' inputs: trips (not cancelled) leaving on or after `sinceDay`, and return declarations since then. */
export async function findTravelFacts(db: DbOrTrx, personIds: readonly string[], sinceDay: string): Promise<{
  trips: { personId: string; declaredAt: Date; leaveOn: string; regionCodes: string[] }[];
  returns: { personId: string; declaredAt: Date; returnedOn: string; visitedRegionCodes: string[] }[];
}> {
  if (personIds.length === 0) return { trips: [], returns: [] };
  const trips = await db.selectFrom('travelDeclarations')
    .select(['personId', 'declaredAt', 'leaveOn', 'toRegionCode', 'viaRegionCodes'])
    .where('personId', 'in', [...personIds]).where('status', '<>', 'cancelled').where(sql<string>`return_on`, '>=', sinceDay)
    .orderBy('declaredAt').execute();
  const returns = await db.selectFrom('travelReturns').select(['personId', 'declaredAt', 'returnedOn', 'visitedRegionCodes'])
    .where('personId', 'in', [...personIds]).where(sql<string>`returned_on`, '>=', sinceDay).orderBy('declaredAt').execute();
  return {
    trips: trips.map((t) => ({ personId: t.personId, declaredAt: t.declaredAt, leaveOn: t.leaveOn, regionCodes: [t.toRegionCode, ...t.viaRegionCodes] })),
    returns,
  };
}

/** Persons with a trip into or through, or a return from, one of the region prefixes since `sinceDay` (a risk area changed). */
export async function findPersonsWhoTravelledTo(db: DbOrTrx, prefixes: readonly string[], sinceDay: string): Promise<string[]> {
  if (prefixes.length === 0) return [];
  const like = (column: string) => sql<boolean>`exists (select 1 from unnest(${sql.ref(column)}) c where ${sql.join(prefixes.map((p) => sql`c like ${`${p}%`}`), sql` or `)})`;
  const trips = await db.selectFrom('travelDeclarations').select('personId').distinct()
    .where('status', '<>', 'cancelled').where(sql<string>`return_on`, '>=', sinceDay)
    .where((eb) => eb.or([like('via_region_codes'), ...prefixes.map((p) => eb('toRegionCode', 'like', `${p}%`))])).execute();
  const returns = await db.selectFrom('travelReturns').select('personId').distinct()
    .where(sql<string>`returned_on`, '>=', sinceDay).where(like('visited_region_codes')).execute();
  return [...new Set([...trips, ...returns].map((r) => r.personId))];
}

/**
 * Many trips at once, in any state (the demo seeder's past and planned trips): inserted as planned,
 * one multi-row insert per 1,000, then moved on as a trip is (returned in one update, each cancelled one with its time).
 */
export async function insertTripsBulk(db: DbOrTrx, rows: readonly TripRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await db.insertInto('travelDeclarations').values(rows.slice(i, i + 1000).map(({ status: _, cancelledAt: __, ...row }) => row)).execute();
  }
  const returned = rows.filter((r) => r.status === 'returned').map((r) => r.id);
  for (let i = 0; i < returned.length; i += 1000) {
    await db.updateTable('travelDeclarations').set({ status: 'returned' }).where('id', 'in', returned.slice(i, i + 1000)).execute();
  }
  for (const r of rows) if (r.status === 'cancelled') await setTripStatus(db, r.id, 'cancelled', r.cancelledAt ?? r.declaredAt);
}

/** Many return declarations at once (the demo seeder), one multi-row insert per 1,000. */
export async function insertReturnsBulk(db: DbOrTrx, rows: readonly ReturnRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) await db.insertInto('travelReturns').values(rows.slice(i, i + 1000)).execute();
}
