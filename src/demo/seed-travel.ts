/**
 * Seeds the demo city's travel (出行申报): the risk areas (published by the demo health official
 * through the rule-set service, unless the installation already has some), then the planned trips
 * (model/travel.ts) with their return declarations. Trips and returns are written by the travel
 * capability's bulk store functions: they are history (declared days ago, some returned), which
 * the use cases rightly refuse (a leave day in the past, a return declared before today). The
 * residents have no accounts yet, so the demo community worker is recorded as the one who entered
 * them (代填, as street offices did in 2020). A return into home observation starts its monitoring
 * plan through the monitoring service, as the travel service does.
 */
import { randomUUID } from 'node:crypto';
import { findStaffAccountByUsername } from '../accounts/service.ts';
import { allRiskAreas, replaceRiskAreas } from '../codes/rulesets/service.ts';
import type { DbOrTrx } from '../db/transaction.ts';
import { can, type Actor } from '../kernel/access.ts';
import { startMonitoringPlan } from '../monitoring/service.ts';
import { shanghaiDay, type Clock } from '../kernel/time.ts';
import { insertReturnsBulk, insertTripsBulk, type ReturnRow, type TripRow } from '../travel/store.ts';
import { DEMO_CITY_CODE, type DemoDistrict } from './model/city.ts';
import type { DemoResident } from './model/households.ts';
import { DEMO_SEED, seededRandom } from './model/random.ts';
import { buildTrips, demoRiskAreas, type DemoRiskArea, type DemoTrip } from './model/travel.ts';

const DEMO_OFFICIAL = 'demo-official';
const DEMO_WORKER = 'demo-worker';

export interface DemoTravelSummary { riskAreas: number; trips: number; tripReturns: number; observations: number }

/** A demo staff account as the actor of a seeding step, with its real grants. */
export async function demoStaffActor(db: DbOrTrx, username: string): Promise<Actor | undefined> {
  const account = await findStaffAccountByUsername(db, username);
  return account && { accountId: account.accountId, kind: 'staff', personId: null, label: account.username, roles: account.roles };
}

/** The risk areas trips are judged by: the installation's own when it has any, else the demo's, published by the demo official. */
async function ensureRiskAreas(deps: { db: DbOrTrx; clock: Clock }, districts: readonly DemoDistrict[]): Promise<{ areas: DemoRiskArea[]; published: number }> {
  const existing = await allRiskAreas(deps.db);
  if (existing.length > 0) return { areas: existing.map((a) => ({ regionCode: a.regionCode, level: a.level })), published: 0 };
  const official = await demoStaffActor(deps.db, DEMO_OFFICIAL);
  const areas = demoRiskAreas(districts);
  if (!official || !can(official, 'rules.publish', DEMO_CITY_CODE) || areas.length === 0) return { areas: [], published: 0 };
  await replaceRiskAreas(deps, official, DEMO_CITY_CODE, areas);
  return { areas, published: areas.length };
}

export async function seedDemoTravel(
  deps: { db: DbOrTrx; clock: Clock }, input: { districts: readonly DemoDistrict[]; residents: readonly DemoResident[]; personIds: readonly string[] },
): Promise<DemoTravelSummary> {
  const { areas, published } = await ensureRiskAreas(deps, input.districts);
  const worker = await findStaffAccountByUsername(deps.db, DEMO_WORKER);
  if (!worker) return { riskAreas: published, trips: 0, tripReturns: 0, observations: 0 };
  const now = deps.clock.now();
  // Its own random stream: the residents, venues and organisations stay what they were before trips existed.
  const trips = buildTrips({ random: seededRandom(DEMO_SEED + 11), residents: input.residents, riskAreas: areas, now, today: shanghaiDay(now) });
  const tripRows: TripRow[] = [];
  const returns: { travelId: string; personId: string; homeRegionCode: string; ret: NonNullable<DemoTrip['returnDeclaration']> }[] = [];
  for (const trip of trips) {
    const id = randomUUID();
    const personId = input.personIds[trip.resident]!;
    const homeRegionCode = input.residents[trip.resident]!.homeRegionCode;
    tripRows.push({
      id, personId, declaredByAccountId: worker.accountId, declaredAt: trip.declaredAt, homeRegionCode,
      fromRegionCode: trip.fromRegionCode, toRegionCode: trip.toRegionCode, viaRegionCodes: trip.viaRegionCodes, leaveOn: trip.leaveOn, returnOn: trip.returnOn,
      transport: trip.transport, transportNumber: trip.transportNumber, purpose: trip.purpose, riskRegionCodes: trip.riskRegionCodes,
      status: trip.status, cancelledAt: trip.cancelledAt,
    });
    if (trip.returnDeclaration) returns.push({ travelId: id, personId, homeRegionCode, ret: trip.returnDeclaration });
  }
  await insertTripsBulk(deps.db, tripRows);
  const returnRows: ReturnRow[] = [];
  for (const { travelId, personId, homeRegionCode, ret } of returns) {
    // 居家观察 is a monitoring plan from the return day, as when a resident declares the return; the return records its last day.
    const plan = ret.observationRequired
      ? await startMonitoringPlan(deps, { personId, reason: 'travel_return', sourceRef: travelId, startOn: ret.returnedOn })
      : undefined;
    returnRows.push({
      travelId, personId, declaredByAccountId: worker.accountId, declaredAt: ret.declaredAt, homeRegionCode,
      returnedOn: ret.returnedOn, visitedRegionCodes: ret.visitedRegionCodes, health: ret.health,
      observationRequired: ret.observationRequired, observationRegionCodes: ret.observationRegionCodes, observationUntil: plan?.endOn ?? ret.observationUntil,
    });
  }
  await insertReturnsBulk(deps.db, returnRows);
  return { riskAreas: published, trips: tripRows.length, tripReturns: returnRows.length, observations: returnRows.filter((r) => r.observationRequired).length };
}
