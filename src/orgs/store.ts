/** SQL for organisations. */
import { sql } from 'kysely';
import type { DbOrTrx } from '../db/transaction.ts';
import type { MemberRole, NewOrganisation, Organisation, OrganisationKind, OrganisationUnit, UnitKind } from './model.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isUuid = (id: string) => UUID.test(id);

// PostgreSQL allows 65,535 bind parameters per statement; 5 columns × 2,000 rows stays well under.
const INSERT_CHUNK = 2000;

export async function insertOrganisations(db: DbOrTrx, rows: readonly (NewOrganisation & { id: string })[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await db.insertInto('organisations').values(rows.slice(i, i + INSERT_CHUNK).map((o) => ({
      id: o.id, regionCode: o.regionCode, name: o.name, kind: o.kind, synthetic: o.synthetic ?? false,
    }))).execute();
  }
}

/** Organisations per kind whose region code starts with the prefix ('' = all). */
export async function countOrganisationsByKind(db: DbOrTrx, prefix: string): Promise<Map<OrganisationKind, number>> {
  const rows = await db.selectFrom('organisations').select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
    .where('regionCode', 'like', `${prefix}%`).groupBy('kind').execute();
  return new Map(rows.map((r) => [r.kind as OrganisationKind, Number(r.n)]));
}

export async function findOrganisation(db: DbOrTrx, id: string): Promise<Organisation | undefined> {
  if (!isUuid(id)) return undefined;
  return db.selectFrom('organisations').select(['id', 'regionCode', 'name', 'kind', 'code']).where('id', '=', id).executeTakeFirst();
}

export async function isOrganisationAdmin(db: DbOrTrx, organisationId: string, accountId: string): Promise<boolean> {
  const row = await db.selectFrom('organisationAdmins').select('accountId').where('organisationId', '=', organisationId).where('accountId', '=', accountId).executeTakeFirst();
  return row !== undefined;
}

export async function insertOrganisationAdmin(db: DbOrTrx, organisationId: string, accountId: string, addedByAccountId: string | null): Promise<void> {
  await db.insertInto('organisationAdmins').values({ organisationId, accountId, addedByAccountId }).onConflict((oc) => oc.doNothing()).execute();
}

export async function findUnits(db: DbOrTrx, organisationId: string): Promise<OrganisationUnit[]> {
  return db.selectFrom('organisationUnits').select(['id', 'organisationId', 'parentId', 'name', 'kind']).where('organisationId', '=', organisationId).orderBy('name').execute();
}

export async function insertUnit(db: DbOrTrx, unit: OrganisationUnit): Promise<void> {
  await db.insertInto('organisationUnits').values(unit).execute();
}

export async function upsertMember(db: DbOrTrx, member: { organisationId: string; personId: string; unitId: string | null; memberRole: MemberRole; addedByAccountId: string | null }): Promise<void> {
  await db.insertInto('organisationMembers').values({ ...member, status: 'active' })
    .onConflict((oc) => oc.columns(['organisationId', 'personId']).doUpdateSet({ unitId: member.unitId, memberRole: member.memberRole, status: 'active' })).execute();
}

/** The active organisations a person belongs to. */
export async function findMembershipsOfPerson(db: DbOrTrx, personId: string): Promise<(Organisation & { unitId: string | null; memberRole: MemberRole })[]> {
  if (!isUuid(personId)) return [];
  return db.selectFrom('organisationMembers').innerJoin('organisations', 'organisations.id', 'organisationMembers.organisationId')
    .select(['organisations.id', 'organisations.regionCode', 'organisations.name', 'organisations.kind', 'organisations.code', 'organisationMembers.unitId', 'organisationMembers.memberRole'])
    .where('organisationMembers.personId', '=', personId).where('organisationMembers.status', '=', 'active').orderBy('organisations.name').execute();
}

/** Active members' person ids, in person-id order from `after` (keyset), optionally only in these units. */
export async function findMemberIds(db: DbOrTrx, organisationId: string, options: { unitIds?: readonly string[]; after?: string; limit: number }): Promise<string[]> {
  let q = db.selectFrom('organisationMembers').select('personId').where('organisationId', '=', organisationId).where('status', '=', 'active');
  if (options.unitIds) q = options.unitIds.length === 0 ? q.where(sql<boolean>`false`) : q.where('unitId', 'in', [...options.unitIds]);
  if (options.after) q = q.where('personId', '>', options.after);
  return (await q.orderBy('personId').limit(options.limit).execute()).map((r) => r.personId);
}

export async function isActiveMember(db: DbOrTrx, organisationId: string, personId: string): Promise<boolean> {
  if (!isUuid(organisationId) || !isUuid(personId)) return false;
  const row = await db.selectFrom('organisationMembers').select('personId').where('organisationId', '=', organisationId).where('personId', '=', personId).where('status', '=', 'active').executeTakeFirst();
  return row !== undefined;
}

// ---- registration, administrators, lists (service.ts) ----

export async function insertOrganisation(db: DbOrTrx, row: NewOrganisation & { id: string; code: string | null }): Promise<void> {
  await db.insertInto('organisations').values({ id: row.id, regionCode: row.regionCode, name: row.name, kind: row.kind, code: row.code, synthetic: row.synthetic ?? false }).execute();
}

export async function isOrganisationCodeTaken(db: DbOrTrx, code: string): Promise<boolean> {
  return (await db.selectFrom('organisations').select('id').where(sql<string>`lower(code)`, '=', code.toLowerCase()).executeTakeFirst()) !== undefined;
}

export interface OrganisationListRow extends Organisation { memberCount: number; createdAt: Date }

const memberCountSql = sql<number>`(select count(*) from organisation_members m where m.organisation_id = organisations.id and m.status = 'active')::int`;

/** The organisations an account administers, by name. */
export async function findOrganisationsOfAdmin(db: DbOrTrx, accountId: string): Promise<OrganisationListRow[]> {
  return db.selectFrom('organisations').innerJoin('organisationAdmins', 'organisationAdmins.organisationId', 'organisations.id')
    .select(['organisations.id', 'organisations.regionCode', 'organisations.name', 'organisations.kind', 'organisations.code', 'organisations.createdAt', memberCountSql.as('memberCount')])
    .where('organisationAdmins.accountId', '=', accountId).orderBy('organisations.name').orderBy('organisations.id').execute();
}

/** Organisations whose region starts with one of the prefixes, in (name, id) order after the cursor. */
export async function findOrganisationsInRegions(
  db: DbOrTrx, query: { prefixes: readonly string[]; kind?: OrganisationKind; search?: string; after?: { name: string; id: string }; limit: number },
): Promise<OrganisationListRow[]> {
  let q = db.selectFrom('organisations')
    .select(['id', 'regionCode', 'name', 'kind', 'code', 'createdAt', memberCountSql.as('memberCount')])
    .where((eb) => eb.or(query.prefixes.map((p) => eb('regionCode', 'like', `${p}%`))));
  if (query.kind) q = q.where('kind', '=', query.kind);
  if (query.search) q = q.where('name', 'like', `%${query.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (query.after) {
    const { name, id } = query.after;
    q = q.where((eb) => eb.or([eb('name', '>', name), eb.and([eb('name', '=', name), eb('id', '>', id)])]));
  }
  return q.orderBy('name').orderBy('id').limit(query.limit).execute();
}

export async function findOrganisationAdmins(db: DbOrTrx, organisationId: string): Promise<{ accountId: string; addedAt: Date }[]> {
  return db.selectFrom('organisationAdmins').select(['accountId', 'addedAt']).where('organisationId', '=', organisationId).orderBy('addedAt').execute();
}

/** Locks the organisation's row (serialises admin removals so two cannot remove the last two). */
export async function lockOrganisation(db: DbOrTrx, organisationId: string): Promise<void> {
  await db.selectFrom('organisations').select('id').where('id', '=', organisationId).forUpdate().execute();
}

export async function deleteOrganisationAdmin(db: DbOrTrx, organisationId: string, accountId: string): Promise<boolean> {
  const result = await db.deleteFrom('organisationAdmins').where('organisationId', '=', organisationId).where('accountId', '=', accountId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

// ---- units (units.ts) ----

export async function findUnitsWithCounts(db: DbOrTrx, organisationId: string): Promise<(OrganisationUnit & { memberCount: number })[]> {
  return db.selectFrom('organisationUnits')
    .select(['id', 'organisationId', 'parentId', 'name', 'kind',
      sql<number>`(select count(*) from organisation_members m where m.unit_id = organisation_units.id and m.status = 'active')::int`.as('memberCount')])
    .where('organisationId', '=', organisationId).orderBy('name').execute();
}

export async function insertUnits(db: DbOrTrx, units: readonly OrganisationUnit[]): Promise<void> {
  for (let i = 0; i < units.length; i += INSERT_CHUNK) await db.insertInto('organisationUnits').values(units.slice(i, i + INSERT_CHUNK)).execute();
}

export async function updateUnit(db: DbOrTrx, organisationId: string, unitId: string, change: { name?: string; parentId?: string | null; kind?: UnitKind }): Promise<void> {
  await db.updateTable('organisationUnits').set(change).where('organisationId', '=', organisationId).where('id', '=', unitId).execute();
}

export async function countUnitContents(db: DbOrTrx, unitId: string): Promise<{ children: number; activeMembers: number }> {
  const row = await db.selectNoFrom([
    sql<number>`(select count(*) from organisation_units where parent_id = ${unitId})::int`.as('children'),
    sql<number>`(select count(*) from organisation_members where unit_id = ${unitId} and status = 'active')::int`.as('activeMembers'),
  ]).executeTakeFirstOrThrow();
  return { children: Number(row.children), activeMembers: Number(row.activeMembers) };
}

/** Deletes an empty unit; members who left keep their history without it (unit cleared). */
export async function deleteUnit(db: DbOrTrx, organisationId: string, unitId: string): Promise<void> {
  await db.updateTable('organisationMembers').set({ unitId: null }).where('organisationId', '=', organisationId).where('unitId', '=', unitId).execute();
  await db.deleteFrom('organisationUnits').where('organisationId', '=', organisationId).where('id', '=', unitId).execute();
}

// ---- members (members.ts, roster.ts) ----

export interface MemberRow {
  personId: string;
  unitId: string | null;
  memberRole: MemberRole;
  status: 'active' | 'left';
  addedAt: Date;
}

export async function findMember(db: DbOrTrx, organisationId: string, personId: string): Promise<MemberRow | undefined> {
  if (!isUuid(personId)) return undefined;
  return db.selectFrom('organisationMembers').select(['personId', 'unitId', 'memberRole', 'status', 'addedAt'])
    .where('organisationId', '=', organisationId).where('personId', '=', personId).executeTakeFirst();
}

/** Members in person-id order after `after`, optionally only these units / this status / role. */
export async function findMembers(
  db: DbOrTrx, organisationId: string,
  query: { unitIds?: readonly string[]; status?: 'active' | 'left'; role?: MemberRole; after?: string; limit: number },
): Promise<MemberRow[]> {
  let q = db.selectFrom('organisationMembers').select(['personId', 'unitId', 'memberRole', 'status', 'addedAt']).where('organisationId', '=', organisationId);
  if (query.unitIds) q = query.unitIds.length === 0 ? q.where(sql<boolean>`false`) : q.where('unitId', 'in', [...query.unitIds]);
  if (query.status) q = q.where('status', '=', query.status);
  if (query.role) q = q.where('memberRole', '=', query.role);
  if (query.after) q = q.where('personId', '>', query.after);
  return q.orderBy('personId').limit(query.limit).execute();
}

export async function upsertMembers(db: DbOrTrx, members: readonly { organisationId: string; personId: string; unitId: string | null; memberRole: MemberRole; addedByAccountId: string | null }[]): Promise<void> {
  for (let i = 0; i < members.length; i += INSERT_CHUNK) {
    await db.insertInto('organisationMembers').values(members.slice(i, i + INSERT_CHUNK).map((m) => ({ ...m, status: 'active' as const })))
      .onConflict((oc) => oc.columns(['organisationId', 'personId']).doUpdateSet((eb) => ({
        unitId: eb.ref('excluded.unitId'), memberRole: eb.ref('excluded.memberRole'), status: 'active',
      }))).execute();
  }
}

export async function updateMember(db: DbOrTrx, organisationId: string, personId: string, change: { unitId?: string | null; memberRole?: MemberRole; status?: 'active' | 'left' }): Promise<void> {
  await db.updateTable('organisationMembers').set(change).where('organisationId', '=', organisationId).where('personId', '=', personId).execute();
}

/** Which of these persons are already members (any status). */
export async function findMemberStatuses(db: DbOrTrx, organisationId: string, personIds: readonly string[]): Promise<Map<string, 'active' | 'left'>> {
  const out = new Map<string, 'active' | 'left'>();
  for (let i = 0; i < personIds.length; i += 5000) {
    const chunk = personIds.slice(i, i + 5000);
    if (chunk.length === 0) continue;
    const rows = await db.selectFrom('organisationMembers').select(['personId', 'status']).where('organisationId', '=', organisationId).where('personId', 'in', chunk).execute();
    for (const r of rows) out.set(r.personId, r.status);
  }
  return out;
}

/** Units by id across organisations (a person's memberships show their unit's name). */
export async function findUnitNames(db: DbOrTrx, unitIds: readonly string[]): Promise<Map<string, string>> {
  if (unitIds.length === 0) return new Map();
  const rows = await db.selectFrom('organisationUnits').select(['id', 'name']).where('id', 'in', [...unitIds]).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
