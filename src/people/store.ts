/** SQL for persons and guardianships. */
import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { DbOrTrx } from '../db/transaction.ts';
import type { IdType, PersonSummary, Relation } from './model/person.ts';
import type { SealedPerson, SealedPhone } from './sealing.ts';

const sealedColumns = ['id', 'idType', 'idNumberEnc', 'idNumberHash', 'idNumberMasked', 'nameEnc', 'nameMasked', 'sex', 'birthDate',
  'phoneEnc', 'phoneHash', 'phoneMasked', 'addressEnc', 'homeRegionCode', 'synthetic'] as const;
const summaryColumns = ['id', 'idType', 'idNumberMasked', 'nameMasked', 'phoneMasked', 'homeRegionCode'] as const;

/** A masked row as stored (the region name is added by the service). */
export type StoredSummary = Omit<PersonSummary, 'homeRegionName'>;

function asSealed(row: Omit<SealedPerson, 'idType'> & { idType: string }): SealedPerson {
  return { ...row, idType: row.idType as IdType };
}

function asSummary(row: Omit<StoredSummary, 'idType'> & { idType: string }): StoredSummary {
  return { ...row, idType: row.idType as IdType };
}

export async function findPersonsByPhoneHash(db: DbOrTrx, phoneHash: string): Promise<{ id: string; nameMasked: string; homeRegionCode: string }[]> {
  return db.selectFrom('persons').select(['id', 'nameMasked', 'homeRegionCode']).where('phoneHash', '=', phoneHash).orderBy('createdAt').execute();
}

export async function findPersonHomeRegion(db: DbOrTrx, personId: string): Promise<string | undefined> {
  const row = await db.selectFrom('persons').select('homeRegionCode').where('id', '=', personId).executeTakeFirst();
  return row?.homeRegionCode;
}

export async function findPersonLabel(db: DbOrTrx, personId: string): Promise<{ nameMasked: string; homeRegionCode: string } | undefined> {
  return db.selectFrom('persons').select(['nameMasked', 'homeRegionCode']).where('id', '=', personId).executeTakeFirst();
}

/** One multi-row insert per call: callers chunk (15 parameters a row, PostgreSQL allows 65,535). */
export async function insertPersons(db: DbOrTrx, rows: readonly SealedPerson[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('persons').values(rows.map((r) => ({ ...r, createdAt: now, updatedAt: now }))).execute();
}

export async function findSealedPersonById(db: DbOrTrx, id: string): Promise<SealedPerson | undefined> {
  const row = await db.selectFrom('persons').select(sealedColumns).where('id', '=', id).executeTakeFirst();
  return row && asSealed(row);
}

export async function findSealedPersonByIdNumber(db: DbOrTrx, idType: IdType, idNumberHash: string): Promise<SealedPerson | undefined> {
  const row = await db.selectFrom('persons').select(sealedColumns).where('idType', '=', idType).where('idNumberHash', '=', idNumberHash).executeTakeFirst();
  return row && asSealed(row);
}

/** Serialises changes to one person's dependants (the limit of 10 is counted under this lock). */
export async function lockPersonById(trx: Transaction<Database>, id: string): Promise<boolean> {
  const row = await trx.selectFrom('persons').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  return row !== undefined;
}

/**
 * Masked persons whose home region starts with one of `prefixes` ('all' = no filter), in
 * (home_region_code, id) order after the cursor — the order of persons_region_idx.
 */
export async function findPersonSummaries(
  db: DbOrTrx,
  filter: { prefixes: readonly string[] | 'all'; after?: { homeRegionCode: string; id: string }; limit: number },
): Promise<StoredSummary[]> {
  let query = db.selectFrom('persons').select(summaryColumns).orderBy('homeRegionCode').orderBy('id').limit(filter.limit);
  const { prefixes, after } = filter;
  if (prefixes !== 'all') {
    if (prefixes.length === 0) return [];
    query = query.where((eb) => eb.or(prefixes.map((p) => eb('homeRegionCode', 'like', `${p}%`))));
  }
  if (after) query = query.where((eb) => eb(eb.refTuple('homeRegionCode', 'id'), '>', eb.tuple(after.homeRegionCode, after.id)));
  const rows = await query.execute();
  return rows.map(asSummary);
}

export async function updatePersonContact(db: DbOrTrx, id: string, change: Partial<SealedPhone> & { addressEnc?: string | null }, now: Date): Promise<void> {
  await db.updateTable('persons').set({ ...change, updatedAt: now }).where('id', '=', id).execute();
}

/** Gives the person this phone unless they already have one. */
export async function setPhoneIfMissing(db: DbOrTrx, id: string, phone: SealedPhone, now: Date): Promise<void> {
  await db.updateTable('persons').set({ ...phone, updatedAt: now }).where('id', '=', id).where('phoneHash', 'is', null).execute();
}

export async function insertGuardianships(db: DbOrTrx, links: readonly { guardianId: string; dependantId: string; relation: Relation }[]): Promise<void> {
  if (links.length === 0) return;
  await db.insertInto('guardianships').values([...links]).execute();
}

export async function countDependants(db: DbOrTrx, guardianId: string): Promise<number> {
  const row = await db.selectFrom('guardianships').select((eb) => eb.fn.countAll<number>().as('n')).where('guardianId', '=', guardianId).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function guardianshipExists(db: DbOrTrx, guardianId: string, dependantId: string): Promise<boolean> {
  const row = await db.selectFrom('guardianships').select('dependantId').where('guardianId', '=', guardianId).where('dependantId', '=', dependantId).executeTakeFirst();
  return row !== undefined;
}

export async function deleteGuardianship(db: DbOrTrx, guardianId: string, dependantId: string): Promise<boolean> {
  const result = await db.deleteFrom('guardianships').where('guardianId', '=', guardianId).where('dependantId', '=', dependantId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** A guardian's dependants with the relation, oldest binding first (at most MAX_DEPENDANTS rows). */
export async function findDependants(db: DbOrTrx, guardianId: string): Promise<(StoredSummary & { nameEnc: string; relation: Relation })[]> {
  const rows = await db.selectFrom('guardianships as g').innerJoin('persons as p', 'p.id', 'g.dependantId')
    .select(['p.id', 'p.idType', 'p.idNumberMasked', 'p.nameMasked', 'p.phoneMasked', 'p.homeRegionCode', 'p.nameEnc', 'g.relation'])
    .where('g.guardianId', '=', guardianId).orderBy('g.createdAt').orderBy('p.id').execute();
  return rows.map((r) => ({ ...asSummary(r), nameEnc: r.nameEnc, relation: r.relation as Relation }));
}

export async function findAnyPersonId(db: DbOrTrx): Promise<string | undefined> {
  const row = await db.selectFrom('persons').select('id').limit(1).executeTakeFirst();
  return row?.id;
}

export async function findSyntheticPersonIdByMaskedPhone(db: DbOrTrx, phoneMasked: string): Promise<string | undefined> {
  const row = await db.selectFrom('persons').select('id').where('synthetic', '=', true).where('phoneMasked', '=', phoneMasked).limit(1).executeTakeFirst();
  return row?.id;
}

/** Synthetic persons whose home region starts with the prefix, in id order after `afterId`: id and masked name only. */
export async function findSyntheticPersonLabels(db: DbOrTrx, prefix: string, afterId: string | undefined, limit: number): Promise<{ id: string; nameMasked: string }[]> {
  let q = db.selectFrom('persons').select(['id', 'nameMasked']).where('synthetic', '=', true).where('homeRegionCode', 'like', `${prefix}%`).orderBy('id').limit(limit);
  if (afterId) q = q.where('id', '>', afterId);
  return q.execute();
}

/** Persons by ID-number blind index, many at once (organisation rosters match thousands of rows). */
export async function findPersonsByIdNumberHashes(db: DbOrTrx, idType: IdType, hashes: readonly string[]): Promise<{ id: string; idNumberHash: string; nameMasked: string }[]> {
  if (hashes.length === 0) return [];
  return db.selectFrom('persons').select(['id', 'idNumberHash', 'nameMasked']).where('idType', '=', idType).where('idNumberHash', 'in', [...hashes]).execute();
}

/** Persons by phone blind index, many at once, earliest registered first. */
export async function findPersonsByPhoneHashes(db: DbOrTrx, hashes: readonly string[]): Promise<{ id: string; phoneHash: string | null; nameMasked: string }[]> {
  if (hashes.length === 0) return [];
  return db.selectFrom('persons').select(['id', 'phoneHash', 'nameMasked']).where('phoneHash', 'in', [...hashes]).orderBy('createdAt').orderBy('id').execute();
}

/** Masked labels of many persons by id. */
export async function findMaskedLabels(db: DbOrTrx, ids: readonly string[]): Promise<{ id: string; nameMasked: string; phoneMasked: string | null; idNumberMasked: string }[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('persons').select(['id', 'nameMasked', 'phoneMasked', 'idNumberMasked']).where('id', 'in', [...ids]).execute();
}

/**
 * Person ids whose home region lies in [from, to), in (home region, id) order after the cursor:
 * one range scan of persons_region_idx, so a district of 500,000 is read page by page.
 */
export async function findPersonIdsInCodeRange(db: DbOrTrx, range: { from: string; to: string | null }, after: { regionCode: string; id: string } | undefined, limit: number): Promise<{ id: string; homeRegionCode: string }[]> {
  let q = db.selectFrom('persons').select(['id', 'homeRegionCode']).where('homeRegionCode', '>=', range.from);
  if (range.to !== null) q = q.where('homeRegionCode', '<', range.to);
  if (after) q = q.where((eb) => eb(eb.refTuple('homeRegionCode', 'id'), '>', eb.tuple(after.regionCode, after.id)));
  return q.orderBy('homeRegionCode').orderBy('id').limit(limit).execute();
}

export async function findDependantIds(db: DbOrTrx, guardianId: string): Promise<string[]> {
  return (await db.selectFrom('guardianships').select('dependantId').where('guardianId', '=', guardianId).execute()).map((r) => r.dependantId);
}

/** Sealed phones of the persons and of their guardians. */
export async function findPhonesWithGuardians(db: DbOrTrx, personIds: readonly string[]): Promise<{ own: { id: string; phoneEnc: string | null }[]; guardians: { dependantId: string; phoneEnc: string | null }[] }> {
  if (personIds.length === 0) return { own: [], guardians: [] };
  const own = await db.selectFrom('persons').select(['id', 'phoneEnc']).where('id', 'in', [...personIds]).execute();
  const guardians = await db.selectFrom('guardianships as g').innerJoin('persons as p', 'p.id', 'g.guardianId')
    .select(['g.dependantId', 'p.phoneEnc']).where('g.dependantId', 'in', [...personIds]).execute();
  return { own, guardians };
}

export async function findPersonLabels(db: DbOrTrx, personIds: readonly string[]): Promise<{ id: string; nameMasked: string; homeRegionCode: string }[]> {
  if (personIds.length === 0) return [];
  // One array parameter, not one per person: a traced case's contacts can pass PostgreSQL's 65,535 parameters.
  return db.selectFrom('persons').select(['id', 'nameMasked', 'homeRegionCode']).where(sql<boolean>`id = any(${[...personIds]}::uuid[])`).execute();
}

/** Puts persons into households (同住人员): one household per person, a later grouping moves them. */
export async function insertHouseholdMembers(db: DbOrTrx, rows: readonly { personId: string; householdId: string }[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('householdMembers').values([...rows])
    .onConflict((oc) => oc.column('personId').doUpdateSet((eb) => ({ householdId: eb.ref('excluded.householdId') }))).execute();
}
