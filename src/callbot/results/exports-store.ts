/** SQL of the campaign report's Excel exports made by the background job (callbot_report_exports, migration 0700). */
import type { DbOrTrx } from '../../db/transaction.ts';
import type { FileJobStatus } from '../../kernel/file-jobs.ts';

export interface ReportExportRecord {
  id: string;
  campaignId: string;
  regionCode: string;
  requestedByAccountId: string;
  status: FileJobStatus;
  processed: number;
  total: number;
  rowCount: number | null;
  error: string | null;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
  expiresAt: Date;
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

export async function findReportExportFile(db: DbOrTrx, id: string): Promise<Buffer | null | undefined> {
  const row = await db.selectFrom('callbotReportExports').select('file').where('id', '=', id).executeTakeFirst();
  return row?.file;
}

/** queued → running, once. */
export async function claimReportExport(db: DbOrTrx, id: string, at: Date): Promise<ReportExportRecord | undefined> {
  return db.updateTable('callbotReportExports').set({ status: 'running', updatedAt: at }).where('id', '=', id).where('status', '=', 'queued')
    .returning(columns).executeTakeFirst();
}

export async function updateReportExportProgress(db: DbOrTrx, id: string, processed: number, at: Date): Promise<void> {
  await db.updateTable('callbotReportExports').set({ processed, updatedAt: at }).where('id', '=', id).where('status', '=', 'running').execute();
}

export async function finishReportExport(db: DbOrTrx, id: string, result: { file: Buffer; rowCount: number; at: Date } | { error: string; at: Date }): Promise<void> {
  const set = 'file' in result
    ? { status: 'done' as const, file: result.file, rowCount: result.rowCount, processed: result.rowCount }
    : { status: 'failed' as const, error: result.error };
  await db.updateTable('callbotReportExports').set({ ...set, updatedAt: result.at, finishedAt: result.at })
    .where('id', '=', id).where('status', 'in', ['queued', 'running']).execute();
}

export async function failStaleReportExports(db: DbOrTrx, before: Date, error: string, at: Date): Promise<number> {
  const result = await db.updateTable('callbotReportExports').set({ status: 'failed', error, updatedAt: at, finishedAt: at })
    .where('status', 'in', ['queued', 'running']).where('updatedAt', '<', before).executeTakeFirst();
  return Number(result.numUpdatedRows ?? 0);
}

export async function deleteExpiredReportExports(db: DbOrTrx, now: Date): Promise<number> {
  const result = await db.deleteFrom('callbotReportExports').where('expiresAt', '<', now).executeTakeFirst();
  return Number(result.numDeletedRows ?? 0);
}
