/**
 * Members of an organisation: add one (matched to a resident or created, as a roster row is),
 * move between units, change role, mark as left; the list by unit (units below included), masked
 * names and phones only, keyset-paginated; and a resident's own organisations (我的单位).
 */
import { recordAudit } from '../audit/service.ts';
import { inTransaction } from '../db/transaction.ts';
import { requireActor, type Actor } from '../kernel/access.ts';
import { kernelFail } from '../kernel/errors.ts';
import { maskedLabelsOf } from '../people/service.ts';
import { requireOrganisationRelation } from './access.ts';
import { orgFail } from './errors.ts';
import { isMemberRole, unitAndDescendants, unitPaths, type MemberRole, type OrganisationKind } from './model.ts';
import { addOneMember, type RosterRowReport } from './roster.ts';
import type { RosterInput } from './roster-model.ts';
import type { OrgDeps } from './service.ts';
import { findMember, findMembers, findMembershipsOfPerson, findUnitNames, findUnits, updateMember } from './store.ts';

export interface MemberView {
  personId: string;
  nameMasked: string;
  phoneMasked: string | null;
  idNumberMasked: string;
  unitId: string | null;
  unitPath: string | null;
  memberRole: MemberRole;
  status: 'active' | 'left';
  addedAt: Date;
}

export interface MemberPage { items: MemberView[]; next: string | null }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function listMembers(
  deps: OrgDeps, actor: Actor | undefined, organisationId: string,
  query: { unitId?: string; status?: 'active' | 'left'; role?: MemberRole; after?: string; limit: number },
): Promise<MemberPage> {
  const { organisation } = await requireOrganisationRelation(deps.db, actor, organisationId, 'view');
  const units = await findUnits(deps.db, organisation.id);
  let unitIds: string[] | undefined;
  if (query.unitId) {
    if (!units.some((u) => u.id === query.unitId)) throw orgFail('ORG_UNIT_NOT_FOUND', { field: 'unitId' });
    unitIds = unitAndDescendants(units, query.unitId);
  }
  if (query.after && !UUID.test(query.after)) throw kernelFail('VALIDATION_FAILED', { field: 'after' });
  const rows = await findMembers(deps.db, organisation.id, { unitIds, status: query.status ?? 'active', role: query.role, after: query.after, limit: query.limit });
  const labels = await maskedLabelsOf(deps.db, rows.map((r) => r.personId));
  const paths = unitPaths(units);
  const items = rows.map((r) => {
    const label = labels.get(r.personId);
    return {
      personId: r.personId, nameMasked: label?.nameMasked ?? '', phoneMasked: label?.phoneMasked ?? null, idNumberMasked: label?.idNumberMasked ?? '',
      unitId: r.unitId, unitPath: r.unitId ? paths.get(r.unitId) ?? null : null, memberRole: r.memberRole, status: r.status, addedAt: r.addedAt,
    };
  });
  const last = rows[rows.length - 1];
  return { items, next: rows.length === query.limit && last ? last.personId : null };
}

async function memberView(deps: OrgDeps, organisationId: string, personId: string): Promise<MemberView> {
  const row = await findMember(deps.db, organisationId, personId);
  if (!row) throw orgFail('ORG_MEMBER_NOT_FOUND');
  const [labels, units] = await Promise.all([maskedLabelsOf(deps.db, [personId]), findUnits(deps.db, organisationId)]);
  const label = labels.get(personId);
  return {
    personId, nameMasked: label?.nameMasked ?? '', phoneMasked: label?.phoneMasked ?? null, idNumberMasked: label?.idNumberMasked ?? '',
    unitId: row.unitId, unitPath: row.unitId ? unitPaths(units).get(row.unitId) ?? null : null, memberRole: row.memberRole, status: row.status, addedAt: row.addedAt,
  };
}

/** Adds (or re-adds, or moves) one member; the person is matched or created. Audited. */
export async function addMember(
  deps: OrgDeps, actor: Actor | undefined, organisationId: string, input: RosterInput & { unitId?: string | null },
): Promise<{ member: MemberView; report: RosterRowReport }> {
  const access = await requireOrganisationRelation(deps.db, actor, organisationId, 'manage');
  const { personId, report } = await addOneMember(deps, access, input);
  return { member: await memberView(deps, organisationId, personId), report };
}

/** Moves a member to another unit (null: none) and/or changes their role; audited. */
export async function changeMember(
  deps: OrgDeps, actor: Actor | undefined, organisationId: string, personId: string, change: { unitId?: string | null; role?: string },
): Promise<MemberView> {
  const { staff, organisation } = await requireOrganisationRelation(deps.db, actor, organisationId, 'manage');
  if (change.role !== undefined && !isMemberRole(change.role)) throw orgFail('ORG_MEMBER_INPUT_INVALID', { field: 'role' });
  const member = await findMember(deps.db, organisation.id, personId);
  if (!member) throw orgFail('ORG_MEMBER_NOT_FOUND');
  if (change.unitId) {
    const units = await findUnits(deps.db, organisation.id);
    if (!units.some((u) => u.id === change.unitId)) throw orgFail('ORG_UNIT_NOT_FOUND', { field: 'unitId' });
  }
  const update = { ...(change.unitId !== undefined ? { unitId: change.unitId } : {}), ...(change.role !== undefined ? { memberRole: change.role as MemberRole } : {}) };
  await inTransaction(deps.db, async (trx) => {
    await updateMember(trx, organisation.id, personId, update);
    await recordAudit(trx, staff, {
      action: 'org.member.update', targetType: 'person', targetId: personId, regionCode: organisation.regionCode,
      detail: { organisationId: organisation.id, from: { unitId: member.unitId, role: member.memberRole }, to: update },
    }, deps.clock);
  });
  return memberView(deps, organisation.id, personId);
}

/** Marks a member as having left (kept for history; re-adding makes them active again); audited. */
export async function markMemberLeft(deps: OrgDeps, actor: Actor | undefined, organisationId: string, personId: string): Promise<MemberView> {
  const { staff, organisation } = await requireOrganisationRelation(deps.db, actor, organisationId, 'manage');
  const member = await findMember(deps.db, organisation.id, personId);
  if (!member) throw orgFail('ORG_MEMBER_NOT_FOUND');
  if (member.status !== 'left') {
    await inTransaction(deps.db, async (trx) => {
      await updateMember(trx, organisation.id, personId, { status: 'left' });
      await recordAudit(trx, staff, { action: 'org.member.leave', targetType: 'person', targetId: personId, regionCode: organisation.regionCode, detail: { organisationId: organisation.id } }, deps.clock);
    });
  }
  return memberView(deps, organisation.id, personId);
}

export interface MyOrganisation {
  id: string;
  name: string;
  kind: OrganisationKind;
  unitId: string | null;
  unitName: string | null;
  memberRole: MemberRole;
}

/** The signed-in resident's organisations (我的单位). */
export async function myOrganisations(deps: OrgDeps, actor: Actor | undefined): Promise<MyOrganisation[]> {
  const resident = requireActor(actor);
  if (resident.kind !== 'resident') throw kernelFail('FORBIDDEN');
  if (!resident.personId) return [];
  const memberships = await findMembershipsOfPerson(deps.db, resident.personId);
  const unitNames = await findUnitNames(deps.db, memberships.flatMap((m) => (m.unitId ? [m.unitId] : [])));
  return memberships.map((m) => ({ id: m.id, name: m.name, kind: m.kind, unitId: m.unitId, unitName: m.unitId ? unitNames.get(m.unitId) ?? null : null, memberRole: m.memberRole }));
}
