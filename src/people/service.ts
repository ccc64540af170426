/**
 * People: the one base record every case, check-in and code points at. This file holds what
 * other capabilities may call; the HTTP use cases live in self-service.ts and staff-service.ts.
 */
import { randomUUID } from 'node:crypto';
import type { DbOrTrx } from '../db/transaction.ts';
import { inTransaction } from '../db/transaction.ts';
import type { Actor } from '../kernel/access.ts';
import { kernelFail } from '../kernel/errors.ts';
import type { Keyring } from '../kernel/crypto/field-encryption.ts';
import { shanghaiDay, type Clock } from '../kernel/time.ts';
import { coveredCodeRange, regionNames } from '../regions/service.ts';
import { regionPrefix as regionPrefixOf } from '../kernel/regions-scope.ts';
import { peopleFail } from './errors.ts';
import { idNumberHash, sealPerson, sealPhone } from './sealing.ts';
import { checkNewPerson, isPersonId, isRelation, MAX_DEPENDANTS, type CheckedPerson, type IdType, type NewPerson, type Relation } from './model/person.ts';
import { findDependantIds, findPersonIdsInCodeRange, findPersonLabels, findPhonesWithGuardians } from './store.ts';
import { decryptField } from '../kernel/crypto/field-encryption.ts';
import { findAnyPersonId, findMaskedLabels, findPersonHomeRegion, findPersonsByIdNumberHashes, findPersonsByPhoneHashes, findPersonLabel, findSyntheticPersonLabels, findPersonsByPhoneHash, findSyntheticPersonIdByMaskedPhone, guardianshipExists, insertGuardianships, insertHouseholdMembers, insertPersons } from './store.ts';

export type { IdType, NewPerson, Relation } from './model/person.ts';

export interface PeopleDeps {
  db: DbOrTrx;
  keyring: Keyring;
  clock: Clock;
}

/** The person a phone number belongs to (the earliest registered, when family members share one). */
export async function findPersonForPhone(db: DbOrTrx, phoneHash: string): Promise<{ id: string; nameMasked: string; homeRegionCode: string } | undefined> {
  const persons = await findPersonsByPhoneHash(db, phoneHash);
  return persons[0];
}

export async function homeRegionOf(db: DbOrTrx, personId: string): Promise<string | undefined> {
  return findPersonHomeRegion(db, personId);
}

/** What a screen may show of a person: the masked name and home region (the caller has checked access). */
export async function personLabelOf(db: DbOrTrx, personId: string): Promise<{ nameMasked: string; homeRegionCode: string } | undefined> {
  return findPersonLabel(db, personId);
}

/** Pure checks plus "does the home region exist"; throws the first problem with its field. */
export async function checkPersonOrFail(db: DbOrTrx, input: NewPerson, today: string): Promise<CheckedPerson> {
  const checked = checkNewPerson(input, today);
  if (!checked.ok) throw peopleFail(checked.code, { field: checked.field });
  const names = await regionNames(db, [checked.value.homeRegionCode]);
  if (!names.has(checked.value.homeRegionCode)) throw peopleFail('PERSON_REGION_UNKNOWN', { field: 'homeRegionCode' });
  return checked.value;
}

/** Maps the unique (id_type, id_number_hash) violation to the catalogue's code. */
export function rethrowDuplicate(error: unknown, details?: Record<string, unknown>): never {
  if ((error as { code?: string }).code === '23505') throw peopleFail('PERSON_ALREADY_REGISTERED', { field: 'idNumber', ...details });
  throw error;
}

const BULK_CHUNK = 2000;

/**
 * Validates every row, then inserts them all in one statement per chunk (fast: 5,000 persons in
 * well under 10 s including encryption). Throws PERSON_* AppError on the first invalid row (with
 * its index in details). Returns the new ids in input order. All rows commit or none. Not
 * audited: it is for seeders and imports, which audit the batch themselves.
 */
export async function registerPeopleBulk(deps: PeopleDeps, rows: NewPerson[]): Promise<string[]> {
  const today = shanghaiDay(deps.clock.now());
  const checked: CheckedPerson[] = [];
  const seen = new Set<string>();
  for (const [index, row] of rows.entries()) {
    const result = checkNewPerson(row, today);
    if (!result.ok) throw peopleFail(result.code, { field: result.field, index });
    const key = `${result.value.idType}:${result.value.idNumber}`;
    if (seen.has(key)) throw peopleFail('PERSON_DUPLICATE_IN_BATCH', { field: 'idNumber', index });
    seen.add(key);
    checked.push(result.value);
  }
  const codes = [...new Set(checked.map((p) => p.homeRegionCode))];
  const known = await regionNames(deps.db, codes);
  const unknownAt = checked.findIndex((p) => !known.has(p.homeRegionCode));
  if (unknownAt >= 0) throw peopleFail('PERSON_REGION_UNKNOWN', { field: 'homeRegionCode', index: unknownAt });
  const sealed = checked.map((p) => sealPerson(deps.keyring, randomUUID(), p));
  const now = deps.clock.now();
  await inTransaction(deps.db, async (trx) => {
    for (let i = 0; i < sealed.length; i += BULK_CHUNK) await insertPersons(trx, sealed.slice(i, i + BULK_CHUNK), now);
  }).catch((error: unknown) => rethrowDuplicate(error));
  return sealed.map((s) => s.id);
}

/**
 * Groups persons into households (同住人员; seeders and imports): each list of person ids is one
 * household. Contact tracing counts everyone in a case's household as a close contact.
 */
export async function groupHouseholdsBulk(db: DbOrTrx, households: readonly (readonly string[])[]): Promise<number> {
  const rows = households.filter((h) => h.length > 1).flatMap((members) => {
    const householdId = randomUUID();
    return members.map((personId) => ({ personId, householdId }));
  });
  await inTransaction(db, async (trx) => {
    for (let i = 0; i < rows.length; i += BULK_CHUNK * 5) await insertHouseholdMembers(trx, rows.slice(i, i + BULK_CHUNK * 5));
  });
  return rows.length;
}

/** Binds guardians to dependants in bulk (seeders). Relations and the per-guardian limit are checked within the batch. */
export async function bindDependantsBulk(db: DbOrTrx, links: { guardianId: string; dependantId: string; relation: Relation }[]): Promise<void> {
  const perGuardian = new Map<string, number>();
  for (const [index, link] of links.entries()) {
    if (!isRelation(link.relation)) throw peopleFail('PERSON_RELATION_INVALID', { field: 'relation', index });
    if (link.guardianId === link.dependantId) throw peopleFail('DEPENDANT_SELF', { field: 'dependantId', index });
    const count = (perGuardian.get(link.guardianId) ?? 0) + 1;
    if (count > MAX_DEPENDANTS) throw peopleFail('DEPENDANT_LIMIT', { index });
    perGuardian.set(link.guardianId, count);
  }
  await inTransaction(db, async (trx) => {
    for (let i = 0; i < links.length; i += BULK_CHUNK * 5) await insertGuardianships(trx, links.slice(i, i + BULK_CHUNK * 5));
  }).catch((error: { code?: string }) => {
    if (error.code === '23505') throw peopleFail('DEPENDANT_ALREADY_BOUND');
    if (error.code === '23503') throw peopleFail('PERSON_NOT_FOUND', { field: 'guardianId/dependantId' });
    throw error;
  });
}

/** The resident acting, when the person is themself or one of their dependants; else as if the person did not exist. */
export async function requireSelfOrGuardian(db: DbOrTrx, actor: Actor | undefined, personId: string): Promise<Actor & { personId: string }> {
  if (!actor) throw kernelFail('AUTH_REQUIRED');
  if (actor.kind !== 'resident') throw peopleFail('PERSON_RESIDENT_ONLY');
  if (!actor.personId) throw peopleFail('PERSON_NOT_REGISTERED');
  const self = { ...actor, personId: actor.personId };
  if (personId === actor.personId) return self;
  if (isPersonId(personId) && await guardianshipExists(db, actor.personId, personId)) return self;
  throw peopleFail('PERSON_NOT_FOUND');
}


export { residentIdCheckDigit } from './model/id-number.ts';

/** Whether anyone is registered at all (the demo seeder's meaning of an empty installation). */
export async function anyPersonExists(db: DbOrTrx): Promise<boolean> {
  return (await findAnyPersonId(db)) !== undefined;
}

/**
 * Whether a synthetic (demo) person shows this masked phone. Asked by masked form because the
 * start-up banner has no keys at hand; only synthetic persons are considered.
 */
export async function syntheticPersonExistsWithMaskedPhone(db: DbOrTrx, phoneMasked: string): Promise<boolean> {
  return (await findSyntheticPersonIdByMaskedPhone(db, phoneMasked)) !== undefined;
}

/**
 * Synthetic (demo) persons of a region, a page at a time: id and masked name only. For generators
 * of synthetic data (demo check-ins, benchmarks); real persons are never returned.
 */
export async function syntheticPersonsOf(db: DbOrTrx, regionPrefix: string, page: { afterId?: string; limit: number }): Promise<{ id: string; nameMasked: string }[]> {
  return findSyntheticPersonLabels(db, regionPrefix, page.afterId, page.limit);
}

const LOOKUP_CHUNK = 5000;

/**
 * Existing persons for many identity documents at once (rosters): key `${idType}:${normalized number}`
 * → id and masked name. Numbers must already be normalised (validateIdNumber). No access check:
 * callers (organisation rosters) check their own.
 */
export async function findPersonsByIdentities(deps: { db: DbOrTrx; keyring: Keyring }, ids: readonly { idType: IdType; idNumber: string }[]): Promise<Map<string, { id: string; nameMasked: string }>> {
  const out = new Map<string, { id: string; nameMasked: string }>();
  const byType = new Map<IdType, Map<string, string>>();
  for (const { idType, idNumber } of ids) {
    const hashes = byType.get(idType) ?? new Map<string, string>();
    hashes.set(idNumberHash(deps.keyring, idType, idNumber), `${idType}:${idNumber}`);
    byType.set(idType, hashes);
  }
  for (const [idType, hashes] of byType) {
    const all = [...hashes.keys()];
    for (let i = 0; i < all.length; i += LOOKUP_CHUNK) {
      for (const row of await findPersonsByIdNumberHashes(deps.db, idType, all.slice(i, i + LOOKUP_CHUNK))) out.set(hashes.get(row.idNumberHash)!, { id: row.id, nameMasked: row.nameMasked });
    }
  }
  return out;
}

/** Existing persons for many normalised mobile numbers: phone → the earliest registered person with it. */
export async function findPersonsByPhones(deps: { db: DbOrTrx; keyring: Keyring }, phones: readonly string[]): Promise<Map<string, { id: string; nameMasked: string }>> {
  const byHash = new Map<string, string>();
  for (const phone of phones) byHash.set(sealPhone(deps.keyring, phone).phoneHash!, phone);
  const out = new Map<string, { id: string; nameMasked: string }>();
  const all = [...byHash.keys()];
  for (let i = 0; i < all.length; i += LOOKUP_CHUNK) {
    for (const row of await findPersonsByPhoneHashes(deps.db, all.slice(i, i + LOOKUP_CHUNK))) {
      const phone = byHash.get(row.phoneHash ?? '');
      if (phone && !out.has(phone)) out.set(phone, { id: row.id, nameMasked: row.nameMasked });
    }
  }
  return out;
}

/** Masked name, phone and ID number of many persons (lists whose access the caller has checked). */
export async function maskedLabelsOf(db: DbOrTrx, ids: readonly string[]): Promise<Map<string, { nameMasked: string; phoneMasked: string | null; idNumberMasked: string }>> {
  const out = new Map<string, { nameMasked: string; phoneMasked: string | null; idNumberMasked: string }>();
  const unique = [...new Set(ids)].filter(isPersonId);
  for (let i = 0; i < unique.length; i += LOOKUP_CHUNK) {
    for (const row of await findMaskedLabels(db, unique.slice(i, i + LOOKUP_CHUNK))) out.set(row.id, { nameMasked: row.nameMasked, phoneMasked: row.phoneMasked, idNumberMasked: row.idNumberMasked });
  }
  return out;
}

/**
 * Ids of the persons whose home region lies inside one of the regions (GB/T 2260 prefixes), a page
 * at a time in (home region, id) order: pass the last row back as `after`. For audiences (notices);
 * the caller has checked that the regions are within the actor's grant.
 */
export async function personIdsInRegions(db: DbOrTrx, regionCodes: readonly string[], page: { after?: { regionCode: string; id: string }; limit: number }): Promise<{ id: string; homeRegionCode: string }[]> {
  // Disjoint code ranges in order (a region inside another chosen one is dropped), read one range at a time.
  const prefixes = [...new Set(regionCodes.map(regionPrefixOf))].sort();
  const ranges = prefixes.filter((p) => !prefixes.some((o) => o !== p && p.startsWith(o))).map((p) => coveredCodeRange(p.length === 2 ? `${p}0000` : p.length === 4 ? `${p}00` : p));
  const out: { id: string; homeRegionCode: string }[] = [];
  let after = page.after;
  for (const range of ranges) {
    if (after && range.to !== null && after.regionCode >= range.to) continue;
    const rows = await findPersonIdsInCodeRange(db, range, after, page.limit - out.length);
    out.push(...rows);
    if (out.length >= page.limit) break;
    after = undefined;
  }
  return out;
}

/** The dependants bound to a guardian (ids only). */
export async function dependantIdsOf(db: DbOrTrx, guardianId: string): Promise<string[]> {
  return findDependantIds(db, guardianId);
}

/**
 * Where an SMS about a person goes: their own phone, and for a person without one (a child) their
 * guardians' phones. Decrypted for the gateway only; never returned over HTTP.
 */
export async function smsPhonesFor(deps: { db: DbOrTrx; keyring: Keyring }, personIds: readonly string[]): Promise<Map<string, string[]>> {
  const { own, guardians } = await findPhonesWithGuardians(deps.db, personIds);
  const out = new Map<string, string[]>();
  for (const p of own) if (p.phoneEnc) out.set(p.id, [decryptField(deps.keyring, p.phoneEnc)]);
  for (const g of guardians) {
    if (!g.phoneEnc) continue;
    const current = out.get(g.dependantId);
    if (current && own.some((o) => o.id === g.dependantId && o.phoneEnc)) continue;
    out.set(g.dependantId, [...(current ?? []), decryptField(deps.keyring, g.phoneEnc)]);
  }
  return out;
}

/** Masked names and home regions of many persons at once (the caller has checked access). */
export async function personLabelsOf(db: DbOrTrx, personIds: readonly string[]): Promise<Map<string, { nameMasked: string; homeRegionCode: string }>> {
  return new Map((await findPersonLabels(db, personIds)).map((r) => [r.id, { nameMasked: r.nameMasked, homeRegionCode: r.homeRegionCode }]));
}
