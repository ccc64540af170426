/** SQL for health_declarations (append-only: rows are inserted and read, never updated). */
import { sql } from 'kysely';
import type { DbOrTrx } from '../../db/transaction.ts';
import type { CaseContact, DeclarationCursor, Symptom } from './model.ts';

export interface SealedDeclaration {
  id: string;
  personId: string;
  declaredByAccountId: string | null;
  declaredAt: Date;
  regionCode: string;
  addressEnc: string;
  phoneEnc: string | null;
  phoneMasked: string | null;
  temperature: number;
  symptoms: Symptom[];
  stayedRegionCodes: string[];
  contact: CaseContact;
}

/** What the rules engine reads of a declaration: nothing that identifies anyone. */
export interface DeclarationFactRow {
  personId: string;
  declaredAt: Date;
  temperature: number;
  symptoms: string[];
  stayedRegionCodes: string[];
  contact: CaseContact;
}

const sealedColumns = ['id', 'personId', 'declaredByAccountId', 'declaredAt', 'regionCode', 'addressEnc', 'phoneEnc', 'phoneMasked',
  'temperature', 'symptoms', 'stayedRegionCodes', 'contact'] as const;
const factColumns = ['personId', 'declaredAt', 'temperature', 'symptoms', 'stayedRegionCodes', 'contact'] as const;

function withNumber<T extends { temperature: string }>(row: T): Omit<T, 'temperature'> & { temperature: number } {
  return { ...row, temperature: Number(row.temperature) };
}

export async function insertDeclaration(db: DbOrTrx, row: SealedDeclaration): Promise<void> {
  await db.insertInto('healthDeclarations').values({ ...row, pledge: true }).execute();
}

/** Newest first, (declared_at, id) keyset — the order of health_declarations_person_idx. */
export async function findDeclarationsByPerson(db: DbOrTrx, personId: string, page: { after?: DeclarationCursor; limit: number }): Promise<SealedDeclaration[]> {
  let q = db.selectFrom('healthDeclarations').select(sealedColumns).where('personId', '=', personId)
    .orderBy('declaredAt', 'desc').orderBy('id', 'desc').limit(page.limit);
  const after = page.after;
  if (after) q = q.where((eb) => eb.or([eb('declaredAt', '<', after.declaredAt), eb.and([eb('declaredAt', '=', after.declaredAt), eb('id', '<', after.id)])]));
  const rows = await q.execute();
  return rows.map((r) => withNumber(r) as SealedDeclaration);
}

/** Whose declaration this is; undefined when there is no such declaration. */
export async function findDeclarationPersonId(db: DbOrTrx, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('healthDeclarations').select('personId').where('id', '=', id).executeTakeFirst();
  return row?.personId;
}

/** Declarations made at or after `since` by these persons, oldest first. */
export async function findDeclarationFacts(db: DbOrTrx, personIds: readonly string[], since: Date): Promise<DeclarationFactRow[]> {
  if (personIds.length === 0) return [];
  const rows = await db.selectFrom('healthDeclarations').select(factColumns)
    .where('personId', 'in', [...personIds]).where('declaredAt', '>=', since)
    .orderBy('personId').orderBy('declaredAt').execute();
  return rows.map(withNumber);
}

/** Persons who declared a stay inside one of these region prefixes since `since` (risk-area changes). */
export async function findPersonsWhoStayedIn(db: DbOrTrx, prefixes: readonly string[], since: Date): Promise<string[]> {
  if (prefixes.length === 0) return [];
  const patterns = prefixes.map((p) => `${p}%`);
  const rows = await db.selectFrom('healthDeclarations').select('personId').distinct()
    .where('declaredAt', '>=', since)
    .where(sql<boolean>`exists (select 1 from unnest(stayed_region_codes) s where s like any(${sql.val(patterns)}::text[]))`)
    .execute();
  return rows.map((r) => r.personId);
}
