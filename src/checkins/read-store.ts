/** SQL for reading check-ins (trajectories, venue views, volumes), for 离开, and for exports. */
import { sql } from 'kysely';
import type { DbOrTrx } from '../db/transaction.ts';
import type { CheckinCursor, CheckinMethod, Colour } from './model.ts';

export interface PersonCheckin {
  id: number;
  venueId: string;
  venueName: string;
  regionCode: string;
  checkedInAt: Date;
  leaveAt: Date;
  leftExplicitly: boolean;
  colour: Colour | null;
  method: CheckinMethod;
  geofenceFar: boolean;
  distanceM: number | null;
}

const personColumns = ['id', 'venueId', 'venueName', 'regionCode', 'checkedInAt', 'leaveAt', 'leftExplicitly', 'colour', 'method', 'geofenceFar', 'distanceM'] as const;

/** A person's check-ins in [from, to), newest first, before the cursor; `id` picks one. Runs on checkins_person_time_idx. */
export async function findPersonCheckins(
  db: DbOrTrx, personId: string, q: { from: Date; to: Date; before?: CheckinCursor; limit: number; id?: number },
): Promise<PersonCheckin[]> {
  let query = db.selectFrom('checkins').select(personColumns).where('personId', '=', personId)
    .where('checkedInAt', '>=', q.from).where('checkedInAt', '<', q.to)
    .orderBy('checkedInAt', 'desc').orderBy('id', 'desc').limit(q.limit);
  if (q.before) query = query.where((eb) => eb(eb.refTuple('checkedInAt', 'id'), '<', eb.tuple(q.before!.at, q.before!.id)));
  if (q.id !== undefined) query = query.where('id', '=', q.id);
  const rows = await query.execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** Sets leave_at to now once (a second tap keeps the first time); only within [since, at]. */
export async function markLeft(db: DbOrTrx, q: { id: number; personId: string; since: Date; at: Date }): Promise<PersonCheckin | undefined> {
  const row = await db.updateTable('checkins')
    .set((eb) => ({
      leaveAt: eb.case().when('leftExplicitly', '=', true).then(eb.ref('leaveAt')).else(sql<Date>`greatest(${q.at}::timestamptz, checked_in_at)`).end(),
      leftExplicitly: true,
    }))
    .where('personId', '=', q.personId).where('id', '=', q.id)
    .where('checkedInAt', '>=', q.since).where('checkedInAt', '<=', q.at)
    .returning(personColumns).executeTakeFirst();
  return row && { ...row, id: Number(row.id) };
}

export interface VenueCheckin {
  id: number;
  nameMasked: string;
  colour: Colour | null;
  checkedInAt: Date;
  leaveAt: Date;
  leftExplicitly: boolean;
  method: CheckinMethod;
  geofenceFar: boolean;
  distanceM: number | null;
}

const venueColumns = ['id', 'nameMasked', 'colour', 'checkedInAt', 'leaveAt', 'leftExplicitly', 'method', 'geofenceFar', 'distanceM'] as const;

/** Who was at the venue in [from, to): newest first, before the cursor. Runs on checkins_venue_time_idx. */
export async function findVenueCheckins(db: DbOrTrx, venueId: string, q: { from: Date; to: Date; before?: CheckinCursor; limit: number }): Promise<VenueCheckin[]> {
  let query = db.selectFrom('checkins').select(venueColumns).where('venueId', '=', venueId)
    .where('checkedInAt', '>=', q.from).where('checkedInAt', '<', q.to)
    .orderBy('checkedInAt', 'desc').orderBy('id', 'desc').limit(q.limit);
  if (q.before) query = query.where((eb) => eb(eb.refTuple('checkedInAt', 'id'), '<', eb.tuple(q.before!.at, q.before!.id)));
  const rows = await query.execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** Yellow and red check-ins at the venue after the cursor up to `until`, oldest first (the staff's alert feed). */
export async function findVenueAlerts(db: DbOrTrx, venueId: string, q: { after: CheckinCursor; until: Date; limit: number }): Promise<VenueCheckin[]> {
  const rows = await db.selectFrom('checkins').select(venueColumns).where('venueId', '=', venueId)
    .where('colour', 'in', ['yellow', 'red'])
    .where((eb) => eb(eb.refTuple('checkedInAt', 'id'), '>', eb.tuple(q.after.at, q.after.id)))
    .where('checkedInAt', '<=', q.until)
    .orderBy('checkedInAt').orderBy('id').limit(q.limit).execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

export interface HourCount {
  hour: number;
  checkins: number;
  abnormal: number;
  noCode: number;
  geofenceFar: number;
}

/** Counts per Asia/Shanghai hour in [from, to) at a venue. */
export async function countVenueHours(db: DbOrTrx, venueId: string, from: Date, to: Date): Promise<HourCount[]> {
  const { rows } = await sql<HourCount>`
    select extract(hour from checked_in_at at time zone 'Asia/Shanghai')::int as hour, count(*)::int as checkins,
      (count(*) filter (where colour in ('yellow', 'red')))::int as abnormal, (count(*) filter (where colour is null))::int as no_code,
      (count(*) filter (where geofence_far))::int as geofence_far
    from checkins where venue_id = ${venueId} and checked_in_at >= ${from} and checked_in_at < ${to}
    group by 1 order by 1`.execute(db);
  return rows;
}

/**
 * Daily volumes summed per group of region codes in [fromDay, toDay]: the group is the first
 * `groupChars` characters of the venue's region code (4: cities, 6: districts, 9: streets),
 * for codes in the range [from, to).
 */
export async function sumVolumes(
  db: DbOrTrx, q: { fromDay: string; toDay: string; range: { from: string; to: string | null }; groupChars: number },
): Promise<{ group: string; checkins: number }[]> {
  const upper = q.range.to === null ? sql`true` : sql`region_code < ${q.range.to}`;
  const { rows } = await sql<{ group: string; checkins: number }>`
    select left(region_code, ${q.groupChars}) as group, sum(checkins)::bigint as checkins from checkin_daily_volumes
    where day between ${q.fromDay}::date and ${q.toDay}::date and region_code >= ${q.range.from} and ${upper}
    group by 1 order by 1`.execute(db);
  return rows.map((r) => ({ group: r.group, checkins: Number(r.checkins) }));
}

// ---- exports ------------------------------------------------------------------------------------

export interface ExportRecord {
  id: string;
  venueId: string;
  regionCode: string;
  requestedByAccountId: string;
  windowFrom: Date;
  windowTo: Date;
  status: 'queued' | 'running' | 'done' | 'failed';
  rowCount: number | null;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  expiresAt: Date;
}

const exportColumns = ['id', 'venueId', 'regionCode', 'requestedByAccountId', 'windowFrom', 'windowTo', 'status', 'rowCount', 'error', 'createdAt', 'finishedAt', 'expiresAt'] as const;

export async function insertExport(db: DbOrTrx, record: Pick<ExportRecord, 'id' | 'venueId' | 'regionCode' | 'requestedByAccountId' | 'windowFrom' | 'windowTo' | 'createdAt' | 'expiresAt'>): Promise<void> {
  await db.insertInto('checkinExports').values(record).execute();
}

export async function findExport(db: DbOrTrx, id: string): Promise<ExportRecord | undefined> {
  return db.selectFrom('checkinExports').select(exportColumns).where('id', '=', id).executeTakeFirst();
}

export async function findExportFile(db: DbOrTrx, id: string): Promise<Buffer | null | undefined> {
  const row = await db.selectFrom('checkinExports').select('file').where('id', '=', id).executeTakeFirst();
  return row?.file;
}

/** queued → running, once (a job delivered twice, or two processes, make one file). */
export async function claimExport(db: DbOrTrx, id: string): Promise<ExportRecord | undefined> {
  return db.updateTable('checkinExports').set({ status: 'running' }).where('id', '=', id).where('status', '=', 'queued')
    .returning(exportColumns).executeTakeFirst();
}

export async function finishExport(db: DbOrTrx, id: string, result: { file: Buffer; rowCount: number; at: Date } | { error: string; at: Date }): Promise<void> {
  const set = 'file' in result
    ? { status: 'done' as const, file: result.file, rowCount: result.rowCount, finishedAt: result.at }
    : { status: 'failed' as const, error: result.error, finishedAt: result.at };
  await db.updateTable('checkinExports').set(set).where('id', '=', id).execute();
}

export async function deleteExpiredExports(db: DbOrTrx, now: Date): Promise<number> {
  const result = await db.deleteFrom('checkinExports').where('expiresAt', '<', now).executeTakeFirst();
  return Number(result.numDeletedRows ?? 0);
}

/** How many check-ins the venue has in [from, to), counting no further than `cap`. */
export async function countExportRows(db: DbOrTrx, venueId: string, from: Date, to: Date, cap: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from (
      select 1 from checkins where venue_id = ${venueId} and checked_in_at >= ${from} and checked_in_at < ${to} limit ${cap}
    ) as capped`.execute(db);
  return rows[0]!.n;
}

/** One page of an export: oldest first, at most `limit`, after the cursor (the last row of the previous page). */
export async function findExportRows(db: DbOrTrx, venueId: string, q: { from: Date; to: Date; after?: CheckinCursor; limit: number }): Promise<VenueCheckin[]> {
  let query = db.selectFrom('checkins').select(venueColumns).where('venueId', '=', venueId)
    .where('checkedInAt', '>=', q.from).where('checkedInAt', '<', q.to)
    .orderBy('checkedInAt').orderBy('id').limit(q.limit);
  if (q.after) query = query.where((eb) => eb(eb.refTuple('checkedInAt', 'id'), '>', eb.tuple(q.after!.at, q.after!.id)));
  const rows = await query.execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}
