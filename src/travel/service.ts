/**
 * Travel declarations (出行申报): a resident declares a trip for themself or a dependant before it,
 * and a return declaration (返程申报) after it. Each declaration notes "facts changed" in the same
 * transaction (the `travel` fact of the colour rules, facts.ts); the route recomputes the colour
 * right after, as for health declarations.
 *
 * A return from a risk area starts home observation (居家观察): observation_required is recorded on
 * the return declaration, shown to the resident and listed for the community workers and officials
 * of the person's home region, and a monitoring plan (src/monitoring: daily follow-ups by a
 * community worker, the `monitoring` colour fact) starts in the same transaction;
 * observation_until is the plan's last day.
 */
import { randomUUID } from 'node:crypto';
import { recordAudit } from '../audit/service.ts';
import type { DbOrTrx } from '../db/transaction.ts';
import { inTransaction } from '../db/transaction.ts';
import { requireAccess, scopesFor, type Actor } from '../kernel/access.ts';
import type { Keyring } from '../kernel/crypto/field-encryption.ts';
import { regionPrefix } from '../kernel/regions-scope.ts';
import { shanghaiDay, type Clock } from '../kernel/time.ts';
import { homeRegionOf, personLabelsOf, requireSelfOrGuardian } from '../people/service.ts';
import { readPerson } from '../people/staff-service.ts';
import { regionNames } from '../regions/service.ts';
import { noteFactsChanged } from '../codes/colours/outbox/service.ts';
import { riskAreasCovering } from '../codes/rulesets/service.ts';
import { startMonitoringPlan } from '../monitoring/service.ts';
import { travelFail } from './errors.ts';
import {
  checkReturn, checkTrip, decodeCursor, encodeCursor, observationFor,
  type HealthNow, type ReturnInput, type TripCursor, type TripInput, type TripStatus, type Transport,
} from './model.ts';
import {
  findObservationsInRegions, findReturns, findTrip, findTripsInRegions, findTripsOfPerson, insertReturn, insertTrip, lockTrip, setTripStatus,
  type ReturnRow, type TripRow,
} from './store.ts';

export { TRANSPORTS, HEALTH_NOW, OBSERVATION_DAYS } from './model.ts';
export type { TripInput, ReturnInput } from './model.ts';

export interface TravelDeps {
  db: DbOrTrx;
  keyring: Keyring;
  clock: Clock;
}

export interface ReturnDeclaration {
  declaredAt: Date;
  returnedOn: string;
  visitedRegionCodes: string[];
  visitedRegionNames: string[];
  health: HealthNow;
  /** 居家观察: a risk area covered a place really visited. */
  observationRequired: boolean;
  observationRegionCodes: string[];
  observationUntil: string | null;
}

export interface Trip {
  id: string;
  personId: string;
  declaredAt: Date;
  fromRegionCode: string;
  fromRegionName: string;
  toRegionCode: string;
  toRegionName: string;
  viaRegionCodes: string[];
  viaRegionNames: string[];
  leaveOn: string;
  returnOn: string;
  transport: Transport;
  transportNumber: string | null;
  purpose: string;
  /** Destination or via regions a risk area covered when declared. */
  riskRegionCodes: string[];
  status: TripStatus;
  returnDeclaration: ReturnDeclaration | null;
}

/** Codes a current risk area (high or medium) covers, of these. */
async function riskCovered(db: DbOrTrx, codes: readonly string[]): Promise<string[]> {
  const areas = await riskAreasCovering(db, codes);
  const prefixes = areas.map((a) => regionPrefix(a.regionCode));
  return codes.filter((c) => prefixes.some((p) => c.startsWith(p)));
}

async function tripsWithNames(db: DbOrTrx, rows: readonly TripRow[]): Promise<Trip[]> {
  const returns = await findReturns(db, rows.filter((r) => r.status === 'returned').map((r) => r.id));
  const codes = rows.flatMap((r) => [r.fromRegionCode, r.toRegionCode, ...r.viaRegionCodes, ...(returns.get(r.id)?.visitedRegionCodes ?? [])]);
  const names = await regionNames(db, [...new Set(codes)]);
  const name = (c: string) => names.get(c) ?? c;
  return rows.map((r) => {
    const ret = returns.get(r.id);
    return {
      id: r.id, personId: r.personId, declaredAt: r.declaredAt,
      fromRegionCode: r.fromRegionCode, fromRegionName: name(r.fromRegionCode), toRegionCode: r.toRegionCode, toRegionName: name(r.toRegionCode),
      viaRegionCodes: r.viaRegionCodes, viaRegionNames: r.viaRegionCodes.map(name), leaveOn: r.leaveOn, returnOn: r.returnOn,
      transport: r.transport, transportNumber: r.transportNumber, purpose: r.purpose, riskRegionCodes: r.riskRegionCodes, status: r.status,
      returnDeclaration: ret ? returnOf(ret, name) : null,
    };
  });
}

function returnOf(ret: ReturnRow, name: (code: string) => string): ReturnDeclaration {
  return {
    declaredAt: ret.declaredAt, returnedOn: ret.returnedOn, visitedRegionCodes: ret.visitedRegionCodes, visitedRegionNames: ret.visitedRegionCodes.map(name),
    health: ret.health, observationRequired: ret.observationRequired, observationRegionCodes: ret.observationRegionCodes, observationUntil: ret.observationUntil,
  };
}

function cursorOf(raw: string | undefined): TripCursor | undefined {
  if (raw === undefined) return undefined;
  const cursor = decodeCursor(raw);
  if (!cursor) throw travelFail('TRAVEL_CURSOR_INVALID', { field: 'after' });
  return cursor;
}

/** Validates (region codes against the regions table), stores and notes the change; the caller recomputes the colour. */
export async function declareTrip(deps: TravelDeps, actor: Actor | undefined, input: TripInput): Promise<Trip> {
  const resident = await requireSelfOrGuardian(deps.db, actor, input.personId);
  const now = deps.clock.now();
  const checked = checkTrip(input, shanghaiDay(now));
  if (!checked.ok) throw travelFail(checked.code, { field: checked.field });
  const trip = checked.value;
  const known = await regionNames(deps.db, [trip.fromRegionCode, trip.toRegionCode, ...trip.viaRegionCodes]);
  for (const [field, codes] of [['fromRegionCode', [trip.fromRegionCode]], ['toRegionCode', [trip.toRegionCode]], ['viaRegionCodes', trip.viaRegionCodes]] as const) {
    const unknown = codes.find((c) => !known.has(c));
    if (unknown) throw travelFail('TRAVEL_REGION_UNKNOWN', { field, code: unknown });
  }
  const home = await homeRegionOf(deps.db, trip.personId);
  if (!home) throw travelFail('TRAVEL_NOT_FOUND');
  const row = {
    id: randomUUID(), personId: trip.personId, declaredByAccountId: resident.accountId, declaredAt: now, homeRegionCode: home,
    fromRegionCode: trip.fromRegionCode, toRegionCode: trip.toRegionCode, viaRegionCodes: trip.viaRegionCodes, leaveOn: trip.leaveOn, returnOn: trip.returnOn,
    transport: trip.transport, transportNumber: trip.transportNumber, purpose: trip.purpose,
    riskRegionCodes: await riskCovered(deps.db, [trip.toRegionCode, ...trip.viaRegionCodes]),
  };
  await inTransaction(deps.db, async (trx) => {
    await insertTrip(trx, row);
    await noteFactsChanged(trx, [row.personId], 'travel', row.id, now);
  });
  return (await tripsWithNames(deps.db, [{ ...row, status: 'planned', cancelledAt: null }]))[0]!;
}

/** The trip, when the actor is its person or their guardian; else TRAVEL_NOT_FOUND (no probing of ids). */
async function ownTrip(db: DbOrTrx, actor: Actor | undefined, id: string, lock = false): Promise<{ trip: TripRow; resident: Actor & { personId: string } }> {
  const trip = lock ? await lockTrip(db, id) : await findTrip(db, id);
  if (!trip) throw travelFail('TRAVEL_NOT_FOUND');
  try {
    return { trip, resident: await requireSelfOrGuardian(db, actor, trip.personId) };
  } catch (error) {
    if ((error as { code?: string }).code === 'PERSON_NOT_FOUND') throw travelFail('TRAVEL_NOT_FOUND');
    throw error;
  }
}

/** A person's own (or a dependant's) trips, newest first, with their return declarations. */
export async function listMyTrips(
  deps: TravelDeps, actor: Actor | undefined, query: { personId: string; after?: string; limit: number },
): Promise<{ items: Trip[]; next: string | null }> {
  await requireSelfOrGuardian(deps.db, actor, query.personId);
  const rows = await findTripsOfPerson(deps.db, query.personId, { after: cursorOf(query.after), limit: query.limit });
  const last = rows[rows.length - 1];
  return { items: await tripsWithNames(deps.db, rows), next: rows.length === query.limit && last ? encodeCursor(last) : null };
}

export async function getMyTrip(deps: TravelDeps, actor: Actor | undefined, id: string): Promise<Trip> {
  const { trip } = await ownTrip(deps.db, actor, id);
  return (await tripsWithNames(deps.db, [trip]))[0]!;
}

/** A planned trip that has not started (leave day after today) can be cancelled; it stops being a fact. */
export async function cancelTrip(deps: TravelDeps, actor: Actor | undefined, id: string): Promise<Trip> {
  const now = deps.clock.now();
  const trip = await inTransaction(deps.db, async (trx) => {
    const { trip } = await ownTrip(trx, actor, id, true);
    if (trip.status === 'cancelled') throw travelFail('TRAVEL_CANCELLED');
    if (trip.status !== 'planned' || trip.leaveOn <= shanghaiDay(now)) throw travelFail('TRAVEL_NOT_CANCELLABLE');
    await setTripStatus(trx, trip.id, 'cancelled', now);
    await noteFactsChanged(trx, [trip.personId], 'travel', trip.id, now);
    return { ...trip, status: 'cancelled' as const, cancelledAt: now };
  });
  return (await tripsWithNames(deps.db, [trip]))[0]!;
}

/**
 * The return declaration: actual return day, places really visited (validated against the regions
 * table), health now. Places a current risk area covers start home observation.
 */
export async function declareReturn(deps: TravelDeps, actor: Actor | undefined, id: string, input: ReturnInput): Promise<Trip> {
  const now = deps.clock.now();
  const visitedKnown = await regionNames(deps.db, [...new Set(input.visitedRegionCodes)].slice(0, 40));
  const trip = await inTransaction(deps.db, async (trx) => {
    const { trip, resident } = await ownTrip(trx, actor, id, true);
    if (trip.status === 'cancelled') throw travelFail('TRAVEL_CANCELLED');
    if (trip.status === 'returned') throw travelFail('TRAVEL_ALREADY_RETURNED');
    const checked = checkReturn(input, trip, shanghaiDay(now));
    if (!checked.ok) throw travelFail(checked.code, { field: checked.field });
    const unknown = checked.value.visitedRegionCodes.find((c) => !visitedKnown.has(c));
    if (unknown) throw travelFail('TRAVEL_VISITED_INVALID', { field: 'visitedRegionCodes', code: unknown });
    const risky = await riskCovered(trx, checked.value.visitedRegionCodes);
    const observation = observationFor(checked.value.returnedOn, risky);
    // 居家观察 is a monitoring plan from the return day (its length is the city's setting); the return records its last day.
    const plan = observation.required
      ? await startMonitoringPlan({ db: trx, clock: deps.clock }, { personId: trip.personId, reason: 'travel_return', sourceRef: trip.id, startOn: checked.value.returnedOn })
      : undefined;
    await insertReturn(trx, {
      travelId: trip.id, personId: trip.personId, declaredByAccountId: resident.accountId, declaredAt: now,
      homeRegionCode: (await homeRegionOf(trx, trip.personId)) ?? trip.homeRegionCode,
      returnedOn: checked.value.returnedOn, visitedRegionCodes: checked.value.visitedRegionCodes, health: checked.value.health,
      observationRequired: observation.required, observationRegionCodes: risky, observationUntil: plan?.endOn ?? observation.until,
    });
    await setTripStatus(trx, trip.id, 'returned', now);
    await noteFactsChanged(trx, [trip.personId], 'travel_return', trip.id, now);
    return { ...trip, status: 'returned' as const };
  });
  return (await tripsWithNames(deps.db, [trip]))[0]!;
}

// ---- staff: community workers and officials of the person's home region ----

export interface StaffTripItem {
  id: string;
  personId: string;
  nameMasked: string;
  homeRegionCode: string;
  declaredAt: Date;
  toRegionCode: string;
  toRegionName: string;
  leaveOn: string;
  returnOn: string;
  transport: Transport;
  riskRegionCodes: string[];
  status: TripStatus;
  observationRequired: boolean;
  observationUntil: string | null;
}

function listPrefixes(actor: Actor | undefined, regionCode: string | undefined): string[] {
  const lister = requireAccess(actor, 'person.list', regionCode);
  return (regionCode ? [regionCode] : scopesFor(lister, 'person.list')).map(regionPrefix);
}

/** Trips of residents in the actor's regions (optionally one region inside them, only risk trips), masked. */
export async function listTripsForStaff(
  deps: TravelDeps, actor: Actor | undefined, query: { regionCode?: string; riskOnly?: boolean; after?: string; limit: number },
): Promise<{ items: StaffTripItem[]; next: string | null }> {
  const prefixes = listPrefixes(actor, query.regionCode);
  const rows = await findTripsInRegions(deps.db, { prefixes, riskOnly: query.riskOnly, after: cursorOf(query.after), limit: query.limit });
  const labels = await personLabelsOf(deps.db, [...new Set(rows.map((r) => r.personId))]);
  const returns = await findReturns(deps.db, rows.filter((r) => r.status === 'returned').map((r) => r.id));
  const names = await regionNames(deps.db, [...new Set(rows.map((r) => r.toRegionCode))]);
  const last = rows[rows.length - 1];
  return {
    items: rows.map((r) => ({
      id: r.id, personId: r.personId, nameMasked: labels.get(r.personId)?.nameMasked ?? '*', homeRegionCode: r.homeRegionCode, declaredAt: r.declaredAt,
      toRegionCode: r.toRegionCode, toRegionName: names.get(r.toRegionCode) ?? r.toRegionCode, leaveOn: r.leaveOn, returnOn: r.returnOn, transport: r.transport,
      riskRegionCodes: r.riskRegionCodes, status: r.status,
      observationRequired: returns.get(r.id)?.observationRequired ?? false, observationUntil: returns.get(r.id)?.observationUntil ?? null,
    })),
    next: rows.length === query.limit && last ? encodeCursor(last) : null,
  };
}

export interface ObservationItem {
  travelId: string;
  personId: string;
  nameMasked: string;
  homeRegionCode: string;
  returnedOn: string;
  observationUntil: string | null;
  observationRegionCodes: string[];
  observationRegionNames: string[];
  health: HealthNow;
}

/** Returns from risk areas that started home observation (居家观察), of residents in the actor's regions, masked. */
export async function listObservations(
  deps: TravelDeps, actor: Actor | undefined, query: { regionCode?: string; after?: string; limit: number },
): Promise<{ items: ObservationItem[]; next: string | null }> {
  const prefixes = listPrefixes(actor, query.regionCode);
  const rows = await findObservationsInRegions(deps.db, { prefixes, after: cursorOf(query.after), limit: query.limit });
  const labels = await personLabelsOf(deps.db, [...new Set(rows.map((r) => r.personId))]);
  const names = await regionNames(deps.db, [...new Set(rows.flatMap((r) => r.observationRegionCodes))]);
  const last = rows[rows.length - 1];
  return {
    items: rows.map((r) => ({
      travelId: r.travelId, personId: r.personId, nameMasked: labels.get(r.personId)?.nameMasked ?? '*', homeRegionCode: r.homeRegionCode,
      returnedOn: r.returnedOn, observationUntil: r.observationUntil, observationRegionCodes: r.observationRegionCodes,
      observationRegionNames: r.observationRegionCodes.map((c) => names.get(c) ?? c), health: r.health,
    })),
    next: rows.length === query.limit && last ? encodeCursor({ declaredAt: last.declaredAt, id: last.travelId }) : null,
  };
}

/**
 * One trip in full with its person's name and phone, for a stated reason: audited ('travel.read',
 * and 'person.read' by the people capability). Outside the actor's regions: TRAVEL_NOT_FOUND.
 */
export async function readTripForStaff(
  deps: TravelDeps, actor: Actor | undefined, id: string, rawReason: string | undefined,
): Promise<Trip & { person: { name: string; phone: string | null; homeRegionCode: string; homeRegionName: string } }> {
  const reader = requireAccess(actor, 'person.read');
  const reason = (rawReason ?? '').trim();
  if (Array.from(reason).length < 2 || Array.from(reason).length > 200) throw travelFail('TRAVEL_REASON_REQUIRED', { field: 'reason' });
  const trip = await findTrip(deps.db, id);
  if (!trip || !scopesFor(reader, 'person.read').some((s) => trip.homeRegionCode.startsWith(regionPrefix(s)))) throw travelFail('TRAVEL_NOT_FOUND');
  await recordAudit(deps.db, reader, { action: 'travel.read', targetType: 'travel_declaration', targetId: trip.id, regionCode: trip.homeRegionCode, reason }, deps.clock);
  const person = await readPerson(deps, reader, trip.personId, reason);
  const [full] = await tripsWithNames(deps.db, [trip]);
  return { ...full!, person: { name: person.name, phone: person.phone, homeRegionCode: person.homeRegionCode, homeRegionName: person.homeRegionName } };
}
