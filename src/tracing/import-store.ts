/** SQL of case imports: the background job's rows (case_imports, migration 0740) and the look-ups a batch of rows needs in cases. */
import { sql, type Transaction } from 'kysely';
import type { Database, RosterImportPhase } from '../db/schema.ts';
import type { DbOrTrx } from '../db/transaction.ts';
import type { LocalizedMessage } from '../kernel/errors.ts';
import type { Classification } from './model/case.ts';

export type CaseImportPhase = RosterImportPhase;

/** A failed import's error as the console shows it: the stable code, its messages and the details (missing columns, …). */
export interface CaseImportError extends LocalizedMessage {
  code: string;
  details?: unknown;
}

export interface CaseImportRecord<Report = unknown> {
  id: string;
  regionCode: string;
  requestedByAccountId: string;
  requestedByLabel: string;
  dryRun: boolean;
  phase: CaseImportPhase;
  processed: number;
  total: number | null;
  report: Report | null;
  error: CaseImportError | null;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
  expiresAt: Date;
}

const columns = [
  'id', 'regionCode', 'requestedByAccountId', 'requestedByLabel', 'dryRun', 'phase', 'processed', 'total', 'report', 'error', 'createdAt', 'updatedAt', 'finishedAt', 'expiresAt',
] as const;
const UNFINISHED: CaseImportPhase[] = ['queued', 'validating', 'writing'];

const toRecord = <R>(row: Omit<CaseImportRecord, 'error'> & { error: unknown }): CaseImportRecord<R> => ({ ...row, report: row.report as R | null, error: row.error as CaseImportError | null });

export async function insertCaseImport(
  db: DbOrTrx,
  row: Pick<CaseImportRecord, 'id' | 'regionCode' | 'requestedByAccountId' | 'requestedByLabel' | 'dryRun' | 'createdAt' | 'expiresAt'> & { fileEnc: string; fileSha256: string; fileBytes: number },
): Promise<void> {
  await db.insertInto('caseImports').values({ ...row, updatedAt: row.createdAt }).execute();
}

/**
 * The account's unfinished imports for the region that moved since `movedSince`, counted under a
 * lock of that account and region held to the end of `trx` (two uploads at once count in turn).
 */
export async function countUnfinishedCaseImportsLocked(trx: Transaction<Database>, regionCode: string, accountId: string, movedSince: Date): Promise<number> {
  await sql`select pg_advisory_xact_lock(hashtext(${`case-imports:${regionCode}:${accountId}`}))`.execute(trx);
  const row = await trx.selectFrom('caseImports').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('regionCode', '=', regionCode).where('requestedByAccountId', '=', accountId).where('phase', 'in', UNFINISHED)
    .where('updatedAt', '>=', movedSince).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findCaseImport<R>(db: DbOrTrx, id: string): Promise<CaseImportRecord<R> | undefined> {
  const row = await db.selectFrom('caseImports').select(columns).where('id', '=', id).executeTakeFirst();
  return row && toRecord<R>(row);
}

/** queued → validating, once: the record and its (encrypted) file, or undefined when another delivery took it. */
export async function claimCaseImport<R>(db: DbOrTrx, id: string, at: Date): Promise<(CaseImportRecord<R> & { fileEnc: string }) | undefined> {
  const row = await db.updateTable('caseImports').set({ phase: 'validating', updatedAt: at }).where('id', '=', id).where('phase', '=', 'queued')
    .returning([...columns, 'fileEnc']).executeTakeFirst();
  return row && { ...toRecord<R>(row), fileEnc: row.fileEnc! };
}

/** Progress of a running import (never moves a finished one back). */
export async function updateCaseImportProgress(db: DbOrTrx, id: string, p: { phase: 'validating' | 'writing'; processed: number; total: number; at: Date }): Promise<void> {
  await db.updateTable('caseImports').set({ phase: p.phase, processed: p.processed, total: p.total, updatedAt: p.at })
    .where('id', '=', id).where('phase', 'in', ['validating', 'writing']).execute();
}

/** The end of an import: its report, or its error; the uploaded file is dropped either way. */
export async function finishCaseImport(db: DbOrTrx, id: string, result: { report: unknown; at: Date } | { error: CaseImportError; at: Date }): Promise<void> {
  const set = 'report' in result ? { phase: 'done' as const, report: JSON.stringify(result.report) } : { phase: 'failed' as const, error: JSON.stringify(result.error) };
  await db.updateTable('caseImports').set({ ...set, fileEnc: null, updatedAt: result.at, finishedAt: result.at })
    .where('id', '=', id).where('phase', 'in', UNFINISHED).execute();
}

/** Imports cut off (a stopped process) whose row has not moved since `before`: failed with `error`; how many. */
export async function failStaleCaseImports(db: DbOrTrx, before: Date, error: CaseImportError, at: Date): Promise<number> {
  const result = await db.updateTable('caseImports').set({ phase: 'failed', error: JSON.stringify(error), fileEnc: null, updatedAt: at, finishedAt: at })
    .where('phase', 'in', UNFINISHED).where('updatedAt', '<', before).executeTakeFirst();
  return Number(result.numUpdatedRows ?? 0);
}

export async function deleteExpiredCaseImports(db: DbOrTrx, now: Date): Promise<number> {
  const result = await db.deleteFrom('caseImports').where('expiresAt', '<', now).executeTakeFirst();
  return Number(result.numDeletedRows ?? 0);
}

// ---- cases a batch of rows names ------------------------------------------------------------------

export interface ImportedCaseRef {
  id: string;
  personId: string;
  regionCode: string;
  classification: Classification;
  issuingRegionCode: string;
  externalRef: string;
}

/** The cases other regions sent with these (issuing region, reference) pairs. */
export async function findImportedCases(db: DbOrTrx, refs: readonly { issuingRegionCode: string; externalRef: string }[]): Promise<ImportedCaseRef[]> {
  if (refs.length === 0) return [];
  const { rows } = await sql<ImportedCaseRef>`
    select c.id, c.person_id as "personId", c.region_code as "regionCode", c.classification, c.issuing_region_code as "issuingRegionCode", c.external_ref as "externalRef"
    from cases c join unnest(${refs.map((r) => r.issuingRegionCode)}::text[], ${refs.map((r) => r.externalRef)}::text[]) as k(region, ref)
      on c.issuing_region_code = k.region and c.external_ref = k.ref`.execute(db);
  return rows;
}

/** Each person's open case (suspected, confirmed or asymptomatic), if any. */
export async function findOpenCasesOfPersons(db: DbOrTrx, personIds: readonly string[], open: readonly Classification[]): Promise<Map<string, string>> {
  if (personIds.length === 0) return new Map();
  const rows = await db.selectFrom('cases').select(['id', 'personId']).where('personId', 'in', [...new Set(personIds)]).where('classification', 'in', [...open]).execute();
  return new Map(rows.map((r) => [r.personId, r.id]));
}
