/**
 * The demo city's outbreak (pure): a small cluster the tracing console can show from the first
 * start. In the district with most residents: one confirmed case who ate at a restaurant yesterday
 * noon and shopped the evening before, with some neighbours there at overlapping times (close
 * contacts); three of those met others at a shop this morning (secondary contacts); a suspected
 * case from a screening call; and a confirmed case reported by 上海 (310000) who went nowhere here
 * (only their household is traced). Indexes refer to the demo's residents and venues.
 */
import { DAY_MS, MINUTE_MS, startOfShanghaiDay } from '../../kernel/time.ts';
import type { Random } from './random.ts';

export interface OutbreakVisit { resident: number; venue: number; at: Date; minutes: number }
export interface OutbreakCase {
  resident: number;
  classification: 'confirmed' | 'suspected';
  source: 'fever_clinic' | 'screening_call' | 'other_region';
  onsetOn: string | null;
  reportedOn: string;
  issuingRegionCode: string | null;
  externalRef: string | null;
}
export interface DemoOutbreak { visits: OutbreakVisit[]; cases: OutbreakCase[] }

interface Place { regionCode: string; kind: string }
interface Person { homeRegionCode: string; age: number }

const districtOf = (code: string) => code.slice(0, 6);
const dayBefore = (today: string, n: number) => new Date(startOfShanghaiDay(today).getTime() - n * DAY_MS).toISOString().slice(0, 10);

/** `n` distinct items, in random order (a partial Fisher–Yates on a copy). */
function sample<T>(random: Random, items: readonly T[], n: number): T[] {
  const copy = [...items];
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random.next() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, n);
}

export function buildOutbreak(random: Random, residents: readonly Person[], venues: readonly Place[], today: string, now: Date): DemoOutbreak {
  const counts = new Map<string, number>();
  for (const r of residents) counts.set(districtOf(r.homeRegionCode), (counts.get(districtOf(r.homeRegionCode)) ?? 0) + 1);
  const district = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
  const adults = residents.flatMap((r, i) => (districtOf(r.homeRegionCode) === district && r.age >= 18 ? [i] : []));
  const pickVenue = (kind: string) => {
    const here = venues.flatMap((v, i) => (v.kind === kind && districtOf(v.regionCode) === district ? [i] : []));
    const any = venues.flatMap((v, i) => (v.kind === kind ? [i] : []));
    return (here.length > 0 ? here : any)[0];
  };
  const restaurant = pickVenue('restaurant');
  const shop = pickVenue('shop');
  if (adults.length < 30 || restaurant === undefined || shop === undefined) return { visits: [], cases: [] };
  const people = sample(random, adults, 30);
  const [index, ...others] = people as [number, ...number[]];
  const at = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+08:00`);
  const yesterday = dayBefore(today, 1);
  const twoDaysAgo = dayBefore(today, 2);
  const visits: OutbreakVisit[] = [
    { resident: index, venue: restaurant, at: at(yesterday, '12:00'), minutes: 90 },
    { resident: index, venue: shop, at: at(twoDaysAgo, '18:30'), minutes: 30 },
  ];
  // Eight at the restaurant around noon, five at the shop that evening: all overlap the case.
  others.slice(0, 8).forEach((resident, i) => visits.push({ resident, venue: restaurant, at: at(yesterday, `1${1 + (i % 2)}:${String(15 + i * 5).padStart(2, '0')}`), minutes: 90 }));
  others.slice(8, 13).forEach((resident, i) => visits.push({ resident, venue: shop, at: at(twoDaysAgo, `18:${String(20 + i * 5).padStart(2, '0')}`), minutes: 30 }));
  // This morning (or the last hour, early in the day) three close contacts shop again among five others.
  const morning = new Date(Math.min(at(today, '08:00').getTime(), now.getTime() - 60 * MINUTE_MS));
  [...others.slice(0, 3), ...others.slice(13, 18)].forEach((resident, i) => visits.push({ resident, venue: shop, at: new Date(morning.getTime() + i * 3 * MINUTE_MS), minutes: 30 }));
  const cases: OutbreakCase[] = [
    { resident: index, classification: 'confirmed', source: 'fever_clinic', onsetOn: yesterday, reportedOn: today, issuingRegionCode: null, externalRef: null },
    { resident: others[20]!, classification: 'suspected', source: 'screening_call', onsetOn: today, reportedOn: today, issuingRegionCode: null, externalRef: null },
    { resident: others[25]!, classification: 'confirmed', source: 'other_region', onsetOn: twoDaysAgo, reportedOn: today, issuingRegionCode: '310000', externalRef: 'SH-2026-00017' },
  ];
  return { visits, cases };
}
