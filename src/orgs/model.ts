/** Organisations: companies, schools, communities and government units whose people report together. */

export const ORGANISATION_KINDS = ['company', 'school', 'community', 'government'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export interface NewOrganisation {
  regionCode: string;
  name: string;
  kind: OrganisationKind;
  synthetic?: boolean;
}

export interface Organisation {
  id: string;
  regionCode: string;
  name: string;
  kind: OrganisationKind;
  code: string | null;
}

export const UNIT_KINDS = ['department', 'class', 'building', 'team'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const MEMBER_ROLES = ['member', 'leader', 'teacher', 'student'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export interface OrganisationUnit {
  id: string;
  organisationId: string;
  parentId: string | null;
  name: string;
  kind: UnitKind;
}

/** A unit and everything under it (ids), from the organisation's whole tree. */
export function unitAndDescendants(units: readonly Pick<OrganisationUnit, 'id' | 'parentId'>[], unitId: string): string[] {
  const children = new Map<string, string[]>();
  for (const u of units) if (u.parentId) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u.id]);
  const out: string[] = [];
  const stack = [unitId];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(id);
    stack.push(...(children.get(id) ?? []));
  }
  return out;
}
