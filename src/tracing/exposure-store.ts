/**
 * SQL of venue exposures (venue_exposures, venue_exposure_persons; migration 0750). Who was there
 * is found from check-ins in one statement (the rows never travel to Node), reading the
 * venue-time index like trace-store.ts: a visit lasts at most MAX_STAY_MINUTES, so the check-ins
 * that may overlap the window began at most that long before it, and the day partitions outside
 * are pruned.
 */
import { sql } from 'kysely';
import type { DbOrTrx } from '../db/transaction.ts';
import { MAX_STAY_MINUTES } from './model/overlap.ts';

export interface VenueHead { id: string; name: string; kind: string; regionCode: string }

export async function findVenueHead(db: DbOrTrx, id: string): Promise<VenueHead | undefined> {
  return db.selectFrom('venues').select(['id', 'name', 'kind', 'regionCode']).where('id', '=', id).executeTakeFirst();
}

export interface ExposureRow {
  id: string;
  venueId: string;
  venueName: string;
  venueKind: string;
  regionCode: string;
  fromAt: Date;
  toAt: Date;
  note: string | null;
  persons: number;
  noticeId: string | null;
  createdAt: Date;
  createdByLabel: string;
}

export type NewExposure = Pick<ExposureRow, 'id' | 'venueId' | 'regionCode' | 'fromAt' | 'toAt' | 'note' | 'createdAt' | 'createdByLabel'> & { createdByAccountId: string };

/** False when the venue already has an exposure with this very window (nothing written). */
export async function insertExposure(db: DbOrTrx, row: NewExposure): Promise<boolean> {
  const result = await db.insertInto('venueExposures').values(row)
    .onConflict((oc) => oc.columns(['venueId', 'fromAt', 'toAt']).doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/**
 * Records everyone whose check-in at the venue overlapped [from, to) — began before `to` and left
 * after `from` (touching ends do not count) — one row per person with their first check-in and
 * last leave (to the millisecond, as the list's cursor carries them); how many.
 */
export async function insertExposurePersons(db: DbOrTrx, exposure: { id: string; venueId: string; fromAt: Date; toAt: Date }): Promise<number> {
  const maxStay = sql.raw(`interval '${MAX_STAY_MINUTES} minutes'`);
  const result = await sql`
    insert into venue_exposure_persons (exposure_id, person_id, checked_in_at, leave_at)
    select ${exposure.id}::uuid, c.person_id, date_trunc('milliseconds', min(c.checked_in_at)), date_trunc('milliseconds', max(c.leave_at))
    from checkins c join persons p on p.id = c.person_id
    where c.venue_id = ${exposure.venueId}::uuid
      and c.checked_in_at >= ${exposure.fromAt.toISOString()}::timestamptz - ${maxStay}
      and c.checked_in_at < ${exposure.toAt.toISOString()}::timestamptz
      and c.leave_at > ${exposure.fromAt.toISOString()}::timestamptz
    group by c.person_id
  `.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

export async function updateExposureOutcome(db: DbOrTrx, id: string, outcome: { persons: number; noticeId: string | null }): Promise<void> {
  await db.updateTable('venueExposures').set(outcome).where('id', '=', id).execute();
}

function exposureQuery(db: DbOrTrx) {
  return db.selectFrom('venueExposures as e').innerJoin('venues as v', 'v.id', 'e.venueId')
    .select(['e.id', 'e.venueId', 'v.name as venueName', 'v.kind as venueKind', 'e.regionCode', 'e.fromAt', 'e.toAt', 'e.note', 'e.persons', 'e.noticeId', 'e.createdAt', 'e.createdByLabel']);
}

export async function findExposure(db: DbOrTrx, id: string): Promise<ExposureRow | undefined> {
  return exposureQuery(db).where('e.id', '=', id).executeTakeFirst();
}

/** Exposures of venues under the prefixes, newest marked first, keyset by (created_at, id). */
export async function findExposures(db: DbOrTrx, q: { prefixes: readonly string[]; after?: { at: Date; id: string }; limit: number }): Promise<ExposureRow[]> {
  if (q.prefixes.length === 0) return [];
  let query = exposureQuery(db).where((eb) => eb.or(q.prefixes.map((prefix) => eb('e.regionCode', 'like', `${prefix}%`))));
  if (q.after) query = query.where(sql<boolean>`(e.created_at, e.id) < (${q.after.at.toISOString()}::timestamptz, ${q.after.id}::uuid)`);
  return query.orderBy('e.createdAt', 'desc').orderBy('e.id', 'desc').limit(q.limit).execute();
}

export interface ExposurePersonRow { personId: string; checkedInAt: Date; leaveAt: Date }

/** The persons who were there, earliest arrival first, keyset by (checked_in_at, person). */
export async function findExposurePersons(db: DbOrTrx, exposureId: string, q: { after?: { at: Date; id: string }; limit: number }): Promise<ExposurePersonRow[]> {
  let query = db.selectFrom('venueExposurePersons').select(['personId', 'checkedInAt', 'leaveAt']).where('exposureId', '=', exposureId);
  if (q.after) query = query.where(sql<boolean>`(checked_in_at, person_id) > (${q.after.at.toISOString()}::timestamptz, ${q.after.id}::uuid)`);
  return query.orderBy('checkedInAt').orderBy('personId').limit(q.limit).execute();
}

/** The persons' ids a page at a time in id order (the notice's recipients). */
export async function findExposurePersonIds(db: DbOrTrx, exposureId: string, q: { after?: string; limit: number }): Promise<string[]> {
  let query = db.selectFrom('venueExposurePersons').select('personId').where('exposureId', '=', exposureId);
  if (q.after) query = query.where('personId', '>', q.after);
  return (await query.orderBy('personId').limit(q.limit).execute()).map((r) => r.personId);
}
