/**
 * The daily fever-clinic report (发热门诊日报) for the health commission: for a Shanghai day, each
 * clinic's patients (就诊人数), fever (≥ 37.3 °C), suspected, transferred (转诊) — counted over the
 * visits of that day — and positive results reported that day; and the region's totals. Counts
 * only, no personal data: officials of the region read every clinic's, a desk its own clinic's.
 */
import { requireAccess, scopesFor, type Actor } from '../../kernel/access.ts';
import { regionPrefix } from '../../kernel/regions-scope.ts';
import { shanghaiDay, startOfShanghaiDay, DAY_MS } from '../../kernel/time.ts';
import { regionNames } from '../../regions/service.ts';
import { requireClinicReport } from './access.ts';
import { clinicFail } from './errors.ts';
import { FEVER_CELSIUS, isDay, sumCounts, type ReportCounts } from './model.ts';
import { countReport, findClinicsIn, type ClinicRow } from './store.ts';
import { clinicViews, type ClinicDeps, type ClinicView } from './service.ts';

export type ClinicReportRow = ClinicView & ReportCounts;

export interface RegionReport {
  day: string;
  regionCode: string;
  regionName: string;
  totals: ReportCounts & { clinics: number };
  items: ClinicReportRow[];
  next: string | null;
}

/** The day asked for (default today): a real day, not after today. */
export function reportDay(deps: Pick<ClinicDeps, 'clock'>, day: string | undefined): string {
  const today = shanghaiDay(deps.clock.now());
  const d = day ?? today;
  if (!isDay(d) || d > today) throw clinicFail('CLINIC_DAY_INVALID', { field: 'day' });
  return d;
}

async function countsOf(deps: Pick<ClinicDeps, 'db'>, clinics: readonly ClinicRow[], day: string): Promise<ClinicReportRow[]> {
  const from = startOfShanghaiDay(day);
  const counts = await countReport(deps.db, clinics.map((c) => c.venueId), day, from, new Date(from.getTime() + DAY_MS), FEVER_CELSIUS);
  const zero: ReportCounts = { patients: 0, fever: 0, suspected: 0, positive: 0, transferred: 0 };
  return (await clinicViews(deps, clinics)).map((v) => ({ ...v, ...(counts.get(v.venueId) ?? zero) }));
}

/** One clinic's day (its desk, or an official of its region). */
export async function clinicDayReport(deps: ClinicDeps, actor: Actor | undefined, venueId: string, q: { day?: string }): Promise<ClinicReportRow & { day: string }> {
  const { clinic } = await requireClinicReport(deps.db, actor, venueId);
  const day = reportDay(deps, q.day);
  return { day, ...(await countsOf(deps, [clinic], day))[0]! };
}

/** Every clinic of a region a page at a time, in venue-number order, as the report and its export read them. */
export async function* regionClinicPages(deps: Pick<ClinicDeps, 'db'>, regionCode: string, pageSize: number): AsyncGenerator<ClinicRow[]> {
  for (let after: string | undefined; ;) {
    const rows = await findClinicsIn(deps.db, [regionPrefix(regionCode)], { afterNumber: after, limit: pageSize });
    if (rows.length > 0) yield rows;
    if (rows.length < pageSize) return;
    after = rows.at(-1)!.number;
  }
}

/** Totals of every clinic of the region for the day. */
export async function regionTotals(deps: Pick<ClinicDeps, 'db'>, regionCode: string, day: string): Promise<ReportCounts & { clinics: number }> {
  const all: ReportCounts[] = [];
  for await (const page of regionClinicPages(deps, regionCode, 1000)) all.push(...await countsOf(deps, page, day));
  return { ...sumCounts(all), clinics: all.length };
}

/**
 * A region's day (official with clinic.report.read there; default: my first region): the totals of
 * all its clinics and a page of the clinics with their counts (keyset by venue number).
 */
export async function regionDayReport(deps: ClinicDeps, actor: Actor | undefined, q: { regionCode?: string; day?: string; after?: string; limit: number }): Promise<RegionReport> {
  const official = requireAccess(actor, 'clinic.report.read', q.regionCode);
  const regionCode = q.regionCode ?? scopesFor(official, 'clinic.report.read')[0]!;
  const day = reportDay(deps, q.day);
  const rows = await findClinicsIn(deps.db, [regionPrefix(regionCode)], { afterNumber: q.after, limit: q.limit });
  const regionName = (await regionNames(deps.db, [regionCode])).get(regionCode) ?? regionCode;
  return {
    day, regionCode, regionName, totals: await regionTotals(deps, regionCode, day), items: await countsOf(deps, rows, day),
    next: rows.length === q.limit ? rows.at(-1)!.number : null,
  };
}

export { countsOf as clinicCountsOf };
