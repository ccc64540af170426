/**
 * Check-in activity for the dashboard (扫码情况): check-ins per day, the share made with a yellow
 * or red code (异常扫码占比), the hours of the day they happen, and each district's totals — from
 * the rollups the check-ins' own trigger keeps (migration 0790), never from the check-ins.
 */
import type { Actor } from '../../kernel/access.ts';
import { regionPrefix } from '../../kernel/regions-scope.ts';
import { regionNames } from '../../regions/service.ts';
import { CHECKIN_ABNORMAL_MEASURE, CHECKIN_HOUR_MEASURES } from '../rollups/model.ts';
import { readRollups } from '../rollups/store.ts';
import { checkDashboardQuery, type DashboardDeps, type DashboardQuery } from './service.ts';

export interface CheckinActivity {
  regionCode: string;
  days: string[];
  checkins: number[];
  abnormal: number[];
  /** Abnormal / all per day; null on a day without check-ins. */
  abnormalShare: (number | null)[];
  /** Check-ins of the whole range by hour of day, 0–23. */
  byHour: number[];
  districts: { regionCode: string; name: string; checkins: number; abnormal: number }[];
}

export async function checkinActivity(deps: DashboardDeps, actor: Actor | undefined, q: DashboardQuery): Promise<CheckinActivity> {
  const days = checkDashboardQuery(deps, actor, q);
  const index = new Map(days.map((d, i) => [d, i]));
  const rows = await readRollups(deps.db, { prefix: regionPrefix(q.regionCode), measures: [...CHECKIN_HOUR_MEASURES, CHECKIN_ABNORMAL_MEASURE], from: q.from, to: q.to });
  const checkins = days.map(() => 0);
  const abnormal = days.map(() => 0);
  const byHour = CHECKIN_HOUR_MEASURES.map(() => 0);
  const byDistrict = new Map<string, { checkins: number; abnormal: number }>();
  for (const r of rows) {
    const at = index.get(r.day)!;
    const district = byDistrict.get(r.regionCode) ?? { checkins: 0, abnormal: 0 };
    byDistrict.set(r.regionCode, district);
    if (r.measure === CHECKIN_ABNORMAL_MEASURE) {
      abnormal[at]! += r.value;
      district.abnormal += r.value;
    } else {
      checkins[at]! += r.value;
      byHour[Number(r.measure.slice(-2))]! += r.value;
      district.checkins += r.value;
    }
  }
  const names = await regionNames(deps.db, [...byDistrict.keys()]);
  return {
    regionCode: q.regionCode, days, checkins, abnormal,
    abnormalShare: checkins.map((n, i) => (n === 0 ? null : abnormal[i]! / n)),
    byHour,
    districts: [...byDistrict].map(([code, d]) => ({ regionCode: code, name: names.get(code) ?? code, ...d })).sort((a, b) => b.checkins - a.checkins || a.regionCode.localeCompare(b.regionCode)),
  };
}
