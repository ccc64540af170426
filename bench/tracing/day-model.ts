/**
 * One day of the synthetic city, pure: everyone's commute, school and compound gate, then errands
 * up to the day's number of check-ins (the distributions are told in ./city-model.ts).
 */
import type { Random } from '../../src/demo/model/random.ts';
import { K, KINDS, normal, pick, REGULAR_RESTAURANTS, REGULAR_SHOPS, ROLE, weighted, type CityLayout, type Population } from './city-model.ts';
import type { VenueKind } from '../../src/venues/model.ts';

/** Errand weight by role: [weekday, weekend]. */
const ACTIVITY: readonly (readonly [number, number])[] = [[0.3, 0.4], [0.6, 1.1], [0.8, 1.5], [1.4, 1.4], [1.5, 1.5]];
const ERRAND_KINDS: readonly (readonly [number, number])[] = [
  [K.shop, 44], [K.restaurant, 30], [K.public_place, 13], [K.other, 7], [K.hospital, 3], [K.transport, 3],
];
const GATE_SHARE = 0.4;
const CHECKOUT_SHARE = 0.15;

/** When errands at each kind happen: [from, to) minutes of the day with weights. */
const HOURS: Partial<Record<VenueKind, readonly (readonly [number, number, number])[]>> = {
  shop: [[420, 540, 2], [540, 720, 4], [720, 960, 3], [960, 1170, 5], [1170, 1290, 2]],
  restaurant: [[390, 510, 1.5], [660, 810, 4.5], [1020, 1230, 4]],
  public_place: [[330, 510, 3], [510, 960, 3], [960, 1290, 4]],
  hospital: [[450, 690, 6], [810, 1020, 4]],
  other: [[540, 1260, 1]],
  transport: [[390, 1290, 1]],
  residential: [[570, 720, 4], [930, 1170, 6]],
};

/** One day's check-ins as columns (person, venue, seconds after midnight in, out, checked out). */
export class DayRows {
  length = 0;
  person = new Int32Array(1024);
  venue = new Int32Array(1024);
  inSec = new Int32Array(1024);
  outSec = new Int32Array(1024);
  explicit = new Uint8Array(1024);

  clear(): void { this.length = 0; }

  push(person: number, venue: number, inSec: number, outSec: number, explicit: boolean): void {
    if (this.length === this.person.length) this.grow();
    const i = this.length++;
    this.person[i] = person;
    this.venue[i] = venue;
    this.inSec[i] = inSec;
    this.outSec[i] = outSec;
    this.explicit[i] = explicit ? 1 : 0;
  }

  private grow(): void {
    const size = this.person.length * 2;
    const more = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => { const b = make(size); b.set(a); return b; };
    this.person = more(this.person, (s) => new Int32Array(s));
    this.venue = more(this.venue, (s) => new Int32Array(s));
    this.inSec = more(this.inSec, (s) => new Int32Array(s));
    this.outSec = more(this.outSec, (s) => new Int32Array(s));
    this.explicit = more(this.explicit, (s) => new Uint8Array(s));
  }

  /** Row indexes in check-in time order (a counting sort on the second of the day), as the write path would have stored them. */
  timeOrder(): Uint32Array {
    const counts = new Uint32Array(86_401);
    for (let i = 0; i < this.length; i++) counts[this.inSec[i]! + 1]!++;
    for (let s = 1; s <= 86_400; s++) counts[s]! += counts[s - 1]!;
    const order = new Uint32Array(this.length);
    for (let i = 0; i < this.length; i++) order[counts[this.inSec[i]!]!++] = i;
    return order;
  }
}

type Segment = readonly [number, number, number];
const HOUR_CHOICES: (readonly (readonly [Segment, number])[])[] = KINDS.map((k) => (HOURS[k] ?? [[540, 1260, 1]]).map((s) => [s, s[2]] as const));

function minuteIn(random: Random, kind: number): number {
  const [from, to] = weighted(random, HOUR_CHOICES[kind]!);
  return from + random.next() * (to - from);
}

const clampDay = (minute: number) => Math.max(0, Math.min(1439.98, minute));

function visit(random: Random, rows: DayRows, layout: CityLayout, person: number, venue: number, minute: number): void {
  const inSec = Math.floor(clampDay(minute) * 60);
  const stay = layout.venues.stayMinutes[venue]!;
  // Nobody taps 离开 at a compound gate or a station: those are passages.
  const kind = layout.venues.kind[venue]!;
  const explicit = kind !== K.residential && kind !== K.transport && random.next() < CHECKOUT_SHARE;
  const minutes = explicit ? Math.max(5, Math.round(stay * (0.3 + 0.7 * random.next()))) : stay;
  rows.push(person, venue, inSec, inSec + minutes * 60, explicit);
}

/** Cumulative errand weights of the population for a weekday or a weekend day. */
export function activityWeights(p: Population, weekend: boolean): Float64Array {
  const out = new Float64Array(p.count);
  let sum = 0;
  for (let i = 0; i < p.count; i++) out[i] = sum += ACTIVITY[p.role[i]!]![weekend ? 1 : 0]!;
  return out;
}

function pickPerson(cumulative: Float64Array, u: number): number {
  const x = u * cumulative[cumulative.length - 1]!;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! > x) hi = mid; else lo = mid + 1;
  }
  return lo;
}

/**
 * One day's check-ins into `rows`: everyone's commute, school and gate first, then errands up to
 * `target` rows in all. `weekday`: 0 = Sunday … 6 = Saturday.
 */
export function generateDay(random: Random, layout: CityLayout, p: Population, weekday: number, target: number, weights: Float64Array, rows: DayRows, worked: Uint8Array): void {
  rows.clear();
  worked.fill(0);
  const schoolDay = weekday >= 1 && weekday <= 5;
  for (let i = 0; i < p.count; i++) {
    const role = p.role[i]!;
    let gateAt = -1;
    if (role === ROLE.worker && (schoolDay ? random.next() < 0.92 : weekday === 6 && random.next() < 0.12)) {
      worked[i] = 1;
      const arrive = p.start[i]! + 15 * normal(random);
      if (p.homeStation[i]! >= 0) visit(random, rows, layout, i, p.homeStation[i]!, arrive - 15 - 25 * random.next());
      visit(random, rows, layout, i, p.work[i]!, arrive);
      const leave = arrive + 540 + 30 * normal(random);
      if (p.workStation[i]! >= 0 && leave < 1440) visit(random, rows, layout, i, p.workStation[i]!, leave + 5 + 10 * random.next());
      gateAt = leave + 20 + 40 * random.next();
    } else if (role === ROLE.pupil && schoolDay && random.next() < 0.95) {
      visit(random, rows, layout, i, p.work[i]!, p.start[i]! + 10 * normal(random));
      gateAt = 990 + 120 * random.next();
    } else {
      gateAt = minuteIn(random, K.residential);
    }
    const gateShare = role === ROLE.toddler ? 0.15 : GATE_SHARE;
    if (gateAt >= 0 && gateAt < 1440 && random.next() < gateShare) visit(random, rows, layout, i, p.compound[i]!, gateAt);
  }
  const errandKinds = ERRAND_KINDS;
  for (let e = rows.length; e < target; e++) {
    const i = pickPerson(weights, random.next());
    const kind = weighted(random, errandKinds);
    const hood = p.neighbourhood[i]!;
    if (worked[i] && kind === K.restaurant && random.next() < 0.55) {
      const workHood = layout.venues.neighbourhood[p.work[i]!]!;
      visit(random, rows, layout, i, pick(layout.pools[workHood]![K.restaurant]!, random.next()), 690 + 90 * random.next());
      continue;
    }
    const where = random.next();
    let venue: number;
    if (where < 0.75) {
      const regularShare = kind === K.shop || kind === K.restaurant ? 0.6 : 0;
      if (random.next() < regularShare) {
        const base = i * (REGULAR_SHOPS + REGULAR_RESTAURANTS);
        venue = kind === K.shop ? p.regulars[base + random.int(0, REGULAR_SHOPS - 1)]! : p.regulars[base + REGULAR_SHOPS + random.int(0, REGULAR_RESTAURANTS - 1)]!;
      } else {
        venue = pick(layout.pools[hood]![kind]!, random.next());
      }
    } else {
      const near = layout.adjacent[hood]!;
      const other = where < 0.9 ? near[random.int(0, near.length - 1)]! : random.int(0, layout.neighbourhoods - 1);
      venue = pick(layout.pools[other]![kind]!, random.next());
    }
    // A worker who worked runs errands after work (a restaurant errand that is not lunch is dinner).
    const minute = !worked[i] ? minuteIn(random, kind) : kind === K.restaurant ? 1050 + 180 * random.next() : 1080 + 210 * random.next();
    visit(random, rows, layout, i, venue, minute);
  }
}
