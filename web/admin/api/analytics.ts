/**
 * The situation dashboard's endpoints (疫情态势, src/analytics/dashboard/routes.ts), one typed
 * function each: the epidemic curve, new infections per district, colours per day, Rt, check-in
 * activity, follow-up completion, screening-call results, each chart's Excel file, the city's
 * analysis parameters, and its district map (/api/analytics/map).
 */
import { request } from '../../common/request.ts';
import { CLASSIFICATIONS, type Classification } from '../../../src/tracing/model/case.ts';
import { ANALYTICS_LIMITS, type AnalyticsSettings } from '../../../src/analytics/dashboard/settings.ts';
import { CALL_RESULTS, type CallResult } from '../../../src/callbot/dialogue/model.ts';

export { ANALYTICS_LIMITS, CALL_RESULTS, CLASSIFICATIONS };
export type { AnalyticsSettings, CallResult, Classification };

export type Basis = 'reported' | 'onset';
export interface RangeQuery { regionCode: string; from: string; to: string }
export interface BasisQuery extends RangeQuery { basis: Basis }

export interface EpidemicCurve {
  regionCode: string; basis: Basis; days: string[];
  byClassification: Record<Classification, number[]>;
  newInfections: number[]; cumulativeInfections: number[];
}
/** Per district: new infections over the range, and close contacts under observation (在管密接) on its last day. */
export interface DistrictFigure { regionCode: string; name: string; newInfections: number; monitoredContacts: number }
export interface DistrictFigures { regionCode: string; from: string; to: string; monitoredContacts: number; items: DistrictFigure[] }
export interface ColourTrend { regionCode: string; days: string[]; totals: { green: number[]; yellow: number[]; red: number[] } }
export interface RtPoint { day: string; mean: number; q025: number; median: number; q975: number }
export interface RtSeries { regionCode: string; name: string; cases: number; points: RtPoint[] }
export interface RtTrend { regionCode: string; basis: Basis; settings: AnalyticsSettings; region: RtSeries; districts: RtSeries[] }

export interface CheckinActivity {
  regionCode: string; days: string[]; checkins: number[]; abnormal: number[]; abnormalShare: (number | null)[]; byHour: number[];
  districts: { regionCode: string; name: string; checkins: number; abnormal: number }[];
}

/** Follow-ups of monitoring plans per day (随访完成情况); `completion` is done / due, null on a day nothing was due. */
export interface FollowUpCompletion { regionCode: string; days: string[]; due: number[]; done: number[]; reached: number[]; completion: (number | null)[] }
/** Screening calls per day by their final result (智能外呼结果), and the range's totals. */
export interface ScreeningOutcomes { regionCode: string; days: string[]; byResult: Record<CallResult, number[]>; totals: Record<CallResult, number> }

export type ChartName = 'curve' | 'districts' | 'colours' | 'rt' | 'checkins' | 'follow-ups' | 'calls';

const BASE = '/api/analytics';
const query = (q: RangeQuery & { basis?: Basis }) => ({ regionCode: q.regionCode, from: q.from, to: q.to, basis: q.basis });

export const fetchCurve = (q: BasisQuery) => request.get<EpidemicCurve>(`${BASE}/curve`, query(q));
export const fetchDistrictFigures = (q: RangeQuery) => request.get<DistrictFigures>(`${BASE}/districts`, query(q));
export const fetchColours = (q: RangeQuery) => request.get<ColourTrend>(`${BASE}/colours`, query(q));
export const fetchRt = (q: BasisQuery) => request.get<RtTrend>(`${BASE}/rt`, query(q));
export const fetchCheckinActivity = (q: RangeQuery) => request.get<CheckinActivity>(`${BASE}/checkins`, query(q));
export const fetchFollowUps = (q: RangeQuery) => request.get<FollowUpCompletion>(`${BASE}/follow-ups`, query(q));
export const fetchCalls = (q: RangeQuery) => request.get<ScreeningOutcomes>(`${BASE}/calls`, query(q));

/** The chart's data as an .xlsx (a plain GET: the session cookie goes with the link). */
export function chartFileUrl(chart: ChartName, q: BasisQuery): string {
  return `${BASE}/charts/${chart}?${new URLSearchParams({ regionCode: q.regionCode, from: q.from, to: q.to, basis: q.basis }).toString()}`;
}

export const fetchAnalyticsSettings = (regionCode: string) => request.get<AnalyticsSettings & { regionCode: string }>(`${BASE}/settings`, { regionCode });
/** Health officials of the city (audited); `regionCode` must be the city itself. */
export const saveAnalyticsSettings = (regionCode: string, settings: AnalyticsSettings) =>
  request.put<AnalyticsSettings & { regionCode: string }>(`${BASE}/settings?regionCode=${encodeURIComponent(regionCode)}`, settings);

/** A city's district geometry: GeoJSON with one feature per district, properties { code, name }. */
export interface DistrictMapGeometry {
  type: 'FeatureCollection';
  features: { type: 'Feature'; properties: { code: string; name: string }; geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown } }[];
}
export interface DistrictMap { regionCode: string; source: string; approvalNo: string | null; schematic: boolean; updatedAt: string; geometry: DistrictMapGeometry }
export interface DistrictMapUpload { source: string; approvalNo: string | null; schematic: boolean; geojson: unknown }

/** The map of the city a region lies in; `map` null when the city has none (the dashboard draws a treemap). */
export const fetchDistrictMap = (regionCode: string) => request.get<{ regionCode: string; map: DistrictMap | null }>(`${BASE}/map`, { regionCode });
/** Health officials of the city (audited). */
export const saveDistrictMap = (cityCode: string, upload: DistrictMapUpload) =>
  request.put<{ regionCode: string; districts: number }>(`${BASE}/map?regionCode=${encodeURIComponent(cityCode)}`, upload);
export const removeDistrictMap = (cityCode: string) => request.delete<{ regionCode: string; removed: boolean }>(`${BASE}/map?regionCode=${encodeURIComponent(cityCode)}`);
