/**
 * The dashboards' measures (migration 0780 writes them from triggers) and the arithmetic on them.
 * A rollup row is one day × district × measure; a region's figure is the sum over its districts.
 */
import type { CallResult } from '../../callbot/dialogue/model.ts';
import { CLASSIFICATIONS, type Classification } from '../../tracing/model/case.ts';

export const COLOURS = ['green', 'yellow', 'red'] as const;
export type Colour = (typeof COLOURS)[number];

/** Cases by the day they were reported (报告日期) or fell ill (发病日期), per classification. */
export type CaseDateBasis = 'reported' | 'onset';
export const caseMeasure = (basis: CaseDateBasis, classification: Classification) => `cases_${basis}:${classification}`;
export const CASE_MEASURES = (basis: CaseDateBasis) => CLASSIFICATIONS.map((c) => caseMeasure(basis, c));

/** Colours taken up on a day minus those left: a colour's total on a day is the sum of its nets up to then. */
export const colourNetMeasure = (colour: Colour) => `colour_net:${colour}`;
export const COLOUR_MEASURES = COLOURS.map(colourNetMeasure);

/** Check-ins per hour of the day (Asia/Shanghai) at the venue's district, and those made with a yellow or red code. */
export const checkinHourMeasure = (hour: number) => `checkins_hour:${String(hour).padStart(2, '0')}`;
export const CHECKIN_HOUR_MEASURES = Array.from({ length: 24 }, (_, h) => checkinHourMeasure(h));
export const CHECKIN_ABNORMAL_MEASURE = 'checkins_abnormal';

/** Monitoring plans' follow-ups (随访): due that day, recorded for it, and those that reached the person. */
export const FOLLOW_UP_MEASURES = { due: 'followups_due', done: 'followups_done', reached: 'followups_reached' } as const;

/** Close contacts under medical observation (在管密接) each day: their monitoring plans' days from start to end or close. */
export const MONITORED_CONTACTS_MEASURE = 'contacts_monitored';

/** Screening calls (智能外呼) by their result, on the day the call ended. */
export const callResultMeasure = (result: CallResult) => `calls_result:${result}`;

export interface RollupRow {
  day: string;
  regionCode: string;
  measure: string;
  value: number;
}

/** Consecutive Shanghai days from `from` to `to` inclusive (YYYY-MM-DD). */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/** One series per measure over the days given, zero where nothing happened, summed over regions. */
export function seriesByMeasure(rows: readonly RollupRow[], measures: readonly string[], days: readonly string[]): Map<string, number[]> {
  const index = new Map(days.map((d, i) => [d, i]));
  const out = new Map(measures.map((m) => [m, days.map(() => 0)]));
  for (const r of rows) {
    const at = index.get(r.day);
    const series = out.get(r.measure);
    if (at !== undefined && series) series[at]! += r.value;
  }
  return out;
}

/** Running totals (cumulative curve; a colour's total from its daily nets), starting from `before`. */
export function cumulative(values: readonly number[], before = 0): number[] {
  let total = before;
  return values.map((v) => (total += v));
}
