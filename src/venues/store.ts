/** SQL for venues, venue_staff and venue_number_counters. Numbers come from the insert trigger. */
import { sql } from 'kysely';
import type { DbOrTrx } from '../db/transaction.ts';
import type { NewVenue, Venue, VenueFields, VenueKind, VenueStaffRole, VenueStatus } from './model.ts';

// PostgreSQL allows 65,535 bind parameters per statement; 16 columns × 2,000 rows stays well under.
const INSERT_CHUNK = 2000;

const venueColumns = [
  'id', 'number', 'regionCode', 'name', 'kind', 'address', 'latitude', 'longitude', 'geofenceRadiusM', 'openingHours',
  'defaultStayMinutes', 'checkinMode', 'codeMode', 'status', 'rejectReason', 'tokenVersion', 'synthetic', 'createdAt', 'decidedAt',
] as const;

type VenueRow = Omit<Venue, 'kind'> & { kind: string };
const toVenue = (row: VenueRow): Venue => ({ ...row, kind: row.kind as VenueKind });

/** Trusted bulk inserts (seeding): approved, numbered and defaulted by the database. */
export async function insertVenues(db: DbOrTrx, rows: readonly (NewVenue & { id: string })[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await db.insertInto('venues').values(rows.slice(i, i + INSERT_CHUNK).map((v) => ({
      id: v.id, regionCode: v.regionCode, name: v.name, kind: v.kind, address: v.address, synthetic: v.synthetic ?? false,
      status: 'approved' as const, ...(v.defaultStayMinutes === undefined ? {} : { defaultStayMinutes: v.defaultStayMinutes }),
    }))).execute();
  }
}

export interface VenueInsert extends VenueFields {
  id: string;
  status: 'pending' | 'approved';
  registeredByAccountId: string | null;
  decidedByAccountId: string | null;
  decidedAt: Date | null;
  createdAt: Date;
}

/** Inserts registered or imported venues; returns each one's number, in the order given. */
export async function insertRegisteredVenues(db: DbOrTrx, rows: readonly VenueInsert[]): Promise<string[]> {
  const numbers: string[] = [];
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK);
    const inserted = await db.insertInto('venues').values(chunk.map((r) => ({ ...r, updatedAt: r.createdAt }))).returning(['id', 'number']).execute();
    const byId = new Map(inserted.map((r) => [r.id, r.number]));
    numbers.push(...chunk.map((r) => byId.get(r.id)!));
  }
  return numbers;
}

export async function findVenue(db: DbOrTrx, id: string): Promise<Venue | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const row = await db.selectFrom('venues').select(venueColumns).where('id', '=', id).executeTakeFirst();
  return row && toVenue(row);
}

/** The venue row locked for a change (status, fields, token version) in the caller's transaction. */
export async function lockVenue(db: DbOrTrx, id: string): Promise<(Venue & { registeredByAccountId: string | null }) | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const row = await db.selectFrom('venues').select([...venueColumns, 'registeredByAccountId']).where('id', '=', id).forUpdate().executeTakeFirst();
  return row && { ...toVenue(row), registeredByAccountId: row.registeredByAccountId };
}

export interface VenuePage {
  limit: number;
  /** Keyset cursor: the last venue number of the previous page. */
  afterNumber?: string;
}

export interface VenueFilter {
  status?: VenueStatus;
  /** Venues whose region code starts with one of these ('' = all). */
  regionPrefixes?: readonly string[];
  /** Venues this account is bound to. */
  staffAccountId?: string;
  /** Name or number contains (case-insensitive). */
  search?: string;
}

export async function findVenues(db: DbOrTrx, filter: VenueFilter, page: VenuePage): Promise<Venue[]> {
  let query = db.selectFrom('venues').select(venueColumns).orderBy('number').limit(page.limit);
  if (page.afterNumber !== undefined) query = query.where('number', '>', page.afterNumber);
  if (filter.status) query = query.where('status', '=', filter.status);
  const prefixes = filter.regionPrefixes;
  if (prefixes && !prefixes.includes('')) {
    query = prefixes.length === 0 ? query.where(sql<boolean>`false`) : query.where((eb) => eb.or(prefixes.map((p) => eb('regionCode', 'like', `${p}%`))));
  }
  if (filter.staffAccountId) {
    const accountId = filter.staffAccountId;
    query = query.where('id', 'in', (eb) => eb.selectFrom('venueStaff').select('venueId').where('accountId', '=', accountId));
  }
  if (filter.search) {
    const pattern = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('name', 'ilike', pattern), eb('number', 'ilike', pattern)]));
  }
  return (await query.execute()).map(toVenue);
}

/** New fields and status (never 'rejected': an edited rejected venue is pending again). */
export async function updateVenueFields(db: DbOrTrx, id: string, fields: VenueFields, status: Exclude<VenueStatus, 'rejected'>, at: Date): Promise<void> {
  await db.updateTable('venues').set({ ...fields, status, rejectReason: null, updatedAt: at }).where('id', '=', id).execute();
}

export async function updateVenueStatus(db: DbOrTrx, id: string, change: { status: VenueStatus; rejectReason: string | null; decidedByAccountId: string; at: Date }): Promise<void> {
  await db.updateTable('venues').set({
    status: change.status, rejectReason: change.rejectReason, decidedByAccountId: change.decidedByAccountId, decidedAt: change.at, updatedAt: change.at,
  }).where('id', '=', id).execute();
}

export async function incrementTokenVersion(db: DbOrTrx, id: string, at: Date): Promise<number> {
  const row = await db.updateTable('venues').set((eb) => ({ tokenVersion: eb('tokenVersion', '+', 1), updatedAt: at }))
    .where('id', '=', id).returning('tokenVersion').executeTakeFirstOrThrow();
  return row.tokenVersion;
}

/** NOTIFY at commit: the venue changed (./changes.ts). */
export async function notifyVenueChanged(db: DbOrTrx, channel: string, venueId: string): Promise<void> {
  await sql`select pg_notify(${channel}, ${venueId})`.execute(db);
}

/** The columns resolving a venue token needs, by id. */
export async function findVenueForToken(db: DbOrTrx, id: string) {
  return db.selectFrom('venues').select([
    'id', 'number', 'name', 'kind', 'regionCode', 'address', 'latitude', 'longitude', 'geofenceRadiusM', 'defaultStayMinutes', 'checkinMode',
    'codeMode', 'status', 'tokenVersion',
  ]).where('id', '=', id).executeTakeFirst();
}

// ---- venue_staff

export async function upsertVenueStaff(db: DbOrTrx, row: { venueId: string; accountId: string; role: VenueStaffRole; addedByAccountId: string | null; addedAt: Date }): Promise<void> {
  await db.insertInto('venueStaff').values(row)
    .onConflict((oc) => oc.columns(['venueId', 'accountId']).doUpdateSet({ role: row.role, addedByAccountId: row.addedByAccountId, addedAt: row.addedAt })).execute();
}

/** Trusted bulk bindings (seeding); existing bindings stay as they are. */
export async function insertVenueStaffBulk(db: DbOrTrx, rows: readonly { venueId: string; accountId: string; role: VenueStaffRole }[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('venueStaff').values(rows.map((r) => ({ ...r, addedByAccountId: null }))).onConflict((oc) => oc.doNothing()).execute();
}

export async function deleteVenueStaff(db: DbOrTrx, venueId: string, accountId: string): Promise<boolean> {
  const result = await db.deleteFrom('venueStaff').where('venueId', '=', venueId).where('accountId', '=', accountId).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export async function findStaffRole(db: DbOrTrx, venueId: string, accountId: string): Promise<VenueStaffRole | undefined> {
  const row = await db.selectFrom('venueStaff').select('role').where('venueId', '=', venueId).where('accountId', '=', accountId).executeTakeFirst();
  return row?.role;
}

export async function findVenueStaff(db: DbOrTrx, venueId: string): Promise<{ accountId: string; role: VenueStaffRole; addedAt: Date }[]> {
  return db.selectFrom('venueStaff').select(['accountId', 'role', 'addedAt']).where('venueId', '=', venueId).orderBy('role').orderBy('addedAt').execute();
}

/** Venue ids an account is bound to, with its role there. */
export async function findVenuesOfStaff(db: DbOrTrx, accountId: string, limit = 500): Promise<{ venueId: string; role: VenueStaffRole }[]> {
  return db.selectFrom('venueStaff').select(['venueId', 'role']).where('accountId', '=', accountId).orderBy('venueId').limit(limit).execute();
}

export async function countAdmins(db: DbOrTrx, venueId: string): Promise<number> {
  const row = await db.selectFrom('venueStaff').select((eb) => eb.fn.countAll<number>().as('n')).where('venueId', '=', venueId).where('role', '=', 'admin').executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Venues whose region code starts with the prefix ('' = all). */
export async function countVenuesByRegionPrefix(db: DbOrTrx, prefix: string): Promise<number> {
  const row = await db.selectFrom('venues').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('regionCode', 'like', `${prefix}%`).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Ids of venues in a region prefix, in number order (seeding picks the demo admin's venues from them). */
export async function findVenueIdsByRegionPrefix(db: DbOrTrx, prefix: string, limit: number): Promise<string[]> {
  const rows = await db.selectFrom('venues').select('id').where('regionCode', 'like', `${prefix}%`).orderBy('number').limit(limit).execute();
  return rows.map((r) => r.id);
}

/** Which of these (region, name) pairs already name a venue, as `${regionCode}\0${name}` keys. */
export async function findExistingVenueNames(db: DbOrTrx, pairs: readonly { regionCode: string; name: string }[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < pairs.length; i += INSERT_CHUNK) {
    const chunk = pairs.slice(i, i + INSERT_CHUNK);
    const rows = await db.selectFrom('venues').select(['regionCode', 'name'])
      .where((eb) => eb(eb.refTuple('regionCode', 'name'), 'in', chunk.map((p) => eb.tuple(p.regionCode, p.name)))).execute();
    for (const r of rows) found.add(`${r.regionCode}\u0000${r.name}`);
  }
  return found;
}
