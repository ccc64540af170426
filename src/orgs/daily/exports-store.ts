/** SQL of the daily check-in Excel exports made by the background job (org_daily_exports, migration 0680). */
import { fileJobRows } from '../../db/file-job-rows.ts';
import type { DbOrTrx } from '../../db/transaction.ts';
import type { FileJobRecord } from '../../kernel/file-jobs.ts';
import type { DailyStatistics } from './service.ts';

export interface DailyExportRecord extends FileJobRecord {
  organisationId: string;
  regionCode: string;
  day: string;
  unitId: string | null;
  total: number;
}

const columns = [
  'id', 'organisationId', 'regionCode', 'requestedByAccountId', 'day', 'unitId', 'status', 'processed', 'total', 'rowCount', 'error',
  'createdAt', 'updatedAt', 'finishedAt', 'expiresAt',
] as const;

export async function insertDailyExport(
  db: DbOrTrx,
  row: Pick<DailyExportRecord, 'id' | 'organisationId' | 'regionCode' | 'requestedByAccountId' | 'day' | 'unitId' | 'total' | 'createdAt' | 'expiresAt'> & { statistics: DailyStatistics },
): Promise<void> {
  await db.insertInto('orgDailyExports').values({ ...row, statistics: JSON.stringify(row.statistics), updatedAt: row.createdAt }).execute();
}

export async function findDailyExport(db: DbOrTrx, id: string): Promise<DailyExportRecord | undefined> {
  return db.selectFrom('orgDailyExports').select(columns).where('id', '=', id).executeTakeFirst();
}

/** queued → running, once: the record and the statistics counted when it was asked for. */
export async function claimDailyExport(db: DbOrTrx, id: string, at: Date): Promise<(DailyExportRecord & { statistics: DailyStatistics }) | undefined> {
  const row = await db.updateTable('orgDailyExports').set({ status: 'running', updatedAt: at }).where('id', '=', id).where('status', '=', 'queued')
    .returning([...columns, 'statistics']).executeTakeFirst();
  return row && { ...row, statistics: row.statistics as DailyStatistics };
}

const rows = fileJobRows('org_daily_exports');
export const findDailyExportFile = rows.findFile;
export const updateDailyExportProgress = rows.updateProgress;
export const finishDailyExport = rows.finish;
export const failStaleDailyExports = rows.failStale;
export const deleteExpiredDailyExports = rows.deleteExpired;
