/** SQL of the daily check-in Excel exports made by the background job (org_daily_exports, migration 0680). */
import type { DbOrTrx } from '../../db/transaction.ts';
import type { FileJobStatus } from '../../kernel/file-jobs.ts';
import type { DailyStatistics } from './service.ts';

export interface DailyExportRecord {
  id: string;
  organisationId: string;
  regionCode: string;
  requestedByAccountId: string;
  day: string;
  unitId: string | null;
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

export async function findDailyExportFile(db: DbOrTrx, id: string): Promise<Buffer | null | undefined> {
  const row = await db.selectFrom('orgDailyExports').select('file').where('id', '=', id).executeTakeFirst();
  return row?.file;
}

/** queued → running, once: the record and the statistics counted when it was asked for. */
export async function claimDailyExport(db: DbOrTrx, id: string, at: Date): Promise<(DailyExportRecord & { statistics: DailyStatistics }) | undefined> {
  const row = await db.updateTable('orgDailyExports').set({ status: 'running', updatedAt: at }).where('id', '=', id).where('status', '=', 'queued')
    .returning([...columns, 'statistics']).executeTakeFirst();
  return row && { ...row, statistics: row.statistics as DailyStatistics };
}

export async function updateDailyExportProgress(db: DbOrTrx, id: string, processed: number, at: Date): Promise<void> {
  await db.updateTable('orgDailyExports').set({ processed, updatedAt: at }).where('id', '=', id).where('status', '=', 'running').execute();
}

export async function finishDailyExport(db: DbOrTrx, id: string, result: { file: Buffer; rowCount: number; at: Date } | { error: string; at: Date }): Promise<void> {
  const set = 'file' in result
    ? { status: 'done' as const, file: result.file, rowCount: result.rowCount, processed: result.rowCount }
    : { status: 'failed' as const, error: result.error };
  await db.updateTable('orgDailyExports').set({ ...set, updatedAt: result.at, finishedAt: result.at })
    .where('id', '=', id).where('status', 'in', ['queued', 'running']).execute();
}

/** Exports cut off (a stopped process) whose row has not moved since `before`: failed; how many. */
export async function failStaleDailyExports(db: DbOrTrx, before: Date, error: string, at: Date): Promise<number> {
  const result = await db.updateTable('orgDailyExports').set({ status: 'failed', error, updatedAt: at, finishedAt: at })
    .where('status', 'in', ['queued', 'running']).where('updatedAt', '<', before).executeTakeFirst();
  return Number(result.numUpdatedRows ?? 0);
}

export async function deleteExpiredDailyExports(db: DbOrTrx, now: Date): Promise<number> {
  const result = await db.deleteFrom('orgDailyExports').where('expiresAt', '<', now).executeTakeFirst();
  return Number(result.numDeletedRows ?? 0);
}
