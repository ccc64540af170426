/** SQL for organisations. */
import { sql } from 'kysely';
import type { DbOrTrx } from '../db/transaction.ts';
import type { MemberRole, NewOrganisation, Organisation, OrganisationKind, OrganisationUnit } from './model.ts';

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
