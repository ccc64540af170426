/**
 * SQL of the daily report's Excel exports made by the background job (fever_clinic_report_exports,
 * migration 0770): the insert, find, count and claim of this kind; the rest of the row's life is
 * the file jobs' shared SQL (src/db/file-job-rows.ts).
 */
import { fileJobRows } from '../../db/file-job-rows.ts';
import type { DbOrTrx } from '../../db/transaction.ts';
import type { FileJobRecord } from '../../kernel/file-jobs.ts';

export interface ReportExportRecord extends FileJobRecord {
  regionCode: string;
  day: string;
  /** Not known when asked: null until the job's first page, then the rows written so far. */
  total: number | null;
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

/** Progress with the total, which this kind does not know when asked (see ReportExportRecord.total). */
export async function updateReportExportProgress(db: DbOrTrx, id: string, processed: number, total: number, at: Date): Promise<void> {
  await db.updateTable('feverClinicReportExports').set({ processed, total, updatedAt: at }).where('id', '=', id).where('status', '=', 'running').execute();
}

const rows = fileJobRows('fever_clinic_report_exports');
export const findReportExportFile = rows.findFile;
export const finishReportExport = rows.finish;
export const failStaleReportExports = rows.failStale;
export const deleteExpiredReportExports = rows.deleteExpired;
