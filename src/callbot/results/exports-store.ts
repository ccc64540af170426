/** SQL of the campaign report's Excel exports made by the background job (callbot_report_exports, migration 0700). */
import { fileJobRows } from '../../db/file-job-rows.ts';
import type { DbOrTrx } from '../../db/transaction.ts';
import type { FileJobRecord } from '../../kernel/file-jobs.ts';

export interface ReportExportRecord extends FileJobRecord {
  campaignId: string;
  regionCode: string;
  total: number;
}

const columns = [
  'id', 'campaignId', 'regionCode', 'requestedByAccountId', 'status', 'processed', 'total', 'rowCount', 'error', 'createdAt', 'updatedAt', 'finishedAt', 'expiresAt',
] as const;

export async function insertReportExport(
  db: DbOrTrx, row: Pick<ReportExportRecord, 'id' | 'campaignId' | 'regionCode' | 'requestedByAccountId' | 'total' | 'createdAt' | 'expiresAt'>,
): Promise<void> {
  await db.insertInto('callbotReportExports').values({ ...row, updatedAt: row.createdAt }).execute();
}

export async function findReportExport(db: DbOrTrx, id: string): Promise<ReportExportRecord | undefined> {
  return db.selectFrom('callbotReportExports').select(columns).where('id', '=', id).executeTakeFirst();
}

/** queued → running, once. */
export async function claimReportExport(db: DbOrTrx, id: string, at: Date): Promise<ReportExportRecord | undefined> {
  return db.updateTable('callbotReportExports').set({ status: 'running', updatedAt: at }).where('id', '=', id).where('status', '=', 'queued')
    .returning(columns).executeTakeFirst();
}

const rows = fileJobRows('callbot_report_exports');
export const findReportExportFile = rows.findFile;
export const updateReportExportProgress = rows.updateProgress;
export const finishReportExport = rows.finish;
export const failStaleReportExports = rows.failStale;
export const deleteExpiredReportExports = rows.deleteExpired;
