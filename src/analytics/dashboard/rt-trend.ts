/**
 * Rt over time for the dashboard (实时再生数): the region's new infections per day from the rollups,
 * estimated as EpiEstim does (analytics/rt) with the city's serial interval, each window dated by
 * its last day. The series starts a lookback before the range asked for, so the first windows
 * shown weigh the cases that came before them; windows with no earlier cases (Λ = 0) are left out
 * (their "estimate" is the prior). Districts get their own series when they had enough cases.
 */
import { addDays } from '../../checkins/partitions/model.ts';
import type { DbOrTrx } from '../../db/transaction.ts';
import type { Actor } from '../../kernel/access.ts';
import { cityOf, regionPrefix } from '../../kernel/regions-scope.ts';
import { regionNames, tenantSettings } from '../../regions/service.ts';
import { estimateRt } from '../rt/epiestim.ts';
import { caseMeasure, daysBetween, type CaseDateBasis } from '../rollups/model.ts';
import { readRollups } from '../rollups/store.ts';
import { checkDashboardQuery, type DashboardDeps, type DashboardQuery } from './service.ts';
import { ANALYTICS_SETTING, analyticsSettingsFrom, type AnalyticsSettings } from './settings.ts';

/** Days of cases before the range that feed its first windows' total infectiousness. */
export const RT_LOOKBACK_DAYS = 28;
/** A district's own Rt is shown when it had at least this many infections in the range (EpiEstim's first-window bar: ⌈1/0.3² − 1⌉). */
export const DISTRICT_RT_MIN_CASES = 11;

export interface RtPoint { day: string; mean: number; q025: number; median: number; q975: number }
export interface RtSeries { regionCode: string; name: string; cases: number; points: RtPoint[] }
export interface RtTrend {
  regionCode: string;
  basis: CaseDateBasis;
  settings: AnalyticsSettings;
  region: RtSeries;
  districts: RtSeries[];
}

export async function analyticsSettingsFor(db: DbOrTrx, regionCode: string): Promise<AnalyticsSettings> {
  return analyticsSettingsFrom((await tenantSettings(db, cityOf(regionCode)))?.[ANALYTICS_SETTING]);
}

function seriesOf(incidence: readonly number[], days: readonly string[], from: string, settings: AnalyticsSettings): RtPoint[] {
  if (incidence.length < settings.rtWindowDays + 1) return [];
  const estimate = estimateRt({ local: incidence, serialInterval: { kind: 'parametric', mean: settings.serialIntervalMean, sd: settings.serialIntervalSd }, windowDays: settings.rtWindowDays });
  return estimate.rows.filter((r) => r.totalInfectiousness > 0 && days[r.tEnd - 1]! >= from)
    .map((r) => ({ day: days[r.tEnd - 1]!, mean: r.mean, q025: r.q025, median: r.median, q975: r.q975 }));
}

export async function rtTrend(deps: DashboardDeps, actor: Actor | undefined, q: DashboardQuery & { basis: CaseDateBasis }): Promise<RtTrend> {
  checkDashboardQuery(deps, actor, q);
  const settings = await analyticsSettingsFor(deps.db, q.regionCode);
  const start = addDays(q.from, -RT_LOOKBACK_DAYS);
  const days = daysBetween(start, q.to);
  const index = new Map(days.map((d, i) => [d, i]));
  const rows = await readRollups(deps.db, {
    prefix: regionPrefix(q.regionCode), measures: [caseMeasure(q.basis, 'confirmed'), caseMeasure(q.basis, 'asymptomatic')], from: start, to: q.to,
  });
  const total = days.map(() => 0);
  const byDistrict = new Map<string, number[]>();
  for (const r of rows) {
    const at = index.get(r.day)!;
    total[at]! += r.value;
    if (r.regionCode !== q.regionCode) {
      if (!byDistrict.has(r.regionCode)) byDistrict.set(r.regionCode, days.map(() => 0));
      byDistrict.get(r.regionCode)![at]! += r.value;
    }
  }
  const inRange = (incidence: readonly number[]) => incidence.slice(index.get(q.from)).reduce((n, x) => n + x, 0);
  const shown = [...byDistrict].filter(([, incidence]) => inRange(incidence) >= DISTRICT_RT_MIN_CASES);
  const names = await regionNames(deps.db, [q.regionCode, ...shown.map(([code]) => code)]);
  return {
    regionCode: q.regionCode, basis: q.basis, settings,
    region: { regionCode: q.regionCode, name: names.get(q.regionCode) ?? q.regionCode, cases: inRange(total), points: seriesOf(total, days, q.from, settings) },
    districts: shown.map(([code, incidence]) => ({ regionCode: code, name: names.get(code) ?? code, cases: inRange(incidence), points: seriesOf(incidence, days, q.from, settings) }))
      .sort((a, b) => b.cases - a.cases),
  };
}
