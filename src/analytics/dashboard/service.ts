/**
 * The situation dashboard's figures (疫情态势), each read from the rollups (analytics/rollups), never
 * from the raw tables: the epidemic curve by onset or report day stacked by classification with
 * its cumulative total, new cases and contacts under observation per district, and the colours held per day. Counts only, for
 * anyone who may see a region's aggregated figures (region.stats).
 */
import { addDays } from '../../checkins/partitions/model.ts';
import type { DbOrTrx } from '../../db/transaction.ts';
import { requireAccess, type Actor } from '../../kernel/access.ts';
import { regionPrefix } from '../../kernel/regions-scope.ts';
import { shanghaiDay, type Clock } from '../../kernel/time.ts';
import { regionNames } from '../../regions/service.ts';
import { CLASSIFICATIONS, type Classification } from '../../tracing/model/case.ts';
import { caseMeasure, COLOURS, MONITORED_CONTACTS_MEASURE, colourNetMeasure, cumulative, daysBetween, seriesByMeasure, type CaseDateBasis, type Colour } from '../rollups/model.ts';
import { readRollups, readTotalsBefore } from '../rollups/store.ts';
import { dashboardFail } from './errors.ts';

export interface DashboardDeps { db: DbOrTrx; clock: Clock }
export interface DashboardQuery { regionCode: string; from: string; to: string }

export const MAX_DASHBOARD_DAYS = 366;
/** The classifications that count as infections (新增病例: confirmed and asymptomatic). */
const INFECTED: readonly Classification[] = ['confirmed', 'asymptomatic'];

/** The access check and the range check every dashboard figure makes; answers the range's days. */
export function checkDashboardQuery(deps: DashboardDeps, actor: Actor | undefined, q: DashboardQuery): string[] {
  requireAccess(actor, 'region.stats', q.regionCode);
  if (q.from > q.to || addDays(q.from, MAX_DASHBOARD_DAYS - 1) < q.to || q.to > shanghaiDay(deps.clock.now())) throw dashboardFail('ANALYTICS_RANGE_INVALID');
  return daysBetween(q.from, q.to);
}

export interface EpidemicCurve {
  regionCode: string;
  basis: CaseDateBasis;
  days: string[];
  byClassification: Record<Classification, number[]>;
  /** Confirmed + asymptomatic per day, and their running total since the first case (not only since `from`). */
  newInfections: number[];
  cumulativeInfections: number[];
}

/** Cases per day by onset (发病) or report (报告) day, per classification; a reclassified case moves with its class. */
export async function epidemicCurve(deps: DashboardDeps, actor: Actor | undefined, q: DashboardQuery & { basis: CaseDateBasis }): Promise<EpidemicCurve> {
  const days = checkDashboardQuery(deps, actor, q);
  const measures = CLASSIFICATIONS.map((c) => caseMeasure(q.basis, c));
  const prefix = regionPrefix(q.regionCode);
  const series = seriesByMeasure(await readRollups(deps.db, { prefix, measures, from: q.from, to: q.to }), measures, days);
  const byClassification = Object.fromEntries(CLASSIFICATIONS.map((c) => [c, series.get(caseMeasure(q.basis, c))!])) as Record<Classification, number[]>;
  const newInfections = days.map((_, i) => INFECTED.reduce((n, c) => n + byClassification[c][i]!, 0));
  const infectedMeasures = INFECTED.map((c) => caseMeasure(q.basis, c));
  const before = await readTotalsBefore(deps.db, { prefix, measures: infectedMeasures, day: q.from });
  const startTotal = infectedMeasures.reduce((n, m) => n + (before.get(m) ?? 0), 0);
  return { regionCode: q.regionCode, basis: q.basis, days, byClassification, newInfections, cumulativeInfections: cumulative(newInfections, startTotal) };
}

export interface DistrictFigures {
  regionCode: string;
  from: string;
  to: string;
  /** Close contacts of the whole region under medical observation (在管密接) on `to`. */
  monitoredContacts: number;
  /** Districts with new infections in the range or contacts under observation on `to`, most infections first. */
  items: { regionCode: string; name: string; newInfections: number; monitoredContacts: number }[];
}

/**
 * Per district of the region: new infections (confirmed + asymptomatic, by report day) over the
 * range, and the close contacts under observation on its last day — what the district map shades.
 */
export async function districtFigures(deps: DashboardDeps, actor: Actor | undefined, q: DashboardQuery): Promise<DistrictFigures> {
  checkDashboardQuery(deps, actor, q);
  const prefix = regionPrefix(q.regionCode);
  const cases = await readRollups(deps.db, { prefix, measures: INFECTED.map((c) => caseMeasure('reported', c)), from: q.from, to: q.to });
  const contacts = await readRollups(deps.db, { prefix, measures: [MONITORED_CONTACTS_MEASURE], from: q.to, to: q.to });
  const byDistrict = new Map<string, { newInfections: number; monitoredContacts: number }>();
  const of = (code: string) => byDistrict.get(code) ?? byDistrict.set(code, { newInfections: 0, monitoredContacts: 0 }).get(code)!;
  for (const r of cases) of(r.regionCode).newInfections += r.value;
  for (const r of contacts) of(r.regionCode).monitoredContacts += r.value;
  const names = await regionNames(deps.db, [...byDistrict.keys()]);
  const items = [...byDistrict].filter(([, f]) => f.newInfections !== 0 || f.monitoredContacts !== 0)
    .map(([code, f]) => ({ regionCode: code, name: names.get(code) ?? code, ...f }))
    .sort((a, b) => b.newInfections - a.newInfections || b.monitoredContacts - a.monitoredContacts || a.regionCode.localeCompare(b.regionCode));
  return { regionCode: q.regionCode, from: q.from, to: q.to, monitoredContacts: items.reduce((n, i) => n + i.monitoredContacts, 0), items };
}

export interface ColourTrend {
  regionCode: string;
  days: string[];
  /** Residents of the region holding each colour at the end of each day (by their home district). */
  totals: Record<Colour, number[]>;
}

export async function colourTrend(deps: DashboardDeps, actor: Actor | undefined, q: DashboardQuery): Promise<ColourTrend> {
  const days = checkDashboardQuery(deps, actor, q);
  const prefix = regionPrefix(q.regionCode);
  const measures = COLOURS.map(colourNetMeasure);
  const series = seriesByMeasure(await readRollups(deps.db, { prefix, measures, from: q.from, to: q.to }), measures, days);
  const before = await readTotalsBefore(deps.db, { prefix, measures, day: q.from });
  const totals = Object.fromEntries(COLOURS.map((c) => [c, cumulative(series.get(colourNetMeasure(c))!, before.get(colourNetMeasure(c)) ?? 0)])) as Record<Colour, number[]>;
  return { regionCode: q.regionCode, days, totals };
}
