/**
 * Venues use cases: resolving a scanned venue token, who counts as a venue's staff, registration
 * by a venue administrator, approval by the area's community workers or health officials, edits,
 * token rotation, lists. Every change is audited, and announced to the caches of resolved venue
 * codes in every process (./changes.ts). Posters: ./poster-service.ts; staff bindings:
 * ./staff-service.ts; Excel import: ./import-service.ts.
 */
import { randomUUID } from 'node:crypto';
import { recordAudit } from '../audit/service.ts';
import type { NotificationHub } from '../db/notifications.ts';
import { inTransaction, type DbOrTrx } from '../db/transaction.ts';
import { can, requireAccess, requireActor, scopesFor, type Actor } from '../kernel/access.ts';
import type { Keyring } from '../kernel/crypto/field-encryption.ts';
import { kernelFail } from '../kernel/errors.ts';
import { regionPrefix } from '../kernel/regions-scope.ts';
import { DAY_MS, MINUTE_MS, type Clock } from '../kernel/time.ts';
import { regionNames } from '../regions/service.ts';
import { relationTo, requireVenueRelation, type VenueRelation } from './access.ts';
import { announceVenueChange } from './changes.ts';
import { venueFail } from './errors.ts';
import {
  charCount, checkVenueInput, DEFAULT_STAY_MINUTES, isDailyCodeCurrent, LIMITS, nextStatus, VENUE_NUMBER, type NewVenue, type Venue, type VenueDecision,
  type VenueFields, type VenueInput, type VenueKind, type VenueStatus,
} from './model.ts';
import { readVenueToken, venueDayNumber } from './token.ts';
import {
  countVenuesByRegionPrefix, findStaffRole, findVenueForToken, findVenues, incrementTokenVersion, insertRegisteredVenues, insertVenues,
  insertVenueStaffBulk, lockVenue, updateVenueFields, updateVenueStatus, upsertVenueStaff,
} from './store.ts';

export type { NewVenue, Venue, VenueInput, VenueKind, VenueStatus } from './model.ts';
export { VENUE_CHANGED_CHANNEL, watchLocalVenueChanges } from './changes.ts';
export { VENUE_KINDS, VENUE_KIND_NAMES } from './model.ts';

export interface VenueDeps {
  db: DbOrTrx;
  keyring: Keyring;
  clock: Clock;
  /** The running platform's hub: its own caches of venue codes hear of its changes at once (./changes.ts). */
  notifications?: NotificationHub;
}

/**
 * What a scanned venue token stands for: what a check-in needs to know about the venue. Processes
 * cache it: a write that changes any of it (or the status or token version) must call
 * announceVenueChange in its transaction (./changes.ts).
 */
export interface ResolvedVenue {
  id: string;
  name: string;
  kind: VenueKind;
  regionCode: string;
  address: string;
  latitude: number | null;
  longitude: number | null;
  geofenceRadiusM: number | null;
  defaultStayMinutes: number;
  autoCheckin: boolean;
  /** The human venue number printed on the poster. */
  number: string;
}

/** A venue as the console shows it: its fields, its region's name, and what the reader may do. */
export interface VenueView extends Venue {
  regionName: string;
  myRelation: VenueRelation | null;
  canManage: boolean;
  canDecide: boolean;
}

type TokenRow = NonNullable<Awaited<ReturnType<typeof findVenueForToken>>>;

function toResolved(row: TokenRow): ResolvedVenue {
  return {
    id: row.id, name: row.name, kind: row.kind as VenueKind, regionCode: row.regionCode, address: row.address, latitude: row.latitude,
    longitude: row.longitude, geofenceRadiusM: row.geofenceRadiusM, defaultStayMinutes: row.defaultStayMinutes,
    autoCheckin: row.checkinMode === 'auto', number: row.number,
  };
}

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * The venue a scanned token names. Throws VENUE_TOKEN_INVALID (malformed, forged, edited, unknown
 * venue), VENUE_TOKEN_ROTATED (an older token version than the venue's), VENUE_TOKEN_EXPIRED (a
 * daily code of another day — yesterday's still works for the first 5 minutes after midnight — or
 * a static poster of a venue that switched to daily codes), VENUE_NOT_ACTIVE (not approved).
 */
export async function resolveVenueToken(deps: VenueDeps, text: string): Promise<ResolvedVenue> {
  const claims = readVenueToken(deps.keyring, typeof text === 'string' ? text.trim() : '');
  if (!claims) throw venueFail('VENUE_TOKEN_INVALID');
  const row = await findVenueForToken(deps.db, claims.venueId);
  if (!row || claims.tokenVersion > row.tokenVersion) throw venueFail('VENUE_TOKEN_INVALID');
  if (claims.tokenVersion < row.tokenVersion) throw venueFail('VENUE_TOKEN_ROTATED');
  const now = deps.clock.now().getTime();
  if (claims.day === null) {
    if (row.codeMode === 'daily') throw venueFail('VENUE_TOKEN_EXPIRED', { reason: 'daily_code_required' });
  } else {
    const minutesIntoToday = Math.floor(((now + SHANGHAI_OFFSET_MS) % DAY_MS) / MINUTE_MS);
    if (!isDailyCodeCurrent(claims.day, venueDayNumber(new Date(now)), minutesIntoToday)) throw venueFail('VENUE_TOKEN_EXPIRED', { reason: 'other_day' });
  }
  if (row.status !== 'approved') throw venueFail('VENUE_NOT_ACTIVE');
  return toResolved(row);
}

/**
 * The venue, when the actor may see its check-ins: an administrator of it, a guard bound to it,
 * a community worker or health official of its region. AUTH_REQUIRED, VENUE_NOT_FOUND or FORBIDDEN
 * otherwise. Any status: staff of a suspended venue still see its past check-ins.
 */
export async function requireVenueStaff(deps: { db: DbOrTrx }, actor: Actor | undefined, venueId: string): Promise<ResolvedVenue> {
  const { venue } = await requireVenueRelation(deps.db, actor, venueId, 'view');
  return toResolved(venue);
}

function venueInputOf(venue: Venue): VenueInput {
  const { name, kind, address, regionCode, latitude, longitude, geofenceRadiusM, openingHours, defaultStayMinutes, checkinMode, codeMode } = venue;
  return { name, kind, address, regionCode, latitude, longitude, geofenceRadiusM, openingHours, defaultStayMinutes, checkinMode, codeMode };
}

function checkedFields(input: VenueInput): VenueFields {
  const checked = checkVenueInput(input);
  if ('problems' in checked) throw venueFail('VENUE_INPUT_INVALID', { problems: checked.problems });
  return checked.fields;
}

async function requireKnownRegion(db: DbOrTrx, regionCode: string): Promise<string> {
  const name = (await regionNames(db, [regionCode])).get(regionCode);
  if (!name) throw venueFail('VENUE_REGION_UNKNOWN', { regionCode });
  return name;
}

async function viewOf(db: DbOrTrx, actor: Actor, venue: Venue, regionName?: string): Promise<VenueView> {
  const relation = relationTo(actor, venue.regionCode, await findStaffRole(db, venue.id, actor.accountId));
  return {
    ...venue,
    regionName: regionName ?? (await regionNames(db, [venue.regionCode])).get(venue.regionCode) ?? venue.regionCode,
    myRelation: relation.as, canManage: relation.manage, canDecide: can(actor, 'venue.approve', venue.regionCode),
  };
}

/** A venue administrator registers a venue in their area: pending until the area approves it; they become its administrator. */
export async function registerVenue(deps: VenueDeps, actor: Actor | undefined, input: VenueInput): Promise<VenueView> {
  const admin = requireAccess(actor, 'venue.register');
  const fields = checkedFields(input);
  const regionName = await requireKnownRegion(deps.db, fields.regionCode);
  if (!can(admin, 'venue.register', fields.regionCode)) throw venueFail('VENUE_REGION_OUT_OF_SCOPE', { regionCode: fields.regionCode });
  const id = randomUUID();
  const at = deps.clock.now();
  const number = await inTransaction(deps.db, async (trx) => {
    const [assigned] = await insertRegisteredVenues(trx, [{
      ...fields, id, status: 'pending', registeredByAccountId: admin.accountId, decidedByAccountId: null, decidedAt: null, createdAt: at,
    }]);
    await upsertVenueStaff(trx, { venueId: id, accountId: admin.accountId, role: 'admin', addedByAccountId: admin.accountId, addedAt: at });
    await recordAudit(trx, admin, {
      action: 'venue.register', targetType: 'venue', targetId: id, regionCode: fields.regionCode,
      detail: { number: assigned, name: fields.name, kind: fields.kind },
    }, deps.clock);
    return assigned!;
  });
  const venue: Venue = { ...fields, id, number, status: 'pending', rejectReason: null, tokenVersion: 1, synthetic: false, createdAt: at, decidedAt: null };
  return viewOf(deps.db, admin, venue, regionName);
}

export async function getVenue(deps: VenueDeps, actor: Actor | undefined, id: string): Promise<VenueView> {
  const { staff, venue } = await requireVenueRelation(deps.db, actor, id, 'view');
  return viewOf(deps.db, staff, venue);
}

/**
 * Changes a venue's details (its administrators, or officials of its area). A rejected venue that
 * is edited goes back to pending; an approved venue moved to another region by its administrator
 * is pending again, for the new area to approve.
 */
export async function updateVenue(deps: VenueDeps, actor: Actor | undefined, id: string, patch: Partial<VenueInput>): Promise<VenueView> {
  const { staff, as, venue } = await requireVenueRelation(deps.db, actor, id, 'manage');
  const given = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<VenueInput>;
  // A stay left out keeps the venue's own; a changed kind without a stay takes the new kind's default only when the stay was the old default.
  const keepsDefaultStay = given.kind !== undefined && given.defaultStayMinutes === undefined && venue.defaultStayMinutes === DEFAULT_STAY_MINUTES[venue.kind];
  const fields = checkedFields({ ...venueInputOf(venue), ...(keepsDefaultStay ? { defaultStayMinutes: null } : {}), ...given });
  await requireKnownRegion(deps.db, fields.regionCode);
  const permission = as === 'admin' ? 'venue.register' : 'venue.approve';
  if (!can(staff, permission, fields.regionCode)) throw venueFail('VENUE_REGION_OUT_OF_SCOPE', { regionCode: fields.regionCode });
  const at = deps.clock.now();
  await inTransaction(deps.db, async (trx) => {
    const current = (await lockVenue(trx, id))!;
    const moved = current.regionCode !== fields.regionCode;
    const status: Exclude<VenueStatus, 'rejected'> = current.status === 'rejected' || (moved && as === 'admin' && current.status === 'approved')
      ? 'pending' : current.status;
    await updateVenueFields(trx, id, fields, status, at);
    await announceVenueChange(deps, trx, id);
    const changed = (Object.keys(fields) as (keyof VenueFields)[]).filter((k) => fields[k] !== current[k]);
    await recordAudit(trx, staff, {
      action: 'venue.update', targetType: 'venue', targetId: id, regionCode: fields.regionCode,
      detail: { number: current.number, changed, status: status === current.status ? undefined : { from: current.status, to: status } },
    }, deps.clock);
  });
  return getVenue(deps, staff, id);
}

/**
 * Approves, rejects (with a reason) or suspends (with a reason) a venue: a community worker or
 * health official whose area covers the venue, never the one who registered it or administers it.
 */
export async function decideVenue(deps: VenueDeps, actor: Actor | undefined, id: string, decision: VenueDecision, rawReason?: string): Promise<VenueView> {
  const official = requireAccess(actor, 'venue.approve');
  const reason = rawReason?.trim() ?? '';
  if (decision !== 'approve' && (charCount(reason) < LIMITS.rejectReasonChars.min || charCount(reason) > LIMITS.rejectReasonChars.max)) {
    throw venueFail('VENUE_REASON_REQUIRED');
  }
  const at = deps.clock.now();
  await inTransaction(deps.db, async (trx) => {
    const venue = await lockVenue(trx, id);
    if (!venue) throw venueFail('VENUE_NOT_FOUND');
    requireAccess(official, 'venue.approve', venue.regionCode);
    const ownVenue = venue.registeredByAccountId === official.accountId || (await findStaffRole(trx, id, official.accountId)) === 'admin';
    if (ownVenue && decision !== 'suspend') throw venueFail('VENUE_SELF_APPROVAL');
    const next = nextStatus(venue.status, decision);
    if (!next) throw venueFail('VENUE_STATUS_CONFLICT', { status: venue.status, decision });
    await updateVenueStatus(trx, id, { status: next, rejectReason: next === 'rejected' ? reason : null, decidedByAccountId: official.accountId, at });
    await announceVenueChange(deps, trx, id);
    await recordAudit(trx, official, {
      action: `venue.${decision}`, targetType: 'venue', targetId: id, regionCode: venue.regionCode, reason: reason || null,
      detail: { number: venue.number, from: venue.status, to: next },
    }, deps.clock);
  });
  return getVenue(deps, official, id);
}

/** A new token version: every poster and screen code printed so far stops working (VENUE_TOKEN_ROTATED). */
export async function rotateVenueToken(deps: VenueDeps, actor: Actor | undefined, id: string): Promise<{ tokenVersion: number }> {
  const { staff, venue } = await requireVenueRelation(deps.db, actor, id, 'manage');
  const at = deps.clock.now();
  return inTransaction(deps.db, async (trx) => {
    const current = (await lockVenue(trx, id))!;
    if (current.tokenVersion >= 0xffff) throw venueFail('VENUE_STATUS_CONFLICT', { tokenVersion: current.tokenVersion });
    const tokenVersion = await incrementTokenVersion(trx, id, at);
    await announceVenueChange(deps, trx, id);
    await recordAudit(trx, staff, {
      action: 'venue.token.rotate', targetType: 'venue', targetId: id, regionCode: venue.regionCode,
      detail: { number: venue.number, from: current.tokenVersion, to: tokenVersion },
    }, deps.clock);
    return { tokenVersion };
  });
}

export interface VenueListQuery {
  /** mine: venues I am bound to; region: venues of my area (officials). */
  scope: 'mine' | 'region';
  status?: VenueStatus;
  search?: string;
  after?: string;
  limit: number;
}

/** Keyset-paginated by venue number. A venue administrator sees only the venues they are bound to. */
export async function listVenues(deps: VenueDeps, actor: Actor | undefined, query: VenueListQuery): Promise<{ items: (Venue & { regionName: string })[]; next: string | null }> {
  if (query.after !== undefined && !VENUE_NUMBER.test(query.after)) throw kernelFail('VALIDATION_FAILED', { field: 'after' });
  let filter;
  if (query.scope === 'region') {
    const official = requireAccess(actor, 'venue.read');
    filter = { regionPrefixes: scopesFor(official, 'venue.read').map(regionPrefix) };
  } else {
    const staff = requireActor(actor);
    if (staff.kind !== 'staff') throw kernelFail('FORBIDDEN');
    filter = { staffAccountId: staff.accountId };
  }
  const search = query.search?.trim();
  const rows = await findVenues(deps.db, { ...filter, status: query.status, search: search || undefined }, { limit: query.limit, afterNumber: query.after });
  const names = await regionNames(deps.db, rows.map((r) => r.regionCode));
  const last = rows.at(-1);
  return {
    items: rows.map((r) => ({ ...r, regionName: names.get(r.regionCode) ?? r.regionCode })),
    next: rows.length === query.limit && last ? last.number : null,
  };
}

// ---- trusted system code (demo seeding, imports from the CLI): no access check

/** Adds many approved venues at once (numbers and default stays from the database), in the caller's transaction when given one. */
export async function addVenuesBulk(db: DbOrTrx, venues: readonly NewVenue[]): Promise<string[]> {
  const rows = venues.map((v) => ({ ...v, id: randomUUID() }));
  await insertVenues(db, rows);
  return rows.map((r) => r.id);
}

/** Binds accounts to venues (seeding); existing bindings are kept. */
export async function bindVenueStaffBulk(db: DbOrTrx, rows: readonly { venueId: string; accountId: string; role: 'admin' | 'guard' }[]): Promise<void> {
  await insertVenueStaffBulk(db, rows);
}

/** How many venues lie within a region (a city counts its districts and streets; omitted = everywhere). */
export async function countVenues(db: DbOrTrx, regionCode?: string): Promise<number> {
  return countVenuesByRegionPrefix(db, regionCode === undefined ? '' : regionPrefix(regionCode));
}
