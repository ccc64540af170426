/**
 * What the command screen (指挥大屏) reads off the dashboard's data, pure: the key numbers (today's
 * and yesterday's new infections, the cumulative total, the red and yellow codes held now, the
 * latest Rt with its interval) and the alerts — a district with more new infections today than
 * yesterday, and a region or district whose latest Rt may be above 1 (upper bound of its 95 %
 * interval over 1). And the field work's totals the dashboard prints under its charts: check-ins
 * and the abnormal share over the range, follow-ups due and recorded with the completion, and
 * screening calls by result. And each district's figures as the district map shades them.
 */
import { CALL_RESULTS, type CallResult, type CheckinActivity, type ColourTrend, type DistrictFigure, type DistrictFigures, type EpidemicCurve, type FollowUpCompletion, type RtPoint, type RtTrend, type ScreeningOutcomes } from '../api/analytics.ts';

export interface KeyFigures {
  day: string | null;
  today: number;
  yesterday: number;
  cumulative: number;
  red: number;
  yellow: number;
  rt: RtPoint | null;
}

export function keyFigures(curve: EpidemicCurve, colours: ColourTrend, rt: RtTrend): KeyFigures {
  const n = curve.newInfections.length;
  return {
    day: curve.days.at(-1) ?? null,
    today: curve.newInfections[n - 1] ?? 0,
    yesterday: curve.newInfections[n - 2] ?? 0,
    cumulative: curve.cumulativeInfections[n - 1] ?? 0,
    red: colours.totals.red.at(-1) ?? 0,
    yellow: colours.totals.yellow.at(-1) ?? 0,
    rt: rt.region.points.at(-1) ?? null,
  };
}

export type DashboardAlert =
  | { kind: 'rising'; regionCode: string; name: string; today: number; yesterday: number }
  | { kind: 'rt'; regionCode: string; name: string; mean: number; q025: number; q975: number };

/** Rising districts first (most new infections first), then Rt warnings (region first, then districts by upper bound). */
export function dashboardAlerts(input: { today: DistrictFigures; yesterday: DistrictFigures; rt: RtTrend }): DashboardAlert[] {
  const before = new Map(input.yesterday.items.map((i) => [i.regionCode, i.newInfections]));
  const rising: DashboardAlert[] = input.today.items
    .filter((i) => i.newInfections > (before.get(i.regionCode) ?? 0))
    .map((i) => ({ kind: 'rising', regionCode: i.regionCode, name: i.name, today: i.newInfections, yesterday: before.get(i.regionCode) ?? 0 }));
  const rtAlert = (s: RtTrend['region']): DashboardAlert[] => {
    const last = s.points.at(-1);
    return last && last.q975 > 1 ? [{ kind: 'rt', regionCode: s.regionCode, name: s.name, mean: last.mean, q025: last.q025, q975: last.q975 }] : [];
  };
  const districts = input.rt.districts.flatMap(rtAlert).sort((a, b) => (b as { q975: number }).q975 - (a as { q975: number }).q975);
  return [...rising, ...rtAlert(input.rt.region), ...districts];
}

/** What the district map shades by: new infections over the range, or close contacts under observation on its last day. */
export type DistrictMeasure = 'newInfections' | 'monitoredContacts';

/** Each district's figures keyed by code, named without the region's name, `value` the measure shaded. */
export function districtShades(items: readonly DistrictFigure[], measure: DistrictMeasure, shorten: (name: string) => string) {
  return items.map((i) => ({ code: i.regionCode, name: shorten(i.name), value: i[measure], newInfections: i.newInfections, monitoredContacts: i.monitoredContacts }));
}

/** The screen's refresh period in seconds: ?refresh=N (2–600, for tests and slow links), else 30. */
export function refreshSeconds(query: unknown): number {
  const n = Number(Array.isArray(query) ? query[0] : query);
  return Number.isInteger(n) && n >= 2 && n <= 600 ? n : 30;
}

const sum = (xs: readonly number[]) => xs.reduce((n, x) => n + x, 0);
/** A share in percent with one decimal, null without a denominator. */
const percentOf = (n: number, of: number) => (of === 0 ? null : Math.round((n / of) * 1000) / 10);

export interface CheckinTotals { checkins: number; abnormal: number; abnormalPercent: number | null; peakHour: number | null }

/** The range's check-ins, those with a yellow or red code and their share, and the busiest hour (the earliest of equals). */
export function checkinTotals(a: CheckinActivity): CheckinTotals {
  const checkins = sum(a.checkins);
  const abnormal = sum(a.abnormal);
  const peak = Math.max(0, ...a.byHour);
  return { checkins, abnormal, abnormalPercent: percentOf(abnormal, checkins), peakHour: peak > 0 ? a.byHour.indexOf(peak) : null };
}

export interface FollowUpTotals { due: number; done: number; reached: number; completionPercent: number | null }

/** Follow-ups due and recorded over the range, those that reached the person, and recorded ÷ due. */
export function followUpTotals(f: FollowUpCompletion): FollowUpTotals {
  const due = sum(f.due);
  const done = sum(f.done);
  return { due, done, reached: sum(f.reached), completionPercent: percentOf(done, due) };
}

/** Screening calls over the range: all of them and each result's count. */
export function callTotals(s: ScreeningOutcomes): { total: number; byResult: Record<CallResult, number> } {
  return { total: sum(CALL_RESULTS.map((r) => s.totals[r])), byResult: s.totals };
}
