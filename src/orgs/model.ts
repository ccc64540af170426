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

export const ORGANISATION_KIND_NAMES: Record<OrganisationKind, string> = { company: '企业', school: '学校', community: '社区（居委会）', government: '机关单位' };
export const UNIT_KIND_NAMES: Record<UnitKind, string> = { department: '部门', class: '班级', building: '楼栋', team: '小组' };
export const MEMBER_ROLE_NAMES: Record<MemberRole, string> = { member: '成员', leader: '负责人', teacher: '教师', student: '学生' };

/** The kind a unit created from a roster path gets: classes in schools, buildings in communities, departments elsewhere. */
export function defaultUnitKind(kind: OrganisationKind): UnitKind {
  return kind === 'school' ? 'class' : kind === 'community' ? 'building' : 'department';
}

export const UNIT_NAME_MAX = 60;
export const ORG_NAME_MIN = 2;
export const ORG_NAME_MAX = 60;
const ORG_CODE = /^[A-Za-z0-9-]{3,32}$/;
const REGION_CODE = /^[0-9]{6}([0-9]{3})?$/;

export function isOrganisationKind(value: string): value is OrganisationKind {
  return (ORGANISATION_KINDS as readonly string[]).includes(value);
}
export function isUnitKind(value: string): value is UnitKind {
  return (UNIT_KINDS as readonly string[]).includes(value);
}
export function isMemberRole(value: string): value is MemberRole {
  return (MEMBER_ROLES as readonly string[]).includes(value);
}

/** A unit or organisation name trimmed and with inner spaces collapsed, or undefined when its length is wrong. */
export function normalizeUnitName(raw: string): string | undefined {
  const name = raw.trim().replace(/\s+/g, ' ');
  const length = Array.from(name).length;
  return length >= 1 && length <= UNIT_NAME_MAX && !name.includes('/') ? name : undefined;
}

/** A new organisation's fields checked; the fields that fail are named. */
export function checkOrganisationInput(input: { name: string; kind: string; regionCode: string; code?: string | null }):
  { ok: true; value: { name: string; kind: OrganisationKind; regionCode: string; code: string | null } } | { ok: false; fields: string[] } {
  const fields: string[] = [];
  const name = input.name.trim().replace(/\s+/g, ' ');
  const length = Array.from(name).length;
  if (length < ORG_NAME_MIN || length > ORG_NAME_MAX) fields.push('name');
  if (!isOrganisationKind(input.kind)) fields.push('kind');
  if (!REGION_CODE.test(input.regionCode)) fields.push('regionCode');
  const code = input.code?.trim() ? input.code.trim() : null;
  if (code !== null && !ORG_CODE.test(code)) fields.push('code');
  if (fields.length > 0) return { ok: false, fields };
  return { ok: true, value: { name, kind: input.kind as OrganisationKind, regionCode: input.regionCode, code } };
}

/** "一年级/一班" → ['一年级', '一班'] (also ／ \ > as separators); undefined when a part is too long; [] for empty. */
export function parseUnitPath(raw: string): string[] | undefined {
  const parts = raw.split(/[/／\\>＞]/).map((p) => p.trim().replace(/\s+/g, ' ')).filter((p) => p !== '');
  if (parts.some((p) => Array.from(p).length > UNIT_NAME_MAX)) return undefined;
  return parts;
}

/** Each unit's path from the root ("一年级/一班"), by id. */
export function unitPaths(units: readonly Pick<OrganisationUnit, 'id' | 'parentId' | 'name'>[]): Map<string, string> {
  const byId = new Map(units.map((u) => [u.id, u]));
  const out = new Map<string, string>();
  const pathOf = (id: string, depth = 0): string => {
    const known = out.get(id);
    if (known !== undefined) return known;
    const unit = byId.get(id);
    if (!unit) return '';
    const path = unit.parentId && depth < 64 ? `${pathOf(unit.parentId, depth + 1)}/${unit.name}` : unit.name;
    out.set(id, path);
    return path;
  };
  for (const u of units) pathOf(u.id);
  return out;
}

/** Whether putting `unitId` under `newParentId` would make a cycle (the parent is the unit or below it). */
export function wouldCycle(units: readonly Pick<OrganisationUnit, 'id' | 'parentId'>[], unitId: string, newParentId: string | null): boolean {
  return newParentId !== null && unitAndDescendants(units, unitId).includes(newParentId);
}
