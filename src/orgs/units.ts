/**
 * Units of an organisation (departments, classes, buildings, teams) as a tree: create, rename,
 * move (never under itself or below), delete when empty. Administrators change them; officials of
 * the region may read the tree. Audited.
 */
import { randomUUID } from 'node:crypto';
import { recordAudit } from '../audit/service.ts';
import { inTransaction } from '../db/transaction.ts';
import type { Actor } from '../kernel/access.ts';
import { requireOrganisationRelation } from './access.ts';
import { orgFail } from './errors.ts';
import { isUnitKind, normalizeUnitName, unitPaths, wouldCycle, type UnitKind } from './model.ts';
import type { OrgDeps } from './service.ts';
import { countUnitContents, deleteUnit, findUnits, findUnitsWithCounts, insertUnit, lockOrganisation, updateUnit } from './store.ts';

export interface UnitView {
  id: string;
  parentId: string | null;
  name: string;
  kind: UnitKind;
  path: string;
  /** Active members directly in this unit. */
  memberCount: number;
}

export async function listUnits(deps: OrgDeps, actor: Actor | undefined, organisationId: string): Promise<UnitView[]> {
  const { organisation } = await requireOrganisationRelation(deps.db, actor, organisationId, 'view');
  const units = await findUnitsWithCounts(deps.db, organisation.id);
  const paths = unitPaths(units);
  return units.map((u) => ({ id: u.id, parentId: u.parentId, name: u.name, kind: u.kind, path: paths.get(u.id) ?? u.name, memberCount: u.memberCount }));
}

function checkName(raw: string): string {
  const name = normalizeUnitName(raw);
  if (!name) throw orgFail('ORG_UNIT_INVALID', { field: 'name' });
  return name;
}

const siblingsNamed = (units: readonly { id: string; parentId: string | null; name: string }[], parentId: string | null, name: string, except?: string) =>
  units.some((u) => u.parentId === parentId && u.name === name && u.id !== except);

export async function createUnit(deps: OrgDeps, actor: Actor | undefined, organisationId: string, input: { name: string; kind?: string; parentId?: string | null }): Promise<UnitView> {
  const { staff, organisation } = await requireOrganisationRelation(deps.db, actor, organisationId, 'manage');
  const name = checkName(input.name);
  const kind = input.kind ?? 'department';
  if (!isUnitKind(kind)) throw orgFail('ORG_UNIT_INVALID', { field: 'kind' });
  const parentId = input.parentId ?? null;
  const id = randomUUID();
  await inTransaction(deps.db, async (trx) => {
    await lockOrganisation(trx, organisation.id);
    const units = await findUnits(trx, organisation.id);
    if (parentId !== null && !units.some((u) => u.id === parentId)) throw orgFail('ORG_UNIT_NOT_FOUND', { field: 'parentId' });
    if (siblingsNamed(units, parentId, name)) throw orgFail('ORG_UNIT_NAME_TAKEN', { field: 'name' });
    await insertUnit(trx, { id, organisationId: organisation.id, parentId, name, kind });
    await recordAudit(trx, staff, { action: 'org.unit.create', targetType: 'organisation', targetId: organisation.id, regionCode: organisation.regionCode, detail: { unitId: id, name, parentId } }, deps.clock);
  });
  return (await listUnits(deps, actor, organisationId)).find((u) => u.id === id)!;
}

/** Rename, re-kind and/or move (parentId: null = top level). */
export async function changeUnit(
  deps: OrgDeps, actor: Actor | undefined, organisationId: string, unitId: string, change: { name?: string; kind?: string; parentId?: string | null },
): Promise<UnitView> {
  const { staff, organisation } = await requireOrganisationRelation(deps.db, actor, organisationId, 'manage');
  const name = change.name === undefined ? undefined : checkName(change.name);
  if (change.kind !== undefined && !isUnitKind(change.kind)) throw orgFail('ORG_UNIT_INVALID', { field: 'kind' });
  const kind = change.kind as UnitKind | undefined;
  await inTransaction(deps.db, async (trx) => {
    await lockOrganisation(trx, organisation.id);
    const units = await findUnits(trx, organisation.id);
    const unit = units.find((u) => u.id === unitId);
    if (!unit) throw orgFail('ORG_UNIT_NOT_FOUND');
    const parentId = change.parentId === undefined ? unit.parentId : change.parentId;
    if (parentId !== null && !units.some((u) => u.id === parentId)) throw orgFail('ORG_UNIT_NOT_FOUND', { field: 'parentId' });
    if (wouldCycle(units, unit.id, parentId)) throw orgFail('ORG_UNIT_CYCLE', { field: 'parentId' });
    if (siblingsNamed(units, parentId, name ?? unit.name, unit.id)) throw orgFail('ORG_UNIT_NAME_TAKEN', { field: 'name' });
    await updateUnit(trx, organisation.id, unit.id, { ...(name !== undefined ? { name } : {}), ...(kind ? { kind } : {}), parentId });
    await recordAudit(trx, staff, {
      action: 'org.unit.update', targetType: 'organisation', targetId: organisation.id, regionCode: organisation.regionCode,
      detail: { unitId: unit.id, from: { name: unit.name, parentId: unit.parentId }, to: { name: name ?? unit.name, parentId } },
    }, deps.clock);
  });
  return (await listUnits(deps, actor, organisationId)).find((u) => u.id === unitId)!;
}

/** Deletes a unit without sub-units and without active members; audited. */
export async function removeUnit(deps: OrgDeps, actor: Actor | undefined, organisationId: string, unitId: string): Promise<void> {
  const { staff, organisation } = await requireOrganisationRelation(deps.db, actor, organisationId, 'manage');
  await inTransaction(deps.db, async (trx) => {
    await lockOrganisation(trx, organisation.id);
    const unit = (await findUnits(trx, organisation.id)).find((u) => u.id === unitId);
    if (!unit) throw orgFail('ORG_UNIT_NOT_FOUND');
    const contents = await countUnitContents(trx, unit.id);
    if (contents.children > 0 || contents.activeMembers > 0) throw orgFail('ORG_UNIT_NOT_EMPTY', contents);
    await deleteUnit(trx, organisation.id, unit.id);
    await recordAudit(trx, staff, { action: 'org.unit.delete', targetType: 'organisation', targetId: organisation.id, regionCode: organisation.regionCode, detail: { unitId: unit.id, name: unit.name } }, deps.clock);
  });
}
