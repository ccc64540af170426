/** The console's daily check-in endpoints (src/orgs/daily/routes.ts), one typed function each. */
import { request } from '../../common/request.ts';
import { SYMPTOMS } from '../../../src/codes/declarations/code-lists.ts';
import { LOCATIONS, type DailyLocation } from '../../../src/orgs/daily/model.ts';

export { SYMPTOMS, LOCATIONS };
export type { DailyLocation };

export interface Counts { members: number; submitted: number; missing: number; abnormal: number }
export interface StaffOrganisation { id: string; name: string; kind: string; regionCode: string; admin: boolean }
export interface DailyStatistics {
  organisation: { id: string; name: string; kind: string };
  day: string;
  unitId: string | null;
  totals: Counts;
  units: (Counts & { unitId: string | null; name: string; path: string })[];
  trend: (Counts & { day: string })[];
}
export type ListStatus = 'submitted' | 'missing' | 'abnormal';
export interface DailyListItem {
  personId: string; nameMasked: string; unitId: string | null; unitName: string | null; checkinId: string | null; submittedAt: string | null;
  temperature: number | null; symptoms: string[] | null; cityCode: string | null; cityName: string | null; location: DailyLocation | null;
  abnormal: boolean | null; abnormalReasons: string[] | null; corrected: boolean;
}
export interface CommunityAlert {
  checkinId: string; organisationId: string; organisationName: string; personId: string; nameMasked: string; homeRegionCode: string;
  submittedAt: string; temperature: number; abnormalReasons: string[]; cityCode: string; cityName: string | null;
}
/** An Excel export made by the server's background job: members written so far of the day's members. */
export interface DailyExport {
  id: string; organisationId: string; day: string; unitId: string | null; status: 'queued' | 'running' | 'done' | 'failed';
  processed: number; total: number; rowCount: number | null; error: string | null; createdAt: string; finishedAt: string | null; expiresAt: string;
}
export interface CorrectionInput { temperature: number; symptoms: string[]; cityCode: string; location: DailyLocation; reason: string }

const base = (orgId: string) => `/api/orgs/${encodeURIComponent(orgId)}/daily`;
const scope = (day?: string, unitId?: string | null) => ({ day, unitId: unitId ?? undefined });

export function fetchStaffOrganisations(): Promise<{ items: StaffOrganisation[] }> {
  return request.get('/api/orgs/daily/organisations');
}
export function fetchDailyStatistics(orgId: string, day?: string, unitId?: string | null): Promise<DailyStatistics> {
  return request.get(`${base(orgId)}/stats`, scope(day, unitId));
}
export function fetchDailyList(orgId: string, status: ListStatus, day?: string, unitId?: string | null, after?: string): Promise<{ day: string; items: DailyListItem[]; next: string | null }> {
  return request.get(`${base(orgId)}/list`, { ...scope(day, unitId), status, after, limit: 50 });
}
/** Starts the day's Excel (a background job on the server); follow it with fetchDailyExport, then download it. */
export function startDailyExport(orgId: string, day?: string, unitId?: string | null): Promise<DailyExport> {
  return request.post(`${base(orgId)}/exports`, scope(day, unitId));
}
export function fetchDailyExport(orgId: string, exportId: string): Promise<DailyExport> {
  return request.get(`${base(orgId)}/exports/${encodeURIComponent(exportId)}`);
}
/** The finished Excel's URL: a plain link downloads it with the session cookie (audited). */
export function dailyExportFileUrl(orgId: string, exportId: string): string {
  return `${base(orgId)}/exports/${encodeURIComponent(exportId)}/file`;
}
export const isExportFinished = (job: DailyExport) => job.status === 'done' || job.status === 'failed';
export function correctDailyCheckin(orgId: string, checkinId: string, input: CorrectionInput): Promise<unknown> {
  return request.post(`${base(orgId)}/checkins/${encodeURIComponent(checkinId)}/corrections`, input);
}
export function fetchDailySettings(orgId: string): Promise<{ remindAt: string }> {
  return request.get(`${base(orgId)}/settings`);
}
export function saveDailySettings(orgId: string, remindAt: string): Promise<{ remindAt: string }> {
  return request.put(`${base(orgId)}/settings`, { remindAt });
}
export function fetchCommunityAlerts(day?: string): Promise<{ day: string; items: CommunityAlert[] }> {
  return request.get('/api/orgs/daily/alerts', { day });
}
