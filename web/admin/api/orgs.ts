/** The console's organisation endpoints (src/orgs/routes.ts), one typed function each. */
import { request, readDocumentCookie, CSRF_COOKIE } from '../../common/request.ts';
import { currentLocale } from '../../common/locale.ts';
import { ApiError, BAD_RESPONSE, isErrorEnvelope, NETWORK_ERROR, type ErrorEnvelope } from '../../common/http-error.ts';
import { MEMBER_ROLES, ORGANISATION_KINDS, UNIT_KINDS, type MemberRole, type OrganisationKind, type UnitKind } from '../../../src/orgs/model.ts';
import { ID_TYPES, type IdType } from '../../../src/people/model/id-number.ts';
import type { RosterReport, RosterRowReport } from '../../../src/orgs/roster.ts';
import type { RosterRowError } from '../../../src/orgs/roster-model.ts';

export { ID_TYPES, MEMBER_ROLES, ORGANISATION_KINDS, UNIT_KINDS };
export type { IdType, MemberRole, OrganisationKind, RosterReport, RosterRowError, RosterRowReport, UnitKind };

export interface Organisation {
  id: string; regionCode: string; regionName: string; name: string; kind: OrganisationKind; code: string | null; memberCount: number; createdAt: string;
}
export interface OrganisationView extends Organisation { myRelation: 'admin' | 'official'; canManage: boolean }
export interface Unit { id: string; parentId: string | null; name: string; kind: UnitKind; path: string; memberCount: number }
export interface Member {
  personId: string; nameMasked: string; phoneMasked: string | null; idNumberMasked: string; unitId: string | null; unitPath: string | null;
  memberRole: MemberRole; status: 'active' | 'left'; addedAt: string;
}
export interface OrgAdmin { accountId: string; username: string | null; displayName: string; addedAt: string }
export interface Page<T> { items: T[]; next: string | null }
/** A roster import run by the server's background job (GET …/roster/imports/:id). */
export interface RosterImport {
  id: string; organisationId: string; dryRun: boolean; createUnits: boolean;
  /** queued → validating (processed of total rows checked) → writing (of the good rows; not in a dry run) → done | failed. */
  phase: 'queued' | 'validating' | 'writing' | 'done' | 'failed';
  processed: number; total: number | null;
  report: RosterReport | null; error: ErrorEnvelope | null;
  createdAt: string; finishedAt: string | null; expiresAt: string;
}
export interface NewMember { name: string; idType?: IdType; idNumber?: string; phone?: string; unitId?: string | null; role?: MemberRole }

const org = (id: string) => `/api/orgs/${encodeURIComponent(id)}`;

export const listOrganisations = (query: { scope: 'mine' | 'region'; kind?: OrganisationKind; q?: string; after?: string; limit?: number }) =>
  request.get<Page<Organisation>>('/api/orgs', query);
export const getOrganisation = (id: string) => request.get<OrganisationView>(org(id));
export const registerOrganisation = (input: { name: string; kind: OrganisationKind; regionCode: string; code?: string | null }) => request.post<OrganisationView>('/api/orgs', input);
export const listAdmins = (id: string) => request.get<{ items: OrgAdmin[] }>(`${org(id)}/admins`);
export const addAdmin = (id: string, username: string) => request.post<{ items: OrgAdmin[] }>(`${org(id)}/admins`, { username });
export const removeAdmin = (id: string, accountId: string) => request.delete<void>(`${org(id)}/admins/${encodeURIComponent(accountId)}`);
export const listUnits = (id: string) => request.get<{ items: Unit[] }>(`${org(id)}/units`);
export const createUnit = (id: string, input: { name: string; kind?: UnitKind; parentId?: string | null }) => request.post<Unit>(`${org(id)}/units`, input);
export const changeUnit = (id: string, unitId: string, change: { name?: string; parentId?: string | null }) => request.patch<Unit>(`${org(id)}/units/${encodeURIComponent(unitId)}`, change);
export const deleteUnit = (id: string, unitId: string) => request.delete<void>(`${org(id)}/units/${encodeURIComponent(unitId)}`);
export const listMembers = (id: string, query: { unitId?: string; status?: 'active' | 'left'; role?: MemberRole; after?: string; limit?: number }) =>
  request.get<Page<Member>>(`${org(id)}/members`, query);
export const addMember = (id: string, input: NewMember) => request.post<{ member: Member; report: RosterRowReport }>(`${org(id)}/members`, input);
export const changeMember = (id: string, personId: string, change: { unitId?: string | null; role?: MemberRole }) =>
  request.patch<Member>(`${org(id)}/members/${encodeURIComponent(personId)}`, change);
export const markMemberLeft = (id: string, personId: string) => request.post<Member>(`${org(id)}/members/${encodeURIComponent(personId)}/leave`);
export const rosterTemplateUrl = (id: string) => `${org(id)}/roster/template`;

export const fetchRosterImport = (id: string, importId: string) => request.get<RosterImport>(`${org(id)}/roster/imports/${encodeURIComponent(importId)}`);
export const isImportFinished = (job: RosterImport) => job.phase === 'done' || job.phase === 'failed';

/** Uploads a roster (.xlsx as the body) and starts its import (dryRun: checked only); follow it with fetchRosterImport. */
export async function uploadRoster(id: string, file: Blob, options: { dryRun: boolean; createUnits: boolean }): Promise<RosterImport> {
  const headers: Record<string, string> = {
    accept: 'application/json', 'accept-language': currentLocale.value, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  };
  const csrf = readDocumentCookie(CSRF_COOKIE);
  if (csrf) headers['x-csrf-token'] = csrf;
  let response: Response;
  try {
    response = await fetch(`${org(id)}/roster?dryRun=${options.dryRun}&createUnits=${options.createUnits}`, { method: 'POST', headers, credentials: 'same-origin', body: file });
  } catch {
    throw new ApiError(0, NETWORK_ERROR, currentLocale.value);
  }
  const parsed: unknown = await response.json().catch(() => undefined);
  if (response.ok) return parsed as RosterImport;
  throw new ApiError(response.status, isErrorEnvelope(parsed) ? parsed : BAD_RESPONSE, currentLocale.value);
}

/** The row problems a refused member (ORG_MEMBER_INPUT_INVALID) or roster (ORG_ROSTER_COLUMNS_MISSING) carries. */
export function rowErrorsOf(error: unknown): RosterRowError[] | null {
  if (!(error instanceof ApiError)) return null;
  const details = error.details as { errors?: RosterRowError[] } | undefined;
  return details?.errors ?? null;
}

/** Units as a tree for el-tree / el-tree-select (children sorted by name). */
export interface UnitNode extends Unit { children: UnitNode[] }
export function unitTree(units: readonly Unit[]): UnitNode[] {
  const nodes = new Map(units.map((u) => [u.id, { ...u, children: [] as UnitNode[] }]));
  const roots: UnitNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const sort = (list: UnitNode[]) => { list.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')); list.forEach((n) => sort(n.children)); };
  sort(roots);
  return roots;
}
