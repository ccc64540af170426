/** 出行申报 for the console (src/travel/routes.ts staff endpoints) and 复工复产 (src/orgs/resumption/routes.ts). */
import { request } from '../../common/request.ts';
import type { QuarantineState, ResumptionStatus, ReturnBucket, ReturnStatus } from '../../../src/orgs/resumption/model.ts';
import type { Transport } from '../../../src/travel/model.ts';

export type { QuarantineState, ResumptionStatus, ReturnBucket, ReturnStatus, Transport };

export interface StaffTrip {
  id: string; personId: string; nameMasked: string; homeRegionCode: string; declaredAt: string; toRegionCode: string; toRegionName: string;
  leaveOn: string; returnOn: string; transport: Transport; riskRegionCodes: string[]; status: 'planned' | 'returned' | 'cancelled';
  observationRequired: boolean; observationUntil: string | null;
}
export interface Observation {
  travelId: string; personId: string; nameMasked: string; homeRegionCode: string; returnedOn: string; observationUntil: string | null;
  observationRegionCodes: string[]; observationRegionNames: string[]; health: 'well' | 'fever' | 'symptoms';
}
export interface RevealedTrip {
  id: string; fromRegionName: string; toRegionName: string; viaRegionNames: string[]; leaveOn: string; returnOn: string; transport: Transport;
  transportNumber: string | null; purpose: string; person: { name: string; phone: string | null; homeRegionName: string };
  returnDeclaration: { returnedOn: string; visitedRegionNames: string[]; observationRequired: boolean; observationUntil: string | null } | null;
}

export function fetchStaffTrips(riskOnly: boolean, after?: string): Promise<{ items: StaffTrip[]; next: string | null }> {
  return request.get('/api/travel/staff/trips', { riskOnly: riskOnly ? 'true' : undefined, after, limit: 50 });
}
export function fetchObservations(after?: string): Promise<{ items: Observation[]; next: string | null }> {
  return request.get('/api/travel/staff/observations', { after, limit: 50 });
}
export function revealTrip(id: string, reason: string): Promise<RevealedTrip> {
  return request.post(`/api/travel/staff/trips/${encodeURIComponent(id)}/reveal`, { reason });
}

export interface ApplicationInput { headcount: number; returningCount: number; measures: string; masks: number; disinfectantLitres: number; contactName: string; contactPhone: string }
export interface Application extends Omit<ApplicationInput, 'contactName' | 'contactPhone'> {
  id: string; organisationId: string; organisationName: string; regionCode: string; status: ResumptionStatus;
  contactNameMasked: string; contactPhoneMasked: string; contactName: string | null; contactPhone: string | null;
  createdAt: string; updatedAt: string; submittedAt: string | null; decidedAt: string | null; decisionComment: string | null;
  events: { at: string; actorLabel: string; fromStatus: string | null; toStatus: string; comment: string | null }[];
}
export interface DashboardCounts { back: number; observation: number; waiting: number; undeclared: number }
export interface DashboardItem {
  personId: string; nameMasked: string; unitId: string | null; originRegionName: string; quarantine: QuarantineState; plannedOn: string;
  status: ReturnStatus; approvedOn: string | null; hrComment: string | null; bucket: ReturnBucket;
}
export interface Dashboard { totals: DashboardCounts; units: (DashboardCounts & { unitId: string | null; unitName: string })[]; items: DashboardItem[]; next: string | null }

const org = (id: string) => `/api/resumption/organisations/${encodeURIComponent(id)}`;
export function fetchMyCompanies(): Promise<{ items: { id: string; name: string; regionCode: string }[] }> {
  return request.get('/api/resumption/organisations');
}
export function fetchCompanyApplications(orgId: string): Promise<{ items: Application[] }> {
  return request.get(`${org(orgId)}/applications`);
}
export function createApplication(orgId: string, body: ApplicationInput): Promise<Application> {
  return request.post(`${org(orgId)}/applications`, body);
}
export function editApplication(id: string, body: ApplicationInput): Promise<Application> {
  return request.put(`/api/resumption/applications/${encodeURIComponent(id)}`, body);
}
export function fetchApplication(id: string): Promise<Application> {
  return request.get(`/api/resumption/applications/${encodeURIComponent(id)}`);
}
export function moveApplication(id: string, move: 'submit' | 'approve' | 'return', comment?: string): Promise<Application> {
  return request.post(`/api/resumption/applications/${encodeURIComponent(id)}/${move}`, { comment: comment ?? null });
}
export function fetchApplicationQueue(status?: ResumptionStatus, after?: string): Promise<{ items: Application[]; next: string | null }> {
  return request.get('/api/resumption/applications', { status, after, limit: 50 });
}
export function fetchDashboard(orgId: string, query: { unitId?: string; bucket?: ReturnBucket; after?: string }): Promise<Dashboard> {
  return request.get(`${org(orgId)}/dashboard`, { ...query, limit: 50 });
}
export function decideReturn(orgId: string, personId: string, body: { decision: 'approve' | 'wait'; approvedOn?: string | null; comment?: string | null }): Promise<unknown> {
  return request.post(`${org(orgId)}/returns/${encodeURIComponent(personId)}/decision`, body);
}
