/**
 * The demo city's travel (出行申报): risk areas the demo official has published, trips of some
 * residents in every state — back home (a few from a risk area, so in home observation 居家观察),
 * away now, back but not yet declared, planned, cancelled — all dated relative to the seeding day,
 * so the demo looks alive on the day it is started. The demo resident has one trip that has ended
 * and waits for its 返程申报. Pure: the seeder turns the plan into rows.
 */
import { regionCovers } from '../../kernel/regions-scope.ts';
import { addDays, observationFor, type CheckedTrip, type HealthNow, type Transport } from '../../travel/model.ts';
import type { DemoDistrict } from './city.ts';
import type { DemoResident } from './households.ts';
import type { Random } from './random.ts';

export interface DemoRiskArea { regionCode: string; level: 'high' | 'medium' }

/**
 * Two rural counties of the demo city, so few demo residents live there and the demo resident's
 * home (a central district) is never inside one: 建德市 high, 桐庐县 medium. A county the division
 * data lacks is left out.
 */
const RISK_AREA_CHOICES: readonly DemoRiskArea[] = [{ regionCode: '330182', level: 'high' }, { regionCode: '330122', level: 'medium' }];

export function demoRiskAreas(districts: readonly DemoDistrict[]): DemoRiskArea[] {
  return RISK_AREA_CHOICES.filter((a) => districts.some((d) => d.code === a.regionCode));
}

interface Place { code: string; transports: readonly Transport[]; purposes: readonly string[]; via?: string }

const BUSINESS = ['出差', '参加展会', '客户拜访', '项目验收'];
const FAMILY = ['探亲', '看望父母', '参加婚礼', '返乡过节'];
/** Places outside the demo city (district codes of the national division data), how one gets there, why. */
const PLACES: readonly Place[] = [
  { code: '310115', transports: ['train', 'car'], purposes: [...BUSINESS, '旅游'] }, // 上海市浦东新区
  { code: '310104', transports: ['train'], purposes: ['出差', '就医'] }, // 上海市徐汇区
  { code: '110105', transports: ['flight', 'train'], purposes: BUSINESS, via: '320106' }, // 北京市朝阳区 (by train via 南京)
  { code: '440305', transports: ['flight'], purposes: BUSINESS }, // 深圳市南山区
  { code: '420106', transports: ['train', 'flight'], purposes: FAMILY }, // 武汉市武昌区
  { code: '320505', transports: ['train', 'car'], purposes: BUSINESS }, // 苏州市虎丘区
  { code: '330203', transports: ['train', 'coach', 'car'], purposes: [...FAMILY, '出差'] }, // 宁波市海曙区
  { code: '330302', transports: ['train', 'coach'], purposes: FAMILY }, // 温州市鹿城区
  { code: '330602', transports: ['car', 'coach'], purposes: ['探亲', '旅游'] }, // 绍兴市越城区
  { code: '330782', transports: ['train', 'car'], purposes: ['进货', '出差'] }, // 金华市义乌市
  { code: '510107', transports: ['flight'], purposes: [...FAMILY, '旅游'] }, // 成都市武侯区
  { code: '350203', transports: ['flight'], purposes: ['旅游', '参加会议'] }, // 厦门市思明区
];
const RISK_PURPOSES = ['探亲', '看望父母', '出差', '处理家事'];
const AIRLINES = ['CA', 'MU', 'CZ', 'HU', '3U', 'ZH', 'MF'];
const TRAIN_PREFIXES = ['G', 'G', 'G', 'D', 'K'];

export interface DemoTripReturn {
  returnedOn: string;
  visitedRegionCodes: string[];
  health: HealthNow;
  declaredAt: Date;
  observationRegionCodes: string[];
  observationRequired: boolean;
  observationUntil: string | null;
}

/** A trip as the travel service would have checked it, for a resident by index, with what happened since. */
export interface DemoTrip extends Omit<CheckedTrip, 'personId'> {
  /** Index into the residents. */
  resident: number;
  declaredAt: Date;
  /** Destination or via regions a risk area covers (as the travel service records them when declared). */
  riskRegionCodes: string[];
  status: 'planned' | 'returned' | 'cancelled';
  cancelledAt: Date | null;
  returnDeclaration: DemoTripReturn | null;
}

/** How many trips of each kind a full demo has; a small demo (tests) scales them down. */
const TRIPS = { returned: 20, returnedFromRisk: 6, away: 4, overdue: 4, planned: 8, plannedToRisk: 2, cancelled: 4 } as const;
type TripKind = keyof typeof TRIPS;

function transportNumber(random: Random, transport: Transport): string | null {
  if (transport === 'train') {
    const prefix = random.pick(TRAIN_PREFIXES);
    return `${prefix}${prefix === 'K' ? random.int(100, 1999) : random.int(1001, 7999)}`;
  }
  if (transport === 'flight') return `${random.pick(AIRLINES)}${random.int(1001, 9899)}`;
  return null;
}

/** An instant on `day` (Asia/Shanghai) at about `hour` o'clock, never after `now`. */
export function momentOn(day: string, hour: number, now: Date, random: Random): Date {
  const at = new Date(Date.parse(`${day}T00:00:00Z`) - 8 * 3_600_000 + hour * 3_600_000 + random.int(0, 59) * 60_000);
  return at.getTime() < now.getTime() ? at : new Date(now.getTime() - random.int(5, 90) * 60_000);
}

function districtOf(resident: DemoResident): string {
  return resident.homeRegionCode.slice(0, 6);
}

/** The covered codes of `codes` (a risk area lists the division itself or an ancestor). */
export function riskCovered(codes: readonly string[], riskAreas: readonly DemoRiskArea[]): string[] {
  return codes.filter((c) => riskAreas.some((a) => regionCovers(a.regionCode, c)));
}

export function buildTrips(options: { random: Random; residents: readonly DemoResident[]; riskAreas: readonly DemoRiskArea[]; now: Date; today: string }): DemoTrip[] {
  const { random, residents, riskAreas, now, today } = options;
  // Adults with a phone travel; one trip each, the demo resident's apart; nobody goes to (or lives in) a risk county on a risk trip from it.
  const adults = residents.map((r, i) => ({ r, i })).filter(({ r, i }) => i > 0 && r.phone !== undefined && r.age >= 18 && r.age < 75 && riskCovered([r.homeRegionCode], riskAreas).length === 0);
  const scale = Math.min(1, adults.length / 2 / Object.values(TRIPS).reduce((a, b) => a + b, 0));
  const kinds: TripKind[] = (Object.keys(TRIPS) as TripKind[]).flatMap((k) => Array.from({ length: Math.max(adults.length >= 8 ? 1 : 0, Math.round(TRIPS[k] * scale)) }, () => k));
  const trips: DemoTrip[] = [];
  const taken = new Set<number>();
  const riskCodes = riskAreas.map((a) => a.regionCode);
  const draw = () => {
    for (let tries = 0; tries < 50; tries++) {
      const candidate = random.pick(adults);
      if (!taken.has(candidate.i)) { taken.add(candidate.i); return candidate; }
    }
    return undefined;
  };

  const demo = residents[0];
  if (demo && demo.phone !== undefined && demo.age >= 18) {
    // Ended today, waiting for its 返程申报: the demo resident can try it (and add a risk county as a visited place).
    trips.push(tripOf(random, { resident: 0, from: districtOf(demo), place: PLACES[0]!, purpose: '出差', leaveOn: addDays(today, -2), returnOn: today, now, today, riskAreas }));
  }
  for (const kind of kinds) {
    const who = draw();
    if (!who) break;
    const toRisk = (kind === 'returnedFromRisk' || kind === 'plannedToRisk') && riskCodes.length > 0;
    const place = toRisk ? { code: random.pick(riskCodes), transports: ['car', 'coach'] as const, purposes: RISK_PURPOSES } : random.pick(PLACES);
    const length = random.int(1, 7);
    let leaveOn: string;
    if (kind === 'returned' || kind === 'returnedFromRisk') {
      // Home observation lasts 14 days: risk returns came back within the last 12, so it still runs.
      const back = addDays(today, -random.int(1, kind === 'returnedFromRisk' ? 12 : 20));
      leaveOn = addDays(back, -length);
    } else if (kind === 'away') leaveOn = addDays(today, -random.int(0, 3));
    else if (kind === 'overdue') leaveOn = addDays(today, -length - random.int(1, 4));
    else leaveOn = addDays(today, random.int(1, 20));
    const returnOn = kind === 'away' ? addDays(today, random.int(1, 6)) : addDays(leaveOn, length);
    const trip = tripOf(random, { resident: who.i, from: districtOf(who.r), place, purpose: random.pick(place.purposes), leaveOn, returnOn, now, today, riskAreas });
    if (kind === 'returned' || kind === 'returnedFromRisk') {
      // Now and then someone back lately also stopped in a risk county on the way (a place really visited that was not declared).
      const extra = kind === 'returned' && riskCodes.length > 0 && returnOn >= addDays(today, -12) && random.chance(0.05) ? [random.pick(riskCodes)] : [];
      trip.status = 'returned';
      trip.returnDeclaration = returnOf(random, { trip, returnedOn: returnOn, visited: [trip.toRegionCode, ...trip.viaRegionCodes, ...extra], now, riskAreas });
    } else if (kind === 'cancelled') {
      trip.status = 'cancelled';
      // Cancelled some time between declaring and now.
      trip.cancelledAt = new Date(trip.declaredAt.getTime() + Math.floor((now.getTime() - trip.declaredAt.getTime()) * random.int(30, 90) / 100));
    }
    trips.push(trip);
  }
  return trips;
}

function tripOf(random: Random, o: { resident: number; from: string; place: Place; purpose: string; leaveOn: string; returnOn: string; now: Date; today: string; riskAreas: readonly DemoRiskArea[] }): DemoTrip {
  const transport = random.pick(o.place.transports);
  const via = transport === 'train' && o.place.via ? [o.place.via] : [];
  // Declared one to five days before leaving, and never after today (a later trip was declared in the last days).
  const beforeLeaving = addDays(o.leaveOn, -random.int(1, 5));
  const lately = addDays(o.today, -random.int(0, 3));
  const declaredDay = beforeLeaving < lately ? beforeLeaving : lately;
  return {
    resident: o.resident, declaredAt: momentOn(declaredDay, random.int(8, 21), o.now, random),
    fromRegionCode: o.from, toRegionCode: o.place.code, viaRegionCodes: via, leaveOn: o.leaveOn, returnOn: o.returnOn,
    transport, transportNumber: transportNumber(random, transport), purpose: o.purpose,
    riskRegionCodes: riskCovered([o.place.code, ...via], o.riskAreas), status: 'planned', cancelledAt: null, returnDeclaration: null,
  };
}

function returnOf(random: Random, o: { trip: DemoTrip; returnedOn: string; visited: string[]; now: Date; riskAreas: readonly DemoRiskArea[] }): DemoTripReturn {
  const visited = [...new Set(o.visited)];
  const risky = riskCovered(visited, o.riskAreas);
  const observation = observationFor(o.returnedOn, risky);
  const health: HealthNow = random.chance(0.9) ? 'well' : random.pick(['fever', 'symptoms'] as const);
  return {
    returnedOn: o.returnedOn, visitedRegionCodes: visited, health, declaredAt: momentOn(o.returnedOn, random.int(18, 23), o.now, random),
    observationRegionCodes: risky, observationRequired: observation.required, observationUntil: observation.until,
  };
}
