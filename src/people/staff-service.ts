/**
 * Staff use cases: masked lists, audited full reads, registration, contact changes and the
 * guards' lookup. Out-of-scope persons answer exactly like missing ones (PERSON_NOT_FOUND), so
 * a staff member cannot learn that someone lives outside their regions.
 */
import { randomUUID } from 'node:crypto';
import { recordAudit } from '../audit/service.ts';
import { inTransaction, type DbOrTrx } from '../db/transaction.ts';
import { can, requireAccess, scopesFor, type Actor } from '../kernel/access.ts';
import type { Keyring } from '../kernel/crypto/field-encryption.ts';
import { kernelFail } from '../kernel/errors.ts';
import { regionPrefix } from '../kernel/regions-scope.ts';
import { shanghaiDay, type Clock } from '../kernel/time.ts';
import { regionNames } from '../regions/service.ts';
import { peopleFail } from './errors.ts';
import { validateIdNumber } from './model/id-number.ts';
import { checkAddress, checkPhone, isPersonId, type IdType, type NewPerson, type PersonRecord, type PersonSummary } from './model/person.ts';
import { idNumberHash, openPerson, sealAddress, sealPerson, sealPhone, type SealedPerson } from './sealing.ts';
import { checkPersonOrFail, rethrowDuplicate, type PeopleDeps } from './service.ts';
import { findPersonSummaries, findSealedPersonById, findSealedPersonByIdNumber, insertPersons, updatePersonContact, type StoredSummary } from './store.ts';

export function requireReason(raw: string | undefined): string {
  const reason = (raw ?? '').trim();
  const length = Array.from(reason).length;
  if (length < 2 || length > 200) throw peopleFail('PERSON_REASON_REQUIRED', { field: 'reason' });
  return reason;
}

async function withRegionNames(db: DbOrTrx, rows: readonly StoredSummary[]): Promise<PersonSummary[]> {
  const names = await regionNames(db, rows.map((r) => r.homeRegionCode));
  return rows.map((r) => ({ ...r, homeRegionName: names.get(r.homeRegionCode) ?? r.homeRegionCode }));
}

function summaryOf(sealed: SealedPerson): StoredSummary {
  const { id, idType, idNumberMasked, nameMasked, phoneMasked, homeRegionCode } = sealed;
  return { id, idType, idNumberMasked, nameMasked, phoneMasked, homeRegionCode };
}

/** A person the actor may act on with `permission`, or PERSON_NOT_FOUND (also when out of scope). */
async function findInScope(db: DbOrTrx, actor: Actor, permission: 'person.read' | 'person.write', id: string): Promise<SealedPerson> {
  const sealed = isPersonId(id) ? await findSealedPersonById(db, id) : undefined;
  if (!sealed || !can(actor, permission, sealed.homeRegionCode)) throw peopleFail('PERSON_NOT_FOUND');
  return sealed;
}

/**
 * The one way staff see decrypted personal data: the audit row is written first (in the caller's
 * transaction when given one), so no read goes unrecorded.
 */
export async function revealPerson(
  deps: { db: DbOrTrx; keyring: Keyring; clock: Clock },
  actor: Actor,
  sealed: SealedPerson,
  why: { action: string; reason: string },
): Promise<PersonRecord> {
  await recordAudit(deps.db, actor, {
    action: why.action, targetType: 'person', targetId: sealed.id, regionCode: sealed.homeRegionCode, reason: why.reason,
  }, deps.clock);
  const names = await regionNames(deps.db, [sealed.homeRegionCode]);
  return openPerson(deps.keyring, sealed, names.get(sealed.homeRegionCode) ?? sealed.homeRegionCode);
}

export interface PersonPage {
  items: PersonSummary[];
  /** Cursor for the next page, null on the last one. */
  next: string | null;
}

const CURSOR = /^([0-9]{6}(?:[0-9]{3})?)\.([0-9a-f-]{36})$/i;

/** Masked persons in the actor's regions (optionally one region inside them), keyset-paginated. */
export async function listPeople(deps: PeopleDeps, actor: Actor | undefined, query: { regionCode?: string; after?: string; limit: number }): Promise<PersonPage> {
  const lister = requireAccess(actor, 'person.list', query.regionCode);
  const scopes = query.regionCode ? [query.regionCode] : scopesFor(lister, 'person.list');
  const prefixes = scopes.map(regionPrefix);
  let after: { homeRegionCode: string; id: string } | undefined;
  if (query.after) {
    const match = CURSOR.exec(query.after);
    if (!match) throw kernelFail('VALIDATION_FAILED', { field: 'after' });
    after = { homeRegionCode: match[1]!, id: match[2]! };
  }
  const rows = await findPersonSummaries(deps.db, { prefixes: prefixes.includes('') ? 'all' : prefixes, after, limit: query.limit });
  const last = rows[rows.length - 1];
  return { items: await withRegionNames(deps.db, rows), next: rows.length === query.limit && last ? `${last.homeRegionCode}.${last.id}` : null };
}

/** A full record for a stated reason; audited. */
export async function readPerson(deps: PeopleDeps, actor: Actor | undefined, id: string, rawReason: string | undefined): Promise<PersonRecord> {
  const reader = requireAccess(actor, 'person.read');
  const reason = requireReason(rawReason);
  const sealed = await findInScope(deps.db, reader, 'person.read', id);
  return revealPerson(deps, reader, sealed, { action: 'person.read', reason });
}

/** Staff registration (e.g. a person without a phone, registered at a community office). */
export async function registerPerson(deps: PeopleDeps, actor: Actor | undefined, input: NewPerson): Promise<PersonSummary> {
  const writer = requireAccess(actor, 'person.write', input.homeRegionCode);
  const now = deps.clock.now();
  const checked = await checkPersonOrFail(deps.db, { ...input, synthetic: false }, shanghaiDay(now));
  const sealed = sealPerson(deps.keyring, randomUUID(), checked);
  await inTransaction(deps.db, async (trx) => {
    await insertPersons(trx, [sealed], now);
    await recordAudit(trx, writer, { action: 'person.create', targetType: 'person', targetId: sealed.id, regionCode: sealed.homeRegionCode }, deps.clock);
  }).catch((error: unknown) => rethrowDuplicate(error));
  return (await withRegionNames(deps.db, [summaryOf(sealed)]))[0]!;
}

/** Changes phone and/or address (null clears); audited with the names of the fields changed, never their values. */
export async function changePersonContact(
  deps: PeopleDeps, actor: Actor | undefined, id: string, change: { phone?: string | null; address?: string | null },
): Promise<PersonSummary> {
  const writer = requireAccess(actor, 'person.write');
  const phone = checkPhone(change.phone);
  if (!phone.ok) throw peopleFail(phone.code, { field: phone.field });
  const address = checkAddress(change.address);
  if (!address.ok) throw peopleFail(address.code, { field: address.field });
  const fields = (['phone', 'address'] as const).filter((f) => change[f] !== undefined);
  if (fields.length === 0) throw kernelFail('VALIDATION_FAILED', { field: 'phone/address' });
  const sealed = await findInScope(deps.db, writer, 'person.write', id);
  const update = {
    ...(change.phone !== undefined ? sealPhone(deps.keyring, phone.value) : {}),
    ...(change.address !== undefined ? { addressEnc: sealAddress(deps.keyring, address.value) } : {}),
  };
  await inTransaction(deps.db, async (trx) => {
    await updatePersonContact(trx, id, update, deps.clock.now());
    await recordAudit(trx, writer, { action: 'person.update', targetType: 'person', targetId: id, regionCode: sealed.homeRegionCode, detail: { fields } }, deps.clock);
  });
  return (await withRegionNames(deps.db, [summaryOf({ ...sealed, ...update })]))[0]!;
}

/** `id` lets codes add the live colour (POST /api/codes/lookup); people's own lookup route does not return it. */
export type LookupResult = Pick<PersonSummary, 'id' | 'idType' | 'idNumberMasked' | 'nameMasked' | 'homeRegionCode' | 'homeRegionName'>;

/**
 * A guard checks a document at a gate: masked name and number and the home region only. Not
 * limited to the guard's regions — visitors come from everywhere — but every lookup, found or
 * not, is audited.
 */
export async function lookupPerson(
  deps: PeopleDeps, actor: Actor | undefined, query: { idType: IdType; idNumber: string; reason?: string },
): Promise<LookupResult> {
  const guard = requireAccess(actor, 'person.lookup');
  const reason = requireReason(query.reason);
  const id = validateIdNumber(query.idType, query.idNumber, shanghaiDay(deps.clock.now()));
  if (!id.ok) throw peopleFail(id.code, { field: id.code === 'PERSON_ID_TYPE_UNKNOWN' ? 'idType' : 'idNumber' });
  const sealed = await findSealedPersonByIdNumber(deps.db, query.idType, idNumberHash(deps.keyring, query.idType, id.normalized));
  await recordAudit(deps.db, guard, {
    action: 'person.lookup', targetType: 'person', targetId: sealed?.id ?? null,
    regionCode: sealed?.homeRegionCode ?? scopesFor(guard, 'person.lookup')[0] ?? null, reason, detail: { idType: query.idType, found: sealed !== undefined },
  }, deps.clock);
  if (!sealed) throw peopleFail('PERSON_NOT_FOUND');
  const names = await regionNames(deps.db, [sealed.homeRegionCode]);
  return {
    id: sealed.id, idType: sealed.idType, idNumberMasked: sealed.idNumberMasked, nameMasked: sealed.nameMasked,
    homeRegionCode: sealed.homeRegionCode, homeRegionName: names.get(sealed.homeRegionCode) ?? sealed.homeRegionCode,
  };
}
