/** SQL of the daily report's Excel exports made by the background job (fever_clinic_report_exports, migration 0770). */
import { sql } from 'kysely';
import type { DbOrTrx } from '../../db/transaction.ts';
import type { FileJobStatus } from '../../kernel/file-jobs.ts';

export interface ReportExportRecord {
  id: string;
  regionCode: string;
  day: string;
  requestedByAccountId: string;
  status: FileJobStatus;
  processed: number;
  total: number | null;
  rowCount: number | null;
  error: string | null;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
  expiresAt: Date;
}

const columns = ['id', 'regionCode', 'day', 'requestedByAccountId', 'status', 'processed', 'total', 'rowCount', 'error', 'createdAt', 'updatedAt', 'finishedAt', 'expiresAt'] as const;

export async function insertReportExport(db: DbOrTrx, row: Pick<ReportExportRecord, 'id' | 'regionCode' | 'day' | 'requestedByAccountId' | 'createdAt' | 'expiresAt'>): Promise<void> {
  await db.insertInto('feverClinicReportExports').values({ ...row, updatedAt: row.createdAt }).execute();
}

export async function findReportExport(db: DbOrTrx, id: string): Promise<ReportExportRecord | undefined> {
  return db.selectFrom('feverClinicReportExports').select(columns).where('id', '=', id).executeTakeFirst();
}

export async function countUnfinishedReportExports(db: DbOrTrx, accountId: string, staleBefore: Date): Promise<number> {
  const row = await db.selectFrom('feverClinicReportExports').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('requestedByAccountId', '=', accountId).where('status', 'in', ['queued', 'running']).where('updatedAt', '>=', staleBefore).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** queued → running, once. */
export async function claimReportExport(db: DbOrTrx, id: string, at: Date): Promise<ReportExportRecord | undefined> {
  return db.updateTable('feverClinicReportExports').set({ status: 'running', updatedAt: at }).where('id', '=', id).where('status', '=', 'queued').returning(columns).executeTakeFirst();
}

export async function updateReportExportProgress(db: DbOrTrx, id: string, processed: number, total: number, at: Date): Promise<void> {
  await db.updateTable('feverClinicReportExports').set({ processed, total, updatedAt: at }).where('id', '=', id).where('status', '=', 'running').execute();
}

export async function findReportExportFile(db: DbOrTrx, id: string): Promise<Buffer | null | undefined> {
  return (await db.selectFrom('feverClinicReportExports').select('file').where('id', '=', id).executeTakeFirst())?.file;
}

/** queued or running → done with the file, or failed with the error; a finished row stays as it was. */
export async function finishReportExport(db: DbOrTrx, id: string, result: { file: Buffer; rowCount: number; at: Date } | { error: string; at: Date }): Promise<void> {
  const patch = 'file' in result
    ? { status: 'done' as const, file: result.file, rowCount: result.rowCount, processed: result.rowCount, updatedAt: result.at, finishedAt: result.at }
    : { status: 'failed' as const, error: result.error, updatedAt: result.at, finishedAt: result.at };
  await db.updateTable('feverClinicReportExports').set(patch).where('id', '=', id).where('status', 'in', ['queued', 'running']).execute();
}

export async function failStaleReportExports(db: DbOrTrx, before: Date, error: string, at: Date): Promise<number> {
  const result = await db.updateTable('feverClinicReportExports').set({ status: 'failed', error, updatedAt: at, finishedAt: at })
    .where('status', 'in', ['queued', 'running']).where('updatedAt', '<', before).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function deleteExpiredReportExports(db: DbOrTrx, now: Date): Promise<number> {
  const result = await sql`delete from fever_clinic_report_exports where expires_at < ${now}`.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}
