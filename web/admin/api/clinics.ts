/**
 * The console's fever-clinic endpoints (发热门诊, src/analytics/clinics/routes.ts), one typed function
 * each: the region's clinics (open one, bind and unbind its desk staff), my clinics, the desk's
 * registrations and results, the daily reports and their Excel export.
 */
import { request } from '../../common/request.ts';
import { SYMPTOMS, TESTS, TRIAGES, type TestOrdered, type TestResult, type Triage } from '../../../src/analytics/clinics/model.ts';
import { ID_TYPES, type IdType } from '../../../src/people/model/id-number.ts';

export { ID_TYPES, SYMPTOMS, TESTS, TRIAGES };
export type { IdType, TestOrdered, TestResult, Triage };

export interface Page<T> { items: T[]; next: string | null }

export interface Clinic { venueId: string; name: string; number: string; regionCode: string; regionName: string; openedAt: string }

/** A desk staff member bound to a clinic (an account holding clinic_staff for its region). */
export interface ClinicStaff { accountId: string; username: string | null; displayName: string; addedAt: string }

export interface Visit {
  id: string; venueId: string; personId: string; nameMasked: string; idNumberMasked: string; visitedAt: string; visitDay: string;
  temperature: number; fever: boolean; symptoms: string[]; onsetOn: string | null; epi: { travel: boolean; contact: boolean; cluster: boolean };
  triage: Triage; suspected: boolean; testOrdered: TestOrdered; result: TestResult | null; resultAt: string | null; caseId: string | null;
  createdAt: string; updatedAt: string;
}

export interface NewVisit {
  person: { idType: IdType; idNumber: string; name?: string; homeRegionCode?: string; phone?: string | null };
  temperature: number; symptoms: string[]; onsetOn: string | null;
  epi: { travel: boolean; contact: boolean; cluster: boolean; note: string | null };
  triage: Triage; suspected: boolean; testOrdered: TestOrdered;
}

export interface ReportCounts { patients: number; fever: number; suspected: number; positive: number; transferred: number }
export type ClinicReport = Clinic & ReportCounts;
export interface RegionReport { day: string; regionCode: string; regionName: string; totals: ReportCounts & { clinics: number }; items: ClinicReport[]; next: string | null }

export interface ReportExport {
  id: string; regionCode: string; day: string; status: 'queued' | 'running' | 'done' | 'failed'; processed: number; total: number | null;
  rowCount: number | null; error: string | null; createdAt: string; finishedAt: string | null; expiresAt: string;
}

const base = '/api/clinics';
const clinic = (venueId: string) => `${base}/${encodeURIComponent(venueId)}`;

export const listClinics = (query: { regionCode?: string; after?: string; limit?: number }) => request.get<Page<Clinic>>(base, { limit: 50, ...query });
export const openClinic = (venueId: string) => request.post<Clinic>(base, { venueId });
export const listClinicStaff = (venueId: string) => request.get<{ items: ClinicStaff[] }>(`${clinic(venueId)}/staff`);
export const bindClinicStaff = (venueId: string, username: string) => request.post<ClinicStaff>(`${clinic(venueId)}/staff`, { username });
export const unbindClinicStaff = (venueId: string, accountId: string) => request.delete<{ removed: boolean }>(`${clinic(venueId)}/staff/${encodeURIComponent(accountId)}`);
export const myClinics = () => request.get<{ items: Clinic[] }>(`${base}/mine`);
export const registerVisit = (venueId: string, input: NewVisit) => request.post<Visit>(`${clinic(venueId)}/visits`, input);
export const listVisits = (venueId: string, query: { day?: string; after?: string; limit?: number }) => request.get<Page<Visit>>(`${clinic(venueId)}/visits`, { limit: 50, ...query });
export const enterResult = (visitId: string, result: 'negative' | 'positive') => request.post<Visit>(`${base}/visits/${encodeURIComponent(visitId)}/result`, { result });
export const clinicReport = (venueId: string, day?: string) => request.get<ClinicReport & { day: string }>(`${clinic(venueId)}/report`, { day });
export const regionReport = (query: { regionCode?: string; day?: string; after?: string; limit?: number }) => request.get<RegionReport>(`${base}/reports/daily`, { limit: 50, ...query });
export const startReportExport = (input: { regionCode?: string; day?: string }) => request.post<ReportExport>(`${base}/reports/exports`, input);
export const fetchReportExport = (id: string) => request.get<ReportExport>(`${base}/reports/exports/${encodeURIComponent(id)}`);
export const reportExportFileUrl = (id: string) => `${base}/reports/exports/${encodeURIComponent(id)}/file`;
export const isReportExportFinished = (job: ReportExport) => job.status === 'done' || job.status === 'failed';
