/**
 * Organisations use cases: registration by an org_admin (who becomes its administrator),
 * co-administrators, the lists of "mine" and of a region; plus the bulk helpers seeding uses.
 * Units are in units.ts, members in members.ts, roster import in roster.ts.
 */
import { randomUUID } from 'node:crypto';
import { describeStaffAccounts, findStaffAccountByUsername } from '../accounts/service.ts';
import { recordAudit } from '../audit/service.ts';
import { inTransaction, type DbOrTrx } from '../db/transaction.ts';
import { can, requireAccess, requireActor, scopesFor, type Actor } from '../kernel/access.ts';
import type { Keyring } from '../kernel/crypto/field-encryption.ts';
import { kernelFail } from '../kernel/errors.ts';
import { regionPrefix } from '../kernel/regions-scope.ts';
import type { Clock } from '../kernel/time.ts';
import { regionNames } from '../regions/service.ts';
import { requireOrganisationRelation } from './access.ts';
import { orgFail } from './errors.ts';
import { checkOrganisationInput, ORGANISATION_KINDS, type MemberRole, type NewOrganisation, type OrganisationKind, type OrganisationUnit } from './model.ts';
import {
  countOrganisationsByKind, deleteOrganisationAdmin, findMemberIds, findOrganisationAdmins, findOrganisationsInRegions, findOrganisationsOfAdmin, insertOrganisation,
  findUnits, insertOrganisationAdmin, insertOrganisations, insertUnits, isOrganisationAdmin, isOrganisationCodeTaken, lockOrganisation, upsertMembers, type OrganisationListRow,
} from './store.ts';

export interface OrgDeps {
  db: DbOrTrx;
  keyring: Keyring;
  clock: Clock;
}

/**
 * Adds many organisations at once, in the caller's transaction when given one. No access check:
 * the callers are trusted system code (demo seeding, CLI imports), not HTTP routes.
 */
export async function addOrganisationsBulk(db: DbOrTrx, organisations: readonly NewOrganisation[]): Promise<string[]> {
  const rows = organisations.map((o) => ({ ...o, id: randomUUID() }));
  await insertOrganisations(db, rows);
  return rows.map((r) => r.id);
}

/** Organisations within a region (omitted = everywhere), per kind; kinds with none count 0. */
export async function countOrganisations(db: DbOrTrx, regionCode?: string): Promise<Record<OrganisationKind, number>> {
  const counts = await countOrganisationsByKind(db, regionCode === undefined ? '' : regionPrefix(regionCode));
  return Object.fromEntries(ORGANISATION_KINDS.map((k) => [k, counts.get(k) ?? 0])) as Record<OrganisationKind, number>;
}

export interface OrganisationView extends OrganisationListRow {
  regionName: string;
  /** How the viewer stands: its administrator or an official of its region. */
  myRelation: 'admin' | 'official';
  canManage: boolean;
}

async function withRegionNames<T extends { regionCode: string }>(db: DbOrTrx, rows: readonly T[]): Promise<(T & { regionName: string })[]> {
  const names = await regionNames(db, rows.map((r) => r.regionCode));
  return rows.map((r) => ({ ...r, regionName: names.get(r.regionCode) ?? r.regionCode }));
}

/** An org_admin registers an organisation of their area and becomes its (first) administrator; audited. */
export async function registerOrganisation(deps: OrgDeps, actor: Actor | undefined, input: { name: string; kind: string; regionCode: string; code?: string | null }): Promise<OrganisationView> {
  const admin = requireAccess(actor, 'org.manage');
  const checked = checkOrganisationInput(input);
  if (!checked.ok) throw orgFail('ORG_INPUT_INVALID', { fields: checked.fields });
  const value = checked.value;
  if (!can(admin, 'org.manage', value.regionCode)) throw orgFail('ORG_REGION_OUT_OF_SCOPE', { field: 'regionCode' });
  if (!(await regionNames(deps.db, [value.regionCode])).has(value.regionCode)) throw orgFail('ORG_INPUT_INVALID', { fields: ['regionCode'] });
  if (value.code && await isOrganisationCodeTaken(deps.db, value.code)) throw orgFail('ORG_CODE_TAKEN', { field: 'code' });
  const id = randomUUID();
  await inTransaction(deps.db, async (trx) => {
    await insertOrganisation(trx, { ...value, id });
    await insertOrganisationAdmin(trx, id, admin.accountId, admin.accountId);
    await recordAudit(trx, admin, { action: 'org.register', targetType: 'organisation', targetId: id, regionCode: value.regionCode, detail: { name: value.name, kind: value.kind, code: value.code } }, deps.clock);
  }).catch((error: { code?: string }) => {
    if (error.code === '23505') throw orgFail('ORG_CODE_TAKEN', { field: 'code' });
    throw error;
  });
  return getOrganisation(deps, admin, id);
}

/** One organisation as its administrator or an official of its region sees it. */
export async function getOrganisation(deps: OrgDeps, actor: Actor | undefined, organisationId: string): Promise<OrganisationView> {
  const access = await requireOrganisationRelation(deps.db, actor, organisationId, 'view');
  const mine = access.as === 'admin' ? (await findOrganisationsOfAdmin(deps.db, access.staff.accountId)).find((o) => o.id === organisationId) : undefined;
  const row: OrganisationListRow = mine ?? { ...access.organisation, memberCount: await memberCountOf(deps.db, organisationId), createdAt: new Date(0) };
  const [view] = await withRegionNames(deps.db, [row]);
  return { ...view!, myRelation: access.as, canManage: access.manage };
}

async function memberCountOf(db: DbOrTrx, organisationId: string): Promise<number> {
  const row = await db.selectFrom('organisationMembers').select((eb) => eb.fn.countAll<number>().as('n')).where('organisationId', '=', organisationId).where('status', '=', 'active').executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface OrganisationPage {
  items: (OrganisationListRow & { regionName: string })[];
  next: string | null;
}

const encodeCursor = (row: { name: string; id: string }) => Buffer.from(JSON.stringify([row.name, row.id])).toString('base64url');
function decodeCursor(raw: string): { name: string; id: string } {
  try {
    const [name, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown[];
    if (typeof name === 'string' && typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id)) return { name, id };
  } catch { /* below */ }
  throw kernelFail('VALIDATION_FAILED', { field: 'after' });
}

/**
 * scope=mine: the organisations the org_admin administers (all of them, no paging needed);
 * scope=region: those of the official's regions (org.read), keyset by (name, id).
 */
export async function listOrganisations(
  deps: OrgDeps, actor: Actor | undefined,
  query: { scope: 'mine' | 'region'; kind?: OrganisationKind; search?: string; after?: string; limit: number },
): Promise<OrganisationPage> {
  const staff = requireActor(actor);
  if (query.scope === 'mine') {
    const admin = requireAccess(staff, 'org.manage');
    // Only those still within the admin's grants (a withdrawn grant hides them).
    const rows = (await findOrganisationsOfAdmin(deps.db, admin.accountId)).filter((o) => can(admin, 'org.manage', o.regionCode));
    return { items: await withRegionNames(deps.db, rows), next: null };
  }
  const official = requireAccess(staff, 'org.read');
  const prefixes = scopesFor(official, 'org.read').map(regionPrefix);
  const rows = await findOrganisationsInRegions(deps.db, {
    prefixes, kind: query.kind, search: query.search?.trim() || undefined, after: query.after ? decodeCursor(query.after) : undefined, limit: query.limit,
  });
  const last = rows[rows.length - 1];
  return { items: await withRegionNames(deps.db, rows), next: rows.length === query.limit && last ? encodeCursor(last) : null };
}

export interface OrganisationAdminView { accountId: string; username: string | null; displayName: string; addedAt: Date }

export async function listOrganisationAdmins(deps: OrgDeps, actor: Actor | undefined, organisationId: string): Promise<OrganisationAdminView[]> {
  const { organisation } = await requireOrganisationRelation(deps.db, actor, organisationId, 'manage');
  const admins = await findOrganisationAdmins(deps.db, organisation.id);
  const names = await describeStaffAccounts(deps.db, admins.map((a) => a.accountId));
  return admins.map((a) => ({ accountId: a.accountId, username: names.get(a.accountId)?.username ?? null, displayName: names.get(a.accountId)?.displayName ?? '', addedAt: a.addedAt }));
}

/** Adds another org_admin account whose grant covers the organisation's region as co-administrator; audited. */
export async function addOrganisationAdmin(deps: OrgDeps, actor: Actor | undefined, organisationId: string, username: string): Promise<OrganisationAdminView[]> {
  const { staff, organisation } = await requireOrganisationRelation(deps.db, actor, organisationId, 'manage');
  const account = await findStaffAccountByUsername(deps.db, username.trim());
  const eligible = account && can({ ...staff, accountId: account.accountId, roles: account.roles }, 'org.manage', organisation.regionCode);
  if (!account || !eligible) throw orgFail('ORG_ADMIN_NOT_ELIGIBLE', { field: 'username' });
  if (!(await isOrganisationAdmin(deps.db, organisation.id, account.accountId))) {
    await inTransaction(deps.db, async (trx) => {
      await insertOrganisationAdmin(trx, organisation.id, account.accountId, staff.accountId);
      await recordAudit(trx, staff, { action: 'org.admin.add', targetType: 'organisation', targetId: organisation.id, regionCode: organisation.regionCode, detail: { accountId: account.accountId } }, deps.clock);
    });
  }
  return listOrganisationAdmins(deps, actor, organisationId);
}

/** Removes an administrator (possibly oneself), never the last one; audited. */
export async function removeOrganisationAdmin(deps: OrgDeps, actor: Actor | undefined, organisationId: string, accountId: string): Promise<void> {
  const { staff, organisation } = await requireOrganisationRelation(deps.db, actor, organisationId, 'manage');
  await inTransaction(deps.db, async (trx) => {
    await lockOrganisation(trx, organisation.id);
    const admins = await findOrganisationAdmins(trx, organisation.id);
    if (!admins.some((a) => a.accountId === accountId.toLowerCase())) throw orgFail('ORG_ADMIN_NOT_FOUND');
    if (admins.length <= 1) throw orgFail('ORG_LAST_ADMIN');
    await deleteOrganisationAdmin(trx, organisation.id, accountId.toLowerCase());
    await recordAudit(trx, staff, { action: 'org.admin.remove', targetType: 'organisation', targetId: organisation.id, regionCode: organisation.regionCode, detail: { accountId } }, deps.clock);
  });
}

/**
 * Units, members and administrators for many organisations at once (demo seeding), in the
 * caller's transaction. Units come parents first. No access check and no audit: trusted system
 * code that audits the whole seed itself.
 */
export async function addOrganisationPeopleBulk(db: DbOrTrx, data: {
  admins: readonly { organisationId: string; accountId: string }[];
  units: readonly OrganisationUnit[];
  members: readonly { organisationId: string; personId: string; unitId: string | null; memberRole: MemberRole }[];
}): Promise<void> {
  for (const a of data.admins) await insertOrganisationAdmin(db, a.organisationId, a.accountId, null);
  await insertUnits(db, data.units);
  await upsertMembers(db, data.members.map((m) => ({ ...m, addedByAccountId: null })));
}

// ---- for other capabilities (notices, …): access is theirs to check, through requireOrganisationRelation ----

/** The organisations an account administers (by binding), for audience pickers. */
export function organisationsAdministeredBy(db: DbOrTrx, accountId: string): Promise<{ id: string; name: string; regionCode: string }[]> {
  return findOrganisationsOfAdmin(db, accountId);
}

/** An organisation's whole unit tree. */
export function unitsOf(db: DbOrTrx, organisationId: string): Promise<OrganisationUnit[]> {
  return findUnits(db, organisationId);
}

/** Active members' person ids in person-id order (keyset from `after`), optionally only in these units. */
export function memberIdsOf(db: DbOrTrx, organisationId: string, options: { unitIds?: readonly string[]; after?: string; limit: number }): Promise<string[]> {
  return findMemberIds(db, organisationId, options);
}
