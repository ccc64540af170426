/**
 * The console's contact-tracing endpoints (流调, src/tracing/*routes.ts), one typed function each:
 * the case registry, case imports, contact lists and their evidence, the transmission chain,
 * venue exposures, exports and the city's tracing parameters.
 */
import { request } from '../../common/request.ts';
import { ApiError, type ErrorEnvelope } from '../../common/http-error.ts';
import { CASE_SOURCES, CLASSIFICATIONS, type CaseSource, type Classification } from '../../../src/tracing/model/case.ts';
import { TRACING_LIMITS } from '../../../src/tracing/model/settings.ts';
import { ID_TYPES, type IdType } from '../../../src/people/model/id-number.ts';
import { VENUE_KINDS, type VenueKind } from '../../../src/venues/model.ts';
import type { Colour } from '../../../src/checkins/model.ts';

export { CASE_SOURCES, CLASSIFICATIONS, ID_TYPES, TRACING_LIMITS, VENUE_KINDS };
export type { CaseSource, Classification, Colour, IdType, VenueKind };

export interface Page<T> { items: T[]; next: string | null }
export type ContactKind = 'close' | 'secondary';
export type LinkKind = 'venue' | 'household' | 'family';

export interface TracingStatus {
  status: 'pending' | 'done' | 'not_traced'; tracedAt: string | null; windowFrom: string | null; windowTo: string | null;
  closeContacts: number; secondaryContacts: number;
}
export interface Case {
  id: string; personId: string; nameMasked: string; idNumberMasked: string; regionCode: string; regionName: string;
  classification: Classification; onsetOn: string | null; onsetApproximate: boolean; testedPositiveOn: string | null; isolatedAt: string | null;
  reportedOn: string; source: CaseSource; issuingRegionCode: string | null; externalRef: string | null; createdAt: string; updatedAt: string;
  tracing: TracingStatus;
}
export interface CaseEvent {
  id: number; at: string; kind: string; fromClassification: Classification | null; toClassification: Classification | null; actorLabel: string;
  detail: Record<string, unknown>;
}
export interface CaseDetail extends Case { notes: string | null; events: CaseEvent[] }
export interface CaseQuery { regionCode?: string; classification?: Classification; source?: CaseSource; reportedFrom?: string; reportedTo?: string; after?: string; limit?: number }
export type PersonRef = { personId: string } | { idType: IdType; idNumber: string };
export interface NewCase {
  person: PersonRef; regionCode?: string; classification: Classification; onsetOn: string | null; onsetApproximate?: boolean;
  testedPositiveOn: string | null; reportedOn: string; isolatedAt?: string | null; source: CaseSource; issuingRegionCode?: string | null; notes: string | null;
}
export interface WindowChange { onsetOn?: string | null; onsetApproximate?: boolean; testedPositiveOn?: string | null; isolatedAt?: string | null }

export interface Contact {
  caseId: string; personId: string; nameMasked: string; phoneMasked: string | null; regionCode: string; regionName: string;
  depth: number; kind: ContactKind; firstExposureAt: string; lastExposureAt: string; links: number; foundAt: string;
  caseClassification: Classification; counts: boolean; colour: Colour | null;
}
export interface ContactQuery { regionCode?: string; caseId?: string; kind?: ContactKind; after?: string; limit?: number }
export interface Link {
  id: number; caseId: string; depth: number; kind: LinkKind; venueId: string | null; venueName: string | null; venueKind: VenueKind | null;
  overlapStart: string; overlapEnd: string; minutes: number; source: { personId: string; nameMasked: string; isCase: boolean };
  /** The case the path leads to, masked. */
  case: { id: string; nameMasked: string; classification: Classification };
}
export interface PersonLinks { person: { id: string; nameMasked: string; homeRegionCode: string }; items: Link[] }

export interface GraphNode { id: string; nameMasked: string; role: 'case' | ContactKind; depth: number; colour: Colour | null }
export interface GraphEdge {
  source: string; target: string; kind: LinkKind; venueId: string | null; venueName: string | null; venueKind: VenueKind | null;
  depth: number; minutes: number; overlapStart: string;
}
export interface CaseGraph { caseId: string; nodes: GraphNode[]; edges: GraphEdge[]; truncated: boolean }

export interface TracingSettings { preOnsetDays: number; toleranceMinutes: number; depth: number; stayMinutesByKind: Partial<Record<VenueKind, number>> }

/** A row problem of a case import, in both languages. */
export interface ImportRowError { row: number; column: string; code: string; zh: string; en: string }
export interface ImportRowReport {
  row: number; ok: boolean; errors: ImportRowError[]; nameMasked: string | null; person: 'match' | 'create' | null; case: 'create' | 'update' | null;
  classification: Classification | null;
}
export interface ImportReport { dryRun: boolean; rows: number; good: number; bad: number; imported: number; personsMatched: number; personsCreated: number; report: ImportRowReport[] }
/** A case import run by the server's background job: queued → validating → writing (not in a dry run) → done | failed. */
export interface CaseImport {
  id: string; regionCode: string; dryRun: boolean; phase: 'queued' | 'validating' | 'writing' | 'done' | 'failed';
  processed: number; total: number | null; report: ImportReport | null; error: ErrorEnvelope | null;
  createdAt: string; finishedAt: string | null; expiresAt: string;
}

export type ExportKind = 'cases' | 'contacts' | 'exposure_persons';
export interface ExportRequest {
  kind: ExportKind; regionCode?: string; classification?: Classification; source?: CaseSource; reportedFrom?: string; reportedTo?: string;
  caseId?: string; contactKind?: ContactKind; exposureId?: string;
}
export interface TracingExport {
  id: string; kind: ExportKind; status: 'queued' | 'running' | 'done' | 'failed'; processed: number; total: number | null; rowCount: number | null;
  error: ErrorEnvelope | string | null; createdAt: string; finishedAt: string | null; expiresAt: string;
}

export interface VenueExposure {
  id: string; venueId: string; venueName: string; venueKind: VenueKind; regionCode: string; from: string; to: string; note: string | null;
  persons: number; noticeId: string | null; createdAt: string; createdByLabel: string;
}
export interface NewExposure { venueId: string; from: string; to: string; note?: string; notify: boolean }
export interface ExposedPerson { personId: string; nameMasked: string; phoneMasked: string | null; checkedInAt: string; leaveAt: string; colour: Colour | null }

/** The tag colour of a classification in tables: infected red, suspected amber, recovered green, the rest grey. */
export function classificationTagType(c: Classification): 'success' | 'warning' | 'danger' | 'info' {
  return ({ suspected: 'warning', confirmed: 'danger', asymptomatic: 'danger', excluded: 'info', recovered: 'success', died: 'info' } as const)[c];
}

const base = '/api/tracing';
const caseUrl = (id: string) => `${base}/cases/${encodeURIComponent(id)}`;

export const listCases = (query: CaseQuery) => request.get<Page<Case>>(`${base}/cases`, { limit: 20, ...query });
export const getCase = (id: string) => request.get<CaseDetail>(caseUrl(id));
/** The case without notes and events, not audited: polled while tracing runs. */
export const fetchCaseSummary = (id: string) => request.get<Case>(`${caseUrl(id)}/summary`);
export const registerCase = (input: NewCase) => request.post<Case>(`${base}/cases`, input);
export const reclassifyCase = (id: string, classification: Classification, comment?: string) =>
  request.post<Case>(`${caseUrl(id)}/classification`, { classification, comment: comment || null });
export const changeCaseWindow = (id: string, change: WindowChange) => request.post<Case>(`${caseUrl(id)}/window`, change);
export const retraceCase = (id: string) => request.post<Case>(`${caseUrl(id)}/trace`);
export const fetchCaseGraph = (id: string) => request.get<CaseGraph>(`${caseUrl(id)}/graph`);

export const listContacts = (query: ContactQuery) => request.get<Page<Contact>>(`${base}/contacts`, { limit: 20, ...query });
/** A person's links with their evidence, for a stated reason (2–200 characters; audited on the server). */
export const fetchPersonLinks = (personId: string, reason: string) => request.post<PersonLinks>(`${base}/persons/${encodeURIComponent(personId)}/links`, { reason });

export const fetchSettings = (regionCode: string) => request.get<TracingSettings & { regionCode: string }>(`${base}/settings/${encodeURIComponent(regionCode)}`);
export const saveSettings = (regionCode: string, settings: TracingSettings) =>
  request.put<TracingSettings & { regionCode: string }>(`${base}/settings/${encodeURIComponent(regionCode)}`, settings);

export const IMPORT_TEMPLATE_URL = `${base}/imports/template`;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Uploads a case list (.xlsx as the body) and starts its import (dryRun: checked only); follow it with fetchCaseImport. */
export const uploadCaseImport = (file: Blob, options: { dryRun: boolean; regionCode: string }) =>
  request.upload<CaseImport>(`${base}/imports`, file, XLSX_TYPE, options);
export const fetchCaseImport = (id: string) => request.get<CaseImport>(`${base}/imports/${encodeURIComponent(id)}`);
export const isImportFinished = (job: CaseImport) => job.phase === 'done' || job.phase === 'failed';
/** The row problems a refused file carries (TRACING_IMPORT_COLUMNS_MISSING: the required columns it lacks). */
export function importRowErrorsOf(error: unknown): ImportRowError[] {
  if (!(error instanceof ApiError)) return [];
  return (error.details as { errors?: ImportRowError[] } | undefined)?.errors ?? [];
}

export const startExport = (input: ExportRequest) => request.post<TracingExport>(`${base}/exports`, input);
export const fetchExport = (id: string) => request.get<TracingExport>(`${base}/exports/${encodeURIComponent(id)}`);
export const exportFileUrl = (id: string) => `${base}/exports/${encodeURIComponent(id)}/file`;
export const isExportFinished = (job: TracingExport) => job.status === 'done' || job.status === 'failed';

export const createExposure = (input: NewExposure) => request.post<VenueExposure>(`${base}/exposures`, input);
export const listExposures = (query: { regionCode?: string; after?: string; limit?: number }) => request.get<Page<VenueExposure>>(`${base}/exposures`, { limit: 20, ...query });
export const listExposedPersons = (id: string, after?: string) =>
  request.get<Page<ExposedPerson>>(`${base}/exposures/${encodeURIComponent(id)}/persons`, { after, limit: 50 });

/**
 * The form field a refused request names: `details.field` of the tracing errors, the first of
 * `details.fields` (settings: `stayMinutesByKind.shop`), the first path of a schema failure
 * (VALIDATION_FAILED, dotted); the person for "not found" and "already has an open case", the
 * venue for its "not found". null when it names none.
 */
export function errorField(error: unknown): string | null {
  if (!(error instanceof ApiError)) return null;
  if (error.code === 'TRACING_PERSON_NOT_FOUND' || error.code === 'TRACING_CASE_EXISTS') return 'person';
  if (error.code === 'TRACING_VENUE_NOT_FOUND') return 'venueId';
  const details = error.details as { field?: string; fields?: string[]; issues?: { path?: string }[] } | undefined;
  if (details?.field) return details.field;
  if (details?.fields?.[0]) return details.fields[0];
  const path = details?.issues?.[0]?.path?.split('/').filter(Boolean) ?? [];
  if (path.length === 0) return null;
  return path[0] === 'person' ? 'person' : path.join('.');
}
