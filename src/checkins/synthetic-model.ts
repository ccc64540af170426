/**
 * Synthetic check-ins (pure): who went where when, for demos and benchmarks. Times follow a
 * city's day (morning and evening peaks, quiet nights); colours are mostly green, a few yellow and
 * red, a few without a code. Rows come out as PostgreSQL COPY text lines.
 */
import type { Random } from '../demo/model/random.ts';
import { DAY_MS, MINUTE_MS, startOfShanghaiDay } from '../kernel/time.ts';
import type { Colour } from './model.ts';

export interface SyntheticPerson {
  id: string;
  nameMasked: string;
}

export interface SyntheticVenue {
  id: string;
  name: string;
  regionCode: string;
  defaultStayMinutes: number;
  retentionDays: number;
}

/** Relative check-ins per Asia/Shanghai hour 0–23. */
const HOUR_WEIGHTS = [1, 0.5, 0.3, 0.2, 0.3, 1, 4, 9, 10, 7, 6, 8, 10, 7, 5, 5, 6, 8, 10, 8, 6, 4, 3, 2];
const HOUR_CUMULATIVE = HOUR_WEIGHTS.reduce<number[]>((acc, w) => [...acc, (acc.at(-1) ?? 0) + w], []);
const HOUR_TOTAL = HOUR_CUMULATIVE.at(-1)!;

export function pickHour(u: number): number {
  const x = u * HOUR_TOTAL;
  const hour = HOUR_CUMULATIVE.findIndex((c) => x < c);
  return hour === -1 ? 23 : hour;
}

export function pickColour(u: number): Colour | null {
  if (u < 0.005) return null;
  if (u < 0.01) return 'red';
  if (u < 0.03) return 'yellow';
  return 'green';
}

/** COPY's text format: tab-separated, \N for null, backslash escapes for the few characters that need them. */
function field(value: string | number | boolean | null): string {
  if (value === null) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return String(value).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

export const SYNTHETIC_COLUMNS = ['id', 'person_id', 'venue_id', 'region_code', 'venue_name', 'name_masked', 'checked_in_at', 'leave_at', 'colour', 'method',
  'geofence_far', 'distance_m', 'retention_days'] as const;

export interface SyntheticRow {
  line: string;
  day: string;
  regionCode: string;
}

/**
 * One check-in of a random person at a random venue on `day`, no later than `notAfter` (today's
 * rows stop at now). `id` is the row's id from the sequence.
 */
export function syntheticRow(random: Random, id: number, day: string, notAfter: Date, persons: readonly SyntheticPerson[], venues: readonly SyntheticVenue[]): SyntheticRow {
  const person = persons[Math.floor(random.next() * persons.length)]!;
  const venue = venues[Math.floor(random.next() * venues.length)]!;
  const dayStart = startOfShanghaiDay(day).getTime();
  const offset = pickHour(random.next()) * 3_600_000 + Math.floor(random.next() * 3_600_000);
  const at = new Date(Math.min(dayStart + offset, notAfter.getTime(), dayStart + DAY_MS - 1));
  const leave = new Date(at.getTime() + venue.defaultStayMinutes * MINUTE_MS);
  const far = random.next() < 0.01;
  const values = [id, person.id, venue.id, venue.regionCode, venue.name, person.nameMasked, at.toISOString(), leave.toISOString(),
    pickColour(random.next()), 'scan', far, far ? 3000 + Math.floor(random.next() * 20_000) : null, venue.retentionDays];
  return { line: `${values.map(field).join('\t')}\n`, day, regionCode: venue.regionCode };
}
