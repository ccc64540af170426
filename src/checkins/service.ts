/**
 * Check-in use cases: a resident scans a venue's code (for themself and dependants), a guard
 * records a check-in from a scanned code, a printed code or an ID number, a resident taps 离开,
 * and reads their own last 14 days. Every request carries an idempotency key: a retry never makes
 * a second row and gets the answer the first attempt got.
 */
import { createHmac } from 'node:crypto';
import { recordAudit } from '../audit/service.ts';
import { checkTokenWithSubject } from '../codes/checkpoint/service.ts';
import { colourEventsOf, colourViewsOf, personForSubject } from '../codes/colours/service.ts';
import type { NotificationHub } from '../db/notifications.ts';
import { inTransaction, type DbOrTrx } from '../db/transaction.ts';
import { requireAccess, type Actor } from '../kernel/access.ts';
import type { Keyring } from '../kernel/crypto/field-encryption.ts';
import { AppError } from '../kernel/errors.ts';
import { cityOf } from '../kernel/regions-scope.ts';
import { DAY_MS, MINUTE_MS, type Clock } from '../kernel/time.ts';
import { requireSelfOrGuardian } from '../people/service.ts';
import { lookupPerson } from '../people/staff-service.ts';
import type { IdType } from '../people/service.ts';
import { requireVenueStaff, resolveVenueToken, type ResolvedVenue } from '../venues/service.ts';
import { checkinFail } from './errors.ts';
import {
  batcherFor, errorFromKept, ingestOptions, replayOf, withPartitionRetry, writeUnitsIn, type CheckinUnit, type UnitItem, type UnitResult,
} from './ingest.ts';
import {
  decodeCursor, encodeCursor, geofenceFlags, isIdempotencyKey, LEAVE_WINDOW_MS, RESIDENT_HISTORY_DAYS,
  type CheckinMethod, type CheckinVenue, type Colour, type ReportedLocation,
} from './model.ts';
import { retentionDaysFor } from './partitions/service.ts';
import { findRequests } from './store.ts';
import { findPersonCheckins, markLeft, type PersonCheckin } from './read-store.ts';
import { venueCacheFor } from './venue-cache.ts';

export interface CheckinDeps {
  db: DbOrTrx;
  keyring: Keyring;
  clock: Clock;
  /** The platform's database URL: the check-in batcher then writes on connections of its own (two round trips a batch). */
  databaseUrl?: string;
  /** The running platform's hub: with it, resolved venue codes are cached (venue-cache.ts). */
  notifications?: NotificationHub;
}

export interface CheckinResult {
  /** 201 for a new answer; a replay repeats the first answer's status and body. */
  status: number;
  /** The answer (schemas.ts checkinAnswerSchema) as JSON text, made once when the check-in was written: sent as is. */
  bodyJson: string;
  replayed: boolean;
}

/**
 * The venue of a scanned code. With the platform's notification hub, from the per-process cache
 * (./venue-cache.ts): a rotation, a suspension or an edit takes effect at once in every process.
 * Without a hub (or while its LISTEN fails), from the database every time.
 */
async function resolveVenue(deps: CheckinDeps, token: string): Promise<ResolvedVenue> {
  const cache = deps.notifications && await venueCacheFor(deps.notifications).catch(() => undefined);
  return cache ? cache.get(token, () => resolveVenueToken(deps, token)) : resolveVenueToken(deps, token);
}

function requireKey(raw: string | undefined): string {
  if (!isIdempotencyKey(raw)) throw checkinFail('CHECKIN_IDEMPOTENCY_KEY_REQUIRED');
  return raw;
}

/** Keyed, so the stored hash of a request that held an ID number reveals nothing about it. */
export function hashRequest(keyring: Keyring, request: unknown): string {
  return createHmac('sha256', keyring.indexKey).update('fangyi checkin-request\0').update(JSON.stringify(request)).digest('base64url');
}

function venueOf(v: ResolvedVenue): CheckinVenue {
  return { id: v.id, name: v.name, kind: v.kind, number: v.number, address: v.address, regionCode: v.regionCode };
}

function resultOf(result: UnitResult): CheckinResult {
  if (result.kind === 'error') throw result.error;
  if ('error' in result.kept) throw errorFromKept(result.kept);
  return { status: result.kept.status, bodyJson: result.kept.bodyJson, replayed: result.replayed };
}

/** The answer stored under this key, if the request was made before (and is the same request). */
async function storedReplay(deps: CheckinDeps, accountId: string, key: string, requestHash: string): Promise<CheckinResult | undefined> {
  const found = (await findRequests(deps.db, [{ accountId, key }])).get(`${accountId}|${key}`);
  if (!found || found.response === null) return undefined;
  return resultOf(replayOf(requestHash, found));
}

/** Any failure of the batch that is not a business answer: the client may retry with the same key. */
function unavailable(error: unknown): never {
  if (error instanceof AppError) throw error;
  throw Object.assign(checkinFail('CHECKIN_UNAVAILABLE'), { cause: error });
}

/**
 * Fills in the masked names and live colours of a batch's residents just before the batch is
 * written — from the process's code-status cache, which is never stale, and one query for the rest
 * (no code yet: colour null, and the screen says so). Access was checked per request.
 */
async function resolveColours(deps: CheckinDeps, units: CheckinUnit[]): Promise<void> {
  const pending = units.filter((u) => u.resolveColours);
  if (pending.length === 0) return;
  const views = await colourViewsOf(deps, pending.flatMap((u) => u.items.map((i) => i.personId)));
  for (const unit of pending) {
    for (const item of unit.items) {
      const view = views.get(item.personId);
      item.nameMasked = view?.nameMasked ?? '*';
      item.colour = view?.colour ?? null;
    }
    unit.resolveColours = false;
  }
}

function itemFor(venue: ResolvedVenue, person: { personId: string; nameMasked: string; colour: Colour | null }, at: Date, retentionDays: number, location?: ReportedLocation): UnitItem {
  const flags = geofenceFlags(venue, location);
  return { ...person, at, leaveAt: new Date(at.getTime() + venue.defaultStayMinutes * MINUTE_MS), retentionDays, ...flags };
}

export interface ResidentCheckinInput {
  venueToken: string;
  personIds: string[];
  location?: ReportedLocation;
  idempotencyKey: string | undefined;
}

/** POST /api/checkins: the resident checks in themself and/or dependants at the venue of a scanned code. */
export async function checkIn(deps: CheckinDeps, actor: Actor | undefined, input: ResidentCheckinInput): Promise<CheckinResult> {
  const resident = requireAccess(actor, 'checkin.create');
  const key = requireKey(input.idempotencyKey);
  const personIds = [...new Set(input.personIds)];
  const requestHash = hashRequest(deps.keyring, { m: 'scan', t: input.venueToken, p: [...personIds].sort(), l: input.location ?? null });
  let unit: CheckinUnit;
  try {
    const venue = await resolveVenue(deps, input.venueToken);
    for (const personId of personIds) await requireSelfOrGuardian(deps.db, resident, personId);
    const retentionDays = await retentionDaysFor(deps, venue.regionCode);
    const at = deps.clock.now();
    unit = {
      accountId: resident.accountId, key, requestHash, venue: venueOf(venue), method: 'scan', recordedByAccountId: null, resolveColours: true,
      items: personIds.map((personId) => itemFor(venue, { personId, nameMasked: '', colour: null }, at, retentionDays, input.location)),
    };
  } catch (error) {
    // A retry of an answered request gets its answer, even if the code was rotated meanwhile.
    if (error instanceof AppError) {
      const replay = await storedReplay(deps, resident.accountId, key, requestHash);
      if (replay) return replay;
    }
    throw error;
  }
  const result = await batcherFor(deps, (units) => resolveColours(deps, units)).submit(unit).catch(unavailable);
  return resultOf(result);
}

export interface GuardCheckinInput {
  venueId: string;
  /** A scanned health code (live or printed), FY1:… */
  token?: string;
  idType?: IdType;
  idNumber?: string;
  idempotencyKey: string | undefined;
}

/**
 * POST /api/checkins/guard: staff bound to the venue record someone's check-in from the code they
 * show (checked like a gate scan, audited there), a printed code, or their ID number (a lookup,
 * always audited). The check-in itself is audited in the same transaction as its row.
 */
export async function guardCheckIn(deps: CheckinDeps, actor: Actor | undefined, input: GuardCheckinInput): Promise<CheckinResult> {
  const staff = requireAccess(actor, 'checkin.record');
  const key = requireKey(input.idempotencyKey);
  const byToken = input.token !== undefined && input.token !== '';
  const byId = input.idNumber !== undefined && input.idNumber !== '';
  if (byToken === byId || (byId && !input.idType)) throw checkinFail('CHECKIN_GUARD_INPUT');
  const requestHash = hashRequest(deps.keyring, { m: 'guard', v: input.venueId, t: input.token ?? null, i: byId ? [input.idType, input.idNumber] : null });
  // A guard's retry must not look the person up (and audit) again.
  const replay = await storedReplay(deps, staff.accountId, key, requestHash);
  if (replay) return replay;
  const venue = await requireVenueStaff(deps, staff, input.venueId);
  let person: { personId: string; nameMasked: string; colour: Colour | null };
  let method: CheckinMethod;
  if (byToken) {
    const { result, subject } = await checkTokenWithSubject(deps, staff, input.token!);
    if (result.outcome !== 'valid') throw checkinFail('CHECKIN_CODE_INVALID', { outcome: result.outcome, message: result.message });
    const found = subject ? await personForSubject(deps.db, subject) : undefined;
    if (!found || result.liveColour === null || cityOf(found.homeRegionCode) !== result.issuer) throw checkinFail('CHECKIN_CODE_FOREIGN');
    person = { personId: found.personId, nameMasked: found.nameMasked, colour: found.colour };
    method = result.kind === 'printed' ? 'guard_printed' : 'guard_code';
  } else {
    const found = await lookupPerson(deps, staff, { idType: input.idType!, idNumber: input.idNumber!, reason: `场所登记 check-in at ${venue.number}` });
    const [latest] = await colourEventsOf(deps.db, found.id, 1);
    person = { personId: found.id, nameMasked: found.nameMasked, colour: latest?.toColour ?? null };
    method = 'guard_id';
  }
  const retentionDays = await retentionDaysFor(deps, venue.regionCode);
  const unit: CheckinUnit = {
    accountId: staff.accountId, key, requestHash, venue: venueOf(venue), method, recordedByAccountId: staff.accountId,
    items: [itemFor(venue, person, deps.clock.now(), retentionDays)],
  };
  const { dailyLimit } = ingestOptions(deps.db);
  const result = await withPartitionRetry(deps.db, [unit], () => inTransaction(deps.db, async (trx) => {
    const [written] = await writeUnitsIn(trx, [unit], dailyLimit, deps.clock);
    if (written!.kind === 'answer' && written!.fresh) {
      const item = written!.fresh.items[0]!;
      await recordAudit(trx, staff, {
        action: 'checkin.guard', targetType: 'person', targetId: person.personId, regionCode: venue.regionCode,
        detail: { venueId: venue.id, method, checkinId: item.checkinId, merged: item.merged, colour: item.colour },
      }, deps.clock);
    }
    return written!;
  })).catch(unavailable);
  return resultOf(result);
}

/** POST /api/checkins/:id/leave: 离开, by the resident (or guardian) within 24 hours of the check-in. */
export async function leaveVenue(deps: CheckinDeps, actor: Actor | undefined, checkinId: number, personId: string): Promise<PersonCheckin> {
  requireAccess(actor, 'checkin.create');
  await requireSelfOrGuardian(deps.db, actor, personId);
  const now = deps.clock.now();
  const left = await markLeft(deps.db, { id: checkinId, personId, since: new Date(now.getTime() - LEAVE_WINDOW_MS), at: now });
  if (left) return left;
  const older = await findPersonCheckins(deps.db, personId, { from: new Date(now.getTime() - RESIDENT_HISTORY_DAYS * DAY_MS), to: now, limit: 1, id: checkinId });
  throw checkinFail(older.length > 0 ? 'CHECKIN_LEAVE_CLOSED' : 'CHECKIN_NOT_FOUND');
}

export interface CheckinPage<T> {
  items: T[];
  /** Cursor of the next (older) page; null on the last. */
  next: string | null;
}

export function parseCursor(text: string | undefined) {
  if (text === undefined) return undefined;
  const cursor = decodeCursor(text);
  if (!cursor) throw checkinFail('CHECKIN_CURSOR_INVALID');
  return cursor;
}

export function pageOf<T extends { checkedInAt: Date; id: number }>(rows: T[], limit: number): CheckinPage<T> {
  const last = rows[rows.length - 1];
  return { items: rows, next: rows.length === limit && last ? encodeCursor({ at: last.checkedInAt, id: last.id }) : null };
}

/** GET /api/checkins/me: 我的行程 — one's own (or a dependant's) check-ins of the last 14 days, newest first. */
export async function myCheckins(deps: CheckinDeps, actor: Actor | undefined, query: { personId: string; before?: string; limit: number }): Promise<CheckinPage<PersonCheckin>> {
  await requireSelfOrGuardian(deps.db, actor, query.personId);
  const now = deps.clock.now();
  const rows = await findPersonCheckins(deps.db, query.personId, {
    from: new Date(now.getTime() - RESIDENT_HISTORY_DAYS * DAY_MS), to: new Date(now.getTime() + MINUTE_MS), before: parseCursor(query.before), limit: query.limit,
  });
  return pageOf(rows, query.limit);
}

