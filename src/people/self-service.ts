/**
 * Residents and their own data: register one's identity, see it, and bind dependants (一人绑定多人)
 * so one phone can act for children and elderly parents. Residents reading their own or their
 * dependants' records are not staff reads, so only changes are audited here.
 */
import { randomUUID } from 'node:crypto';
import { linkResidentPerson } from '../accounts/service.ts';
import { recordAudit } from '../audit/service.ts';
import type { Actor } from '../kernel/access.ts';
import { inTransaction } from '../db/transaction.ts';
import { kernelFail } from '../kernel/errors.ts';
import { shanghaiDay } from '../kernel/time.ts';
import { regionNames } from '../regions/service.ts';
import { peopleFail } from './errors.ts';
import { isPersonId, isRelation, MAX_DEPENDANTS, sameName, type Dependant, type IdType, type PersonRecord, type Relation } from './model/person.ts';
import { idNumberHash, openName, openPerson, sealPerson, type SealedPerson } from './sealing.ts';
import { checkPersonOrFail, requireSelfOrGuardian, type PeopleDeps } from './service.ts';
import {
  countDependants, deleteGuardianship, findDependants, findPersonHomeRegion, findSealedPersonById, findSealedPersonByIdNumber,
  guardianshipExists, insertGuardianships, insertPersons, lockPersonById, setPhoneIfMissing,
} from './store.ts';

export interface IdentityInput {
  idType: IdType;
  idNumber: string;
  name: string;
  homeRegionCode: string;
  address?: string | null;
}

export interface DependantInput extends Omit<IdentityInput, 'homeRegionCode'> {
  homeRegionCode?: string;
  phone?: string | null;
  relation: Relation;
}

function requireResident(actor: Actor | undefined): Actor {
  if (!actor) throw kernelFail('AUTH_REQUIRED');
  if (actor.kind !== 'resident') throw peopleFail('PERSON_RESIDENT_ONLY');
  return actor;
}

function requireRegisteredResident(actor: Actor | undefined): Actor & { personId: string } {
  const resident = requireResident(actor);
  if (!resident.personId) throw peopleFail('PERSON_NOT_REGISTERED');
  return { ...resident, personId: resident.personId };
}

async function openWithRegionName(deps: PeopleDeps, sealed: SealedPerson): Promise<PersonRecord> {
  const names = await regionNames(deps.db, [sealed.homeRegionCode]);
  return openPerson(deps.keyring, sealed, names.get(sealed.homeRegionCode) ?? sealed.homeRegionCode);
}

function mapConflict(error: unknown): never {
  if ((error as { code?: string }).code === '23505') throw peopleFail('PERSON_ALREADY_REGISTERED', { field: 'idNumber' });
  throw error;
}

/** The signed-in resident's own record, decrypted. */
export async function getMyPerson(deps: PeopleDeps, actor: Actor | undefined): Promise<PersonRecord> {
  const resident = requireRegisteredResident(actor);
  const sealed = await findSealedPersonById(deps.db, resident.personId);
  if (!sealed) throw peopleFail('PERSON_NOT_REGISTERED');
  return openWithRegionName(deps, sealed);
}

/**
 * Registers the resident's identity and links it to their account. A record staff registered
 * earlier is claimed only with the exact same name; the account's phone fills a missing one.
 */
export async function registerMe(deps: PeopleDeps, actor: Actor | undefined, input: IdentityInput): Promise<PersonRecord> {
  const resident = requireResident(actor);
  if (resident.personId) throw peopleFail('PERSON_ACCOUNT_ALREADY_LINKED');
  const now = deps.clock.now();
  const checked = await checkPersonOrFail(deps.db, { ...input, phone: null }, shanghaiDay(now));
  const personId = await inTransaction(deps.db, async (trx) => {
    const existing = await findSealedPersonByIdNumber(trx, checked.idType, idNumberHash(deps.keyring, checked.idType, checked.idNumber));
    if (existing && !sameName(openName(deps.keyring, existing), checked.name)) throw peopleFail('PERSON_ALREADY_REGISTERED', { field: 'idNumber' });
    const sealed = existing ?? sealPerson(deps.keyring, randomUUID(), checked);
    if (!existing) await insertPersons(trx, [sealed], now);
    const phone = await linkResidentPerson(trx, resident.accountId, sealed.id, sealed.nameMasked);
    if (!phone) throw peopleFail('PERSON_ACCOUNT_ALREADY_LINKED');
    if (phone.phoneHash) await setPhoneIfMissing(trx, sealed.id, phone, now);
    await recordAudit(trx, resident, {
      action: 'person.self_register', targetType: 'person', targetId: sealed.id, regionCode: sealed.homeRegionCode,
      detail: { claimedExisting: existing !== undefined },
    }, deps.clock);
    return sealed.id;
  }).catch(mapConflict);
  return openWithRegionName(deps, (await findSealedPersonById(deps.db, personId))!);
}

/** A dependant's (or one's own) record, for a resident acting for them. */
export async function getPersonForResident(deps: PeopleDeps, actor: Actor | undefined, personId: string): Promise<PersonRecord> {
  await requireSelfOrGuardian(deps.db, actor, personId);
  const sealed = await findSealedPersonById(deps.db, personId);
  if (!sealed) throw peopleFail('PERSON_NOT_FOUND');
  return openWithRegionName(deps, sealed);
}

/** At most MAX_DEPENDANTS rows, so the list needs no pages. */
export async function listMyDependants(deps: PeopleDeps, actor: Actor | undefined): Promise<Dependant[]> {
  const guardian = requireRegisteredResident(actor);
  const rows = await findDependants(deps.db, guardian.personId);
  const names = await regionNames(deps.db, rows.map((r) => r.homeRegionCode));
  return rows.map(({ nameEnc, ...row }) => ({ ...row, name: openName(deps.keyring, { nameEnc }), homeRegionName: names.get(row.homeRegionCode) ?? row.homeRegionCode }));
}

/** Registers a new person as a dependant, or binds an existing one given their ID number and exact name. */
export async function bindDependant(deps: PeopleDeps, actor: Actor | undefined, input: DependantInput): Promise<Dependant> {
  const guardian = requireRegisteredResident(actor);
  if (!isRelation(input.relation)) throw peopleFail('PERSON_RELATION_INVALID', { field: 'relation' });
  const now = deps.clock.now();
  const homeRegionCode = input.homeRegionCode ?? (await findPersonHomeRegion(deps.db, guardian.personId)) ?? '';
  const checked = await checkPersonOrFail(deps.db, { ...input, homeRegionCode }, shanghaiDay(now));
  const dependantId = await inTransaction(deps.db, async (trx) => {
    if (!(await lockPersonById(trx, guardian.personId))) throw peopleFail('PERSON_NOT_REGISTERED');
    if ((await countDependants(trx, guardian.personId)) >= MAX_DEPENDANTS) throw peopleFail('DEPENDANT_LIMIT', { max: MAX_DEPENDANTS });
    const existing = await findSealedPersonByIdNumber(trx, checked.idType, idNumberHash(deps.keyring, checked.idType, checked.idNumber));
    if (existing && !sameName(openName(deps.keyring, existing), checked.name)) throw peopleFail('PERSON_ALREADY_REGISTERED', { field: 'idNumber' });
    if (existing?.id === guardian.personId) throw peopleFail('DEPENDANT_SELF', { field: 'idNumber' });
    if (existing && (await guardianshipExists(trx, guardian.personId, existing.id))) throw peopleFail('DEPENDANT_ALREADY_BOUND');
    const sealed = existing ?? sealPerson(deps.keyring, randomUUID(), checked);
    if (!existing) await insertPersons(trx, [sealed], now);
    await insertGuardianships(trx, [{ guardianId: guardian.personId, dependantId: sealed.id, relation: input.relation }]);
    await recordAudit(trx, guardian, {
      action: 'dependant.bind', targetType: 'person', targetId: sealed.id, regionCode: sealed.homeRegionCode,
      detail: { guardianId: guardian.personId, relation: input.relation, newPerson: existing === undefined },
    }, deps.clock);
    return sealed.id;
  }).catch(mapConflict);
  const bound = (await listMyDependants(deps, guardian)).find((d) => d.id === dependantId);
  if (!bound) throw peopleFail('DEPENDANT_NOT_FOUND');
  return bound;
}

export async function unbindDependant(deps: PeopleDeps, actor: Actor | undefined, dependantId: string): Promise<void> {
  const guardian = requireRegisteredResident(actor);
  await inTransaction(deps.db, async (trx) => {
    if (!isPersonId(dependantId) || !(await deleteGuardianship(trx, guardian.personId, dependantId))) throw peopleFail('DEPENDANT_NOT_FOUND');
    await recordAudit(trx, guardian, {
      action: 'dependant.unbind', targetType: 'person', targetId: dependantId, detail: { guardianId: guardian.personId },
    }, deps.clock);
  });
}
