/**
 * Health declarations (健康申报): a resident declares for themself or a dependant; history is kept,
 * never updated. Each declaration notes "facts changed" for the person in the same transaction,
 * so the colour review job recomputes the colour even if the immediate recomputation is lost.
 */
import { randomUUID } from 'node:crypto';
import type { DbOrTrx } from '../../db/transaction.ts';
import { inTransaction } from '../../db/transaction.ts';
import { requireAccess, type Actor } from '../../kernel/access.ts';
import { decryptField, encryptField, type Keyring } from '../../kernel/crypto/field-encryption.ts';
import { maskPhone } from '../../kernel/masking.ts';
import { regionPrefix } from '../../kernel/regions-scope.ts';
import { DAY_MS, type Clock } from '../../kernel/time.ts';
import { requireSelfOrGuardian } from '../../people/service.ts';
import { getPersonForResident } from '../../people/self-service.ts';
import { regionNames } from '../../regions/service.ts';
import { noteFactsChanged } from '../colours/outbox/service.ts';
import { declarationFail } from './errors.ts';
import { checkDeclaration, decodeCursor, encodeCursor, type CaseContact, type Declaration, type DeclarationInput } from './model.ts';
import {
  findDeclarationFacts, findDeclarationPersonId, findDeclarationsByPerson, findPersonsWhoStayedIn, insertDeclaration, type SealedDeclaration,
} from './store.ts';

export type { Declaration, DeclarationInput, Symptom, CaseContact } from './model.ts';
export { SYMPTOMS, CONTACTS, MAX_STAYED_PLACES } from './model.ts';

export interface DeclarationDeps {
  db: DbOrTrx;
  keyring: Keyring;
  clock: Clock;
}

/** A declaration as the colour rules read it: no address, no phone, nobody's identity. */
export interface DeclarationFact {
  declaredAt: Date;
  temperature: number;
  symptoms: string[];
  stayedRegionCodes: string[];
  contact: CaseContact;
}

function openDeclaration(keyring: Keyring, row: SealedDeclaration): Declaration {
  return {
    id: row.id, personId: row.personId, declaredAt: row.declaredAt, regionCode: row.regionCode, address: decryptField(keyring, row.addressEnc),
    phoneMasked: row.phoneMasked, temperature: row.temperature, symptoms: row.symptoms, stayedRegionCodes: row.stayedRegionCodes, contact: row.contact,
  };
}

/** Validates, stores and notes the change. The caller recomputes the colour right after (see routes.ts). */
export async function submitDeclaration(deps: DeclarationDeps, actor: Actor | undefined, input: DeclarationInput): Promise<Declaration> {
  requireAccess(actor, 'code.declare');
  const resident = await requireSelfOrGuardian(deps.db, actor, input.personId);
  const checked = checkDeclaration(input);
  if (!checked.ok) throw declarationFail(checked.code, { field: checked.field });
  const declaration = checked.value;
  const known = await regionNames(deps.db, [declaration.regionCode, ...declaration.stayedRegionCodes]);
  if (!known.has(declaration.regionCode)) throw declarationFail('DECLARATION_REGION_UNKNOWN', { field: 'regionCode' });
  const unknownStay = declaration.stayedRegionCodes.find((c) => !known.has(c));
  if (unknownStay) throw declarationFail('DECLARATION_REGION_UNKNOWN', { field: 'stayedRegionCodes', code: unknownStay });
  const phone = declaration.phone ?? (await getPersonForResident(deps, resident, declaration.personId)).phone;
  const row: SealedDeclaration = {
    id: randomUUID(), personId: declaration.personId, declaredByAccountId: resident.accountId, declaredAt: deps.clock.now(),
    regionCode: declaration.regionCode, addressEnc: encryptField(deps.keyring, declaration.address),
    phoneEnc: phone ? encryptField(deps.keyring, phone) : null, phoneMasked: phone ? maskPhone(phone) : null,
    temperature: declaration.temperature, symptoms: declaration.symptoms, stayedRegionCodes: declaration.stayedRegionCodes, contact: declaration.contact,
  };
  await inTransaction(deps.db, async (trx) => {
    await insertDeclaration(trx, row);
    await noteFactsChanged(trx, [row.personId], 'declaration', row.id, row.declaredAt);
  });
  return openDeclaration(deps.keyring, row);
}

/** A person's own (or a dependant's) declarations, newest first, keyset-paginated. */
export async function listDeclarations(
  deps: DeclarationDeps, actor: Actor | undefined, query: { personId: string; after?: string; limit: number },
): Promise<{ items: Declaration[]; next: string | null }> {
  requireAccess(actor, 'code.declare');
  await requireSelfOrGuardian(deps.db, actor, query.personId);
  return declarationPageOf(deps, query.personId, query);
}

/**
 * One page of a person's declarations, newest first, decrypted. No access check: the caller has
 * made its own (the resident's ownership above; an official's region, with the read audited, in
 * overrides/false-declaration-service.ts).
 */
export async function declarationPageOf(
  deps: Omit<DeclarationDeps, 'clock'>, personId: string, page: { after?: string; limit: number },
): Promise<{ items: Declaration[]; next: string | null }> {
  const after = page.after === undefined ? undefined : decodeCursor(page.after);
  if (page.after !== undefined && !after) throw declarationFail('DECLARATION_CURSOR_INVALID', { field: 'after' });
  const rows = await findDeclarationsByPerson(deps.db, personId, { after, limit: page.limit });
  const last = rows[rows.length - 1];
  return { items: rows.map((r) => openDeclaration(deps.keyring, r)), next: rows.length === page.limit && last ? encodeCursor(last) : null };
}

/** Whose declaration this is (undefined: no such declaration, or not a declaration id at all). */
export async function declarationOwner(db: DbOrTrx, declarationId: string): Promise<string | undefined> {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(declarationId) ? findDeclarationPersonId(db, declarationId) : undefined;
}

/** How far back the colour rules look: 14-day windows plus their release periods. */
export const FACT_LOOKBACK_MS = 35 * DAY_MS;

/** Declarations of these persons within the rules' look-back, grouped by person, oldest first. */
export async function declarationFactsFor(db: DbOrTrx, personIds: readonly string[], at: Date): Promise<Map<string, DeclarationFact[]>> {
  const rows = await findDeclarationFacts(db, personIds, new Date(at.getTime() - FACT_LOOKBACK_MS));
  const byPerson = new Map<string, DeclarationFact[]>();
  for (const { personId, ...fact } of rows) {
    const list = byPerson.get(personId) ?? [];
    list.push(fact);
    byPerson.set(personId, list);
  }
  return byPerson;
}

/** Persons who declared a stay inside any of these regions within the look-back (a risk area changed). */
export async function personsWhoStayedIn(db: DbOrTrx, regionCodes: readonly string[], at: Date): Promise<string[]> {
  return findPersonsWhoStayedIn(db, regionCodes.map(regionPrefix), new Date(at.getTime() - FACT_LOOKBACK_MS));
}
