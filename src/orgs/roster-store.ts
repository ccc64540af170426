/** SQL of the roster imports run by the background job (org_roster_imports, migration 0680). */
import { sql, type Transaction } from 'kysely';
import type { Database, RosterImportPhase } from '../db/schema.ts';
import type { DbOrTrx } from '../db/transaction.ts';
import type { LocalizedMessage } from '../kernel/errors.ts';
import type { RosterReport } from './roster.ts';

export type { RosterImportPhase };

/** A failed import's error as the console shows it: the stable code, its messages and the details (missing columns, …). */
export interface RosterImportError extends LocalizedMessage {
  code: string;
  details?: unknown;
}

export interface RosterImportRecord {
  id: string;
  organisationId: string;
  regionCode: string;
  requestedByAccountId: string;
  requestedByLabel: string;
  dryRun: boolean;
  createUnits: boolean;
  phase: RosterImportPhase;
  processed: number;
  total: number | null;
  report: RosterReport | null;
  error: RosterImportError | null;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
  expiresAt: Date;
}

const columns = [
  'id', 'organisationId', 'regionCode', 'requestedByAccountId', 'requestedByLabel', 'dryRun', 'createUnits', 'phase', 'processed', 'total', 'report', 'error',
  'createdAt', 'updatedAt', 'finishedAt', 'expiresAt',
] as const;

const UNFINISHED: RosterImportPhase[] = ['queued', 'validating', 'writing'];

function toRecord(row: Omit<RosterImportRecord, 'report' | 'error'> & { report: unknown; error: unknown }): RosterImportRecord {
  return { ...row, report: row.report as RosterReport | null, error: row.error as RosterImportError | null };
}

export async function insertRosterImport(
  db: DbOrTrx,
  row: Pick<RosterImportRecord, 'id' | 'organisationId' | 'regionCode' | 'requestedByAccountId' | 'requestedByLabel' | 'dryRun' | 'createUnits' | 'createdAt' | 'expiresAt'>
    & { fileEnc: string; fileSha256: string; fileBytes: number },
): Promise<void> {
  await db.insertInto('orgRosterImports').values({ ...row, updatedAt: row.createdAt }).execute();
}

/**
 * How many imports `accountId` started for the organisation are not finished (queued, validating
 * or writing), counted under a lock of that account and organisation held to the end of `trx`:
 * two uploads at once count one after the other, each seeing the other's row once inserted.
 */
/** Unfinished imports that moved since `movedSince` (older ones are stopped: the sweep fails them). */
export async function countUnfinishedRosterImportsLocked(trx: Transaction<Database>, organisationId: string, accountId: string, movedSince: Date): Promise<number> {
  await sql`select pg_advisory_xact_lock(hashtext(${`org-roster-imports:${organisationId}:${accountId}`}))`.execute(trx);
  const row = await trx.selectFrom('orgRosterImports').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('organisationId', '=', organisationId).where('requestedByAccountId', '=', accountId).where('phase', 'in', UNFINISHED)
    .where('updatedAt', '>=', movedSince).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findRosterImport(db: DbOrTrx, id: string): Promise<RosterImportRecord | undefined> {
  const row = await db.selectFrom('orgRosterImports').select(columns).where('id', '=', id).executeTakeFirst();
  return row && toRecord(row);
}

/** queued → validating, once: the record and its (encrypted) file, or undefined when another delivery took it. */
export async function claimRosterImport(db: DbOrTrx, id: string, at: Date): Promise<(RosterImportRecord & { fileEnc: string }) | undefined> {
  const row = await db.updateTable('orgRosterImports').set({ phase: 'validating', updatedAt: at }).where('id', '=', id).where('phase', '=', 'queued')
    .returning([...columns, 'fileEnc']).executeTakeFirst();
  return row && { ...toRecord(row), fileEnc: row.fileEnc! };
}

/** Progress of a running import (never moves a finished one back). */
export async function updateRosterImportProgress(db: DbOrTrx, id: string, p: { phase: 'validating' | 'writing'; processed: number; total: number; at: Date }): Promise<void> {
  await db.updateTable('orgRosterImports').set({ phase: p.phase, processed: p.processed, total: p.total, updatedAt: p.at })
    .where('id', '=', id).where('phase', 'in', ['validating', 'writing']).execute();
}

/** The end of an import: its report, or its error; the uploaded file is dropped either way. */
export async function finishRosterImport(db: DbOrTrx, id: string, result: { report: RosterReport; at: Date } | { error: RosterImportError; at: Date }): Promise<void> {
  const set = 'report' in result
    ? { phase: 'done' as const, report: JSON.stringify(result.report) }
    : { phase: 'failed' as const, error: JSON.stringify(result.error) };
  await db.updateTable('orgRosterImports').set({ ...set, fileEnc: null, updatedAt: result.at, finishedAt: result.at })
    .where('id', '=', id).where('phase', 'in', UNFINISHED).execute();
}

/** Imports cut off (a stopped process) whose row has not moved since `before`: failed with `error`; how many. */
export async function failStaleRosterImports(db: DbOrTrx, before: Date, error: RosterImportError, at: Date): Promise<number> {
  const result = await db.updateTable('orgRosterImports').set({ phase: 'failed', error: JSON.stringify(error), fileEnc: null, updatedAt: at, finishedAt: at })
    .where('phase', 'in', UNFINISHED).where('updatedAt', '<', before).executeTakeFirst();
  return Number(result.numUpdatedRows ?? 0);
}

export async function deleteExpiredRosterImports(db: DbOrTrx, now: Date): Promise<number> {
  const result = await db.deleteFrom('orgRosterImports').where('expiresAt', '<', now).executeTakeFirst();
  return Number(result.numDeletedRows ?? 0);
}
