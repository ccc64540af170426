/**
 * The SQL every background file job's table shares once its row exists (src/kernel/file-jobs.ts):
 * the finished file, progress while running, done or failed once, stale runs failed, expired rows
 * removed. Tables of this shape (status, processed, updated_at, file, row_count, error,
 * finished_at, expires_at) name themselves here; each capability keeps its own insert, find and
 * claim, which differ by what the job was asked for.
 */
import { sql } from 'kysely';
import type { DbOrTrx } from './transaction.ts';

export type FileJobTable = 'org_daily_exports' | 'callbot_report_exports' | 'fever_clinic_report_exports';

export type FileJobResult = { file: Buffer; rowCount: number; at: Date } | { error: string; at: Date };

export interface FileJobRows {
  findFile(db: DbOrTrx, id: string): Promise<Buffer | null | undefined>;
  updateProgress(db: DbOrTrx, id: string, processed: number, at: Date): Promise<void>;
  /** queued or running → done with the file, or failed with the error; a finished row stays as it was. */
  finish(db: DbOrTrx, id: string, result: FileJobResult): Promise<void>;
  /** Runs cut off (a stopped process) whose row has not moved since `before`: failed; how many. */
  failStale(db: DbOrTrx, before: Date, error: string, at: Date): Promise<number>;
  deleteExpired(db: DbOrTrx, now: Date): Promise<number>;
}

const affected = (result: { numAffectedRows?: bigint }) => Number(result.numAffectedRows ?? 0n);

export function fileJobRows(table: FileJobTable): FileJobRows {
  const t = sql.table(table);
  return {
    async findFile(db, id) {
      const result = await sql<{ file: Buffer | null }>`select file from ${t} where id = ${id}`.execute(db);
      return result.rows[0]?.file;
    },
    async updateProgress(db, id, processed, at) {
      await sql`update ${t} set processed = ${processed}, updated_at = ${at} where id = ${id} and status = 'running'`.execute(db);
    },
    async finish(db, id, result) {
      const unfinished = sql`id = ${id} and status in ('queued', 'running')`;
      if ('file' in result) {
        await sql`update ${t} set status = 'done', file = ${result.file}, row_count = ${result.rowCount}, processed = ${result.rowCount},
          updated_at = ${result.at}, finished_at = ${result.at} where ${unfinished}`.execute(db);
      } else {
        await sql`update ${t} set status = 'failed', error = ${result.error}, updated_at = ${result.at}, finished_at = ${result.at} where ${unfinished}`.execute(db);
      }
    },
    async failStale(db, before, error, at) {
      return affected(await sql`update ${t} set status = 'failed', error = ${error}, updated_at = ${at}, finished_at = ${at}
        where status in ('queued', 'running') and updated_at < ${before}`.execute(db));
    },
    async deleteExpired(db, now) {
      return affected(await sql`delete from ${t} where expires_at < ${now}`.execute(db));
    },
  };
}
