/**
 * The tracing bench's synthetic city, pure: where people live, work and shop, and who checks in
 * where and when on each day. The distributions (the bench's header comment tells them as a whole):
 *
 * - Neighbourhoods (片区) of 5,000 residents on a square grid, each in one street (街道) of the city.
 *   Each has 100 venues (one per 50 residents): 8 residential compounds, 30 shops, 28 restaurants,
 *   8 offices, 2 factories, 2 schools, 1 hospital or clinic, 3 stations, 10 public places, 8 others,
 *   each with its kind's default stay. Venues of a kind differ in popularity (log-normal weights:
 *   a big market draws many times a corner shop's visitors).
 * - Households of 2 (35 %), 3 (40 %) or 4 (25 %) persons in one compound: couples, children,
 *   grandparents. Children under 18 and grandparents 75+ are bound to the head (guardianships).
 * - Roles by age: toddlers (0–2), pupils (3–17, a school of their neighbourhood), workers (85 % of
 *   23–59, 70 % of 18–22, 20 % of 60–64), people at home, the retired. A worker's office or
 *   factory is near home for 35 %, anywhere in the city (by size) for 65 %; 45 % of those who work
 *   in another neighbourhood ride transit (a station by home in the morning, one by work at night).
 * - A day: workers arrive around their own start time (offices 8:45 ± 30 min, factories 7:30, a
 *   quarter of factory workers on the 19:30 night shift; ± 15 min from day to day) on 92 % of
 *   weekdays and 12 % of Saturdays; pupils at 7:30 on 95 % of school days; 40 % of people scan
 *   their compound's gate on the way home (toddlers 15 %). The rest of the day's check-ins are
 *   errands, shared out by activity (the retired and people at home most, toddlers least; workers
 *   and pupils more at weekends): shops 44 %, restaurants 30 %, public places 13 %, others 7 %,
 *   hospitals 3 %, stations 3 %; 75 % in the home neighbourhood (60 % of those at one of the
 *   person's 3 regular shops or 2 regular restaurants), 15 % next door, 10 % anywhere. A worker
 *   who worked that day lunches near work on 55 % of restaurant errands and runs the others after
 *   18:00. Times follow each kind's opening hours and peaks (meals, morning and evening markets).
 * - 85 % never tap 离开: the visit lasts the venue's default stay; 15 % check out after 30–100 % of it
 *   (never at a compound gate or a station: passages).
 */
import type { Random } from '../../src/demo/model/random.ts';
import { DEFAULT_STAY_MINUTES, type VenueKind } from '../../src/venues/model.ts';

export const NEIGHBOURHOOD_RESIDENTS = 5000;

/** Venue kinds in a fixed order (their index is stored per venue). */
export const KINDS: readonly VenueKind[] = ['residential', 'shop', 'restaurant', 'office', 'factory', 'school', 'hospital', 'transport', 'public_place', 'other'];
export const K = Object.fromEntries(KINDS.map((k, i) => [k, i])) as Record<VenueKind, number>;

/** Venues of each kind per neighbourhood and how unequal their popularity is (σ of the log-normal weight). */
const PER_NEIGHBOURHOOD: readonly { kind: VenueKind; count: number; sigma: number }[] = [
  { kind: 'residential', count: 8, sigma: 0.4 }, { kind: 'shop', count: 30, sigma: 1.0 }, { kind: 'restaurant', count: 28, sigma: 0.8 },
  { kind: 'office', count: 8, sigma: 0.8 }, { kind: 'factory', count: 2, sigma: 0.5 }, { kind: 'school', count: 2, sigma: 0.3 },
  { kind: 'hospital', count: 1, sigma: 0 }, { kind: 'transport', count: 3, sigma: 0.6 }, { kind: 'public_place', count: 10, sigma: 0.9 },
  { kind: 'other', count: 8, sigma: 0.7 },
];

export const ROLE = { toddler: 0, pupil: 1, worker: 2, home: 3, retired: 4 } as const;
export const REGULAR_SHOPS = 3;
export const REGULAR_RESTAURANTS = 2;


export interface Street { code: string; name: string; weight: number }

export interface Venues {
  count: number;
  kind: Uint8Array;
  neighbourhood: Int32Array;
  stayMinutes: Int32Array;
  name: string[];
  regionCode: string[];
  address: string[];
}

/** Venues of one kind in one neighbourhood, with cumulative popularity for weighted picks. */
export interface Pool { venues: Int32Array; cumulative: Float64Array }

export interface CityLayout {
  neighbourhoods: number;
  columns: number;
  streetOf: Street[];
  venues: Venues;
  /** [neighbourhood][kind] */
  pools: Pool[][];
  /** Offices and factories of the whole city by size. */
  workplaces: Pool;
  adjacent: Int32Array[];
}

export interface Population {
  count: number;
  households: number;
  neighbourhood: Int32Array;
  compound: Int32Array;
  household: Int32Array;
  role: Uint8Array;
  age: Uint8Array;
  sex: Uint8Array;
  /** Office, factory or school; -1 for none. */
  work: Int32Array;
  /** Usual arrival at work or school, minutes after midnight. */
  start: Int32Array;
  homeStation: Int32Array;
  workStation: Int32Array;
  regulars: Int32Array;
  /** Guardianships: [guardian, dependant, relation 0 = child / 1 = parent] per entry. */
  guardianships: Int32Array;
  guardianshipCount: number;
}

export function normal(random: Random): number {
  const u = 1 - random.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next());
}

/** A venue of the pool, by popularity (`u` uniform in [0, 1)). */
export function pick(pool: Pool, u: number): number {
  const c = pool.cumulative;
  const x = u * c[c.length - 1]!;
  let lo = 0;
  let hi = c.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (c[mid]! > x) hi = mid; else lo = mid + 1;
  }
  return pool.venues[lo]!;
}

function poolOf(venues: number[], weights: number[]): Pool {
  let sum = 0;
  return { venues: Int32Array.from(venues), cumulative: Float64Array.from(weights, (w) => (sum += w)) };
}

export function weighted<T>(random: Random, choices: readonly (readonly [T, number])[]): T {
  return random.weighted(choices);
}

/** Neighbourhoods, their streets and venues (with popularity) for `residents` residents. */
export function buildLayout(random: Random, residents: number, streets: readonly Street[]): CityLayout {
  const neighbourhoods = Math.max(1, Math.round(residents / NEIGHBOURHOOD_RESIDENTS));
  const columns = Math.ceil(Math.sqrt(neighbourhoods));
  const streetChoices = streets.map((s) => [s, s.weight] as const);
  const streetOf = Array.from({ length: neighbourhoods }, () => weighted(random, streetChoices));
  const perHood = PER_NEIGHBOURHOOD.reduce((n, k) => n + k.count, 0);
  const count = neighbourhoods * perHood;
  const venues: Venues = {
    count, kind: new Uint8Array(count), neighbourhood: new Int32Array(count), stayMinutes: new Int32Array(count), name: [], regionCode: [], address: [],
  };
  const pools: Pool[][] = [];
  const work: number[] = [];
  const workWeights: number[] = [];
  let v = 0;
  for (let h = 0; h < neighbourhoods; h++) {
    const street = streetOf[h]!;
    const hoodPools: Pool[] = [];
    for (const spec of PER_NEIGHBOURHOOD) {
      const ids: number[] = [];
      const weights: number[] = [];
      for (let i = 0; i < spec.count; i++, v++) {
        venues.kind[v] = K[spec.kind];
        venues.neighbourhood[v] = h;
        venues.stayMinutes[v] = DEFAULT_STAY_MINUTES[spec.kind];
        venues.name.push(`合成·${street.name}${h + 1}片 ${KIND_LABELS[spec.kind]}${i + 1}`);
        venues.regionCode.push(street.code);
        venues.address.push(`${street.name}合成路 ${h + 1}-${v + 1} 号`);
        const weight = Math.exp(spec.sigma * normal(random));
        ids.push(v);
        weights.push(weight);
        if (spec.kind === 'office' || spec.kind === 'factory') { work.push(v); workWeights.push(weight); }
      }
      hoodPools.push(poolOf(ids, weights));
    }
    pools.push(hoodPools);
  }
  const adjacent = Array.from({ length: neighbourhoods }, (_, h) => {
    const r = Math.floor(h / columns);
    const c = h % columns;
    const near: number[] = [];
    for (let dr = -1; dr <= 1; dr++) {
      for (let dc = -1; dc <= 1; dc++) {
        const rr = r + dr;
        const cc = c + dc;
        const n = rr * columns + cc;
        if ((dr || dc) && rr >= 0 && cc >= 0 && cc < columns && n < neighbourhoods) near.push(n);
      }
    }
    return Int32Array.from(near.length > 0 ? near : [h]);
  });
  return { neighbourhoods, columns, streetOf, venues, pools, workplaces: poolOf(work, workWeights), adjacent };
}

const KIND_LABELS: Record<VenueKind, string> = {
  residential: '小区', shop: '超市', restaurant: '饭店', office: '写字楼', factory: '工厂', school: '学校', hospital: '卫生院',
  transport: '地铁站', public_place: '公园', other: '营业厅',
};

/** Who lives together: ages of a household of `size` (the head first). */
function householdAges(random: Random, size: number): number[] {
  const head = random.int(25, 59);
  const spouse = () => Math.max(20, Math.min(64, head + random.int(-4, 4)));
  const child = () => Math.max(0, Math.min(17, head - random.int(22, 36)));
  const grandparent = () => Math.min(95, head + random.int(24, 34));
  if (size === 2) return random.chance(0.7) ? [head, spouse()] : [random.int(60, 80), random.int(58, 80)];
  if (size === 3) return random.chance(0.75) ? [head, spouse(), child()] : [head, spouse(), grandparent()];
  return random.chance(0.6) ? [head, spouse(), child(), child()] : [head, spouse(), child(), grandparent()];
}

function roleOf(random: Random, age: number): number {
  if (age <= 2) return ROLE.toddler;
  if (age <= 17) return ROLE.pupil;
  if (age <= 22) return random.chance(0.7) ? ROLE.worker : ROLE.home;
  if (age <= 59) return random.chance(0.85) ? ROLE.worker : ROLE.home;
  if (age <= 64) return random.chance(0.2) ? ROLE.worker : ROLE.retired;
  return ROLE.retired;
}

/** `residents` persons in households, neighbourhood by neighbourhood, with their roles, workplaces, stations and regular shops. */
export function buildPopulation(random: Random, layout: CityLayout, residents: number): Population {
  const n = residents;
  const p: Population = {
    count: n, households: 0, neighbourhood: new Int32Array(n), compound: new Int32Array(n), household: new Int32Array(n), role: new Uint8Array(n),
    age: new Uint8Array(n), sex: new Uint8Array(n), work: new Int32Array(n).fill(-1), start: new Int32Array(n), homeStation: new Int32Array(n).fill(-1),
    workStation: new Int32Array(n).fill(-1), regulars: new Int32Array(n * (REGULAR_SHOPS + REGULAR_RESTAURANTS)),
    guardianships: new Int32Array(n * 3), guardianshipCount: 0,
  };
  const sizes = [[2, 35], [3, 40], [4, 25]] as const;
  let i = 0;
  for (let hood = 0; hood < layout.neighbourhoods && i < n; hood++) {
    const end = hood === layout.neighbourhoods - 1 ? n : Math.min(n, Math.round(((hood + 1) * n) / layout.neighbourhoods));
    const pools = layout.pools[hood]!;
    while (i < end) {
      const ages = householdAges(random, weighted(random, sizes)).slice(0, end - i);
      const household = p.households++;
      const compound = pick(pools[K.residential]!, random.next());
      const head = i;
      const headSex = random.chance(0.5) ? 0 : 1;
      ages.forEach((age, k) => {
        // Head and spouse are of two sexes; children and grandparents either.
        const sex = k === 0 ? headSex : k === 1 ? 1 - headSex : random.chance(0.5) ? 0 : 1;
        setUpPerson(random, layout, p, i, hood, compound, household, age, sex);
        // Children, and grandparents of 75 and over, are bound to the head (relation: what the dependant is to the guardian).
        if (k >= 2 && (age < 18 || age >= 75) && ages[0]! >= 18 && ages[0]! < 70) {
          const g = p.guardianshipCount++;
          p.guardianships.set([head, i, age < 18 ? 0 : 1], g * 3);
        }
        i++;
      });
    }
  }
  return p;
}

function setUpPerson(random: Random, layout: CityLayout, p: Population, i: number, hood: number, compound: number, household: number, age: number, sex: number): void {
  const pools = layout.pools[hood]!;
  p.neighbourhood[i] = hood;
  p.compound[i] = compound;
  p.household[i] = household;
  p.age[i] = age;
  p.sex[i] = sex;
  const role = roleOf(random, age);
  p.role[i] = role;
  const regular = i * (REGULAR_SHOPS + REGULAR_RESTAURANTS);
  for (let k = 0; k < REGULAR_SHOPS; k++) p.regulars[regular + k] = pick(pools[K.shop]!, random.next());
  for (let k = 0; k < REGULAR_RESTAURANTS; k++) p.regulars[regular + REGULAR_SHOPS + k] = pick(pools[K.restaurant]!, random.next());
  if (role === ROLE.pupil) {
    const schools = pools[K.school]!.venues;
    p.work[i] = schools[Math.min(schools.length - 1, age < 12 ? 0 : 1)]!;
    p.start[i] = 450;
  } else if (role === ROLE.worker) {
    let work: number;
    if (random.chance(0.35)) {
      const near = random.chance(0.5) ? hood : layout.adjacent[hood]![random.int(0, layout.adjacent[hood]!.length - 1)]!;
      const local = layout.pools[near]!;
      work = random.chance(0.8) ? pick(local[K.office]!, random.next()) : pick(local[K.factory]!, random.next());
    } else {
      work = pick(layout.workplaces, random.next());
    }
    p.work[i] = work;
    const factory = layout.venues.kind[work] === K.factory;
    p.start[i] = factory ? (random.chance(0.25) ? 1170 : 450) : Math.round(525 + 30 * normal(random));
    const workHood = layout.venues.neighbourhood[work]!;
    if (workHood !== hood && random.chance(0.45)) {
      p.homeStation[i] = pick(pools[K.transport]!, random.next());
      p.workStation[i] = pick(layout.pools[workHood]![K.transport]!, random.next());
    }
  }
}
