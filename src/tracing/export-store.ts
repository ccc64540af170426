/**
 * SQL of tracing's Excel exports (tracing_exports, tracing_export_chunks; migration 0750): the
 * job's row (claim, total, progress, done or failed once), the file's chunks in order, the sweep,
 * and the counts an export announces as its total (the same filters as store.ts findCases and
 * findContacts).
 */
import { sql } from 'kysely';
import type { DbOrTrx } from '../db/transaction.ts';
import type { RoleGrant } from '../kernel/access.ts';
import type { FileJobStatus } from '../kernel/file-jobs.ts';
import type { ExportFilters, ExportKind } from './model/export.ts';

export interface ExportRecord {
  id: string;
  kind: ExportKind;
  filters: ExportFilters;
  /** The requester's grants carrying the kind's permission when they asked: the job lists as they would. */
  grants: RoleGrant[];
  regionCode: string | null;
  requestedByAccountId: string;
  requestedByLabel: string;
  status: FileJobStatus;
  processed: number;
  total: number | null;
  rowCount: number | null;
  fileBytes: number | null;
  errorCode: string | null;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
  expiresAt: Date;
}

const columns = [
  'id', 'kind', 'filters', 'grants', 'regionCode', 'requestedByAccountId', 'requestedByLabel', 'status', 'processed', 'total', 'rowCount', 'fileBytes',
  'errorCode', 'createdAt', 'updatedAt', 'finishedAt', 'expiresAt',
] as const;

type Row = Omit<ExportRecord, 'filters' | 'grants' | 'fileBytes'> & { filters: unknown; grants: unknown; fileBytes: string | null };
const record = (r: Row): ExportRecord => ({ ...r, filters: r.filters as ExportFilters, grants: r.grants as RoleGrant[], fileBytes: r.fileBytes === null ? null : Number(r.fileBytes) });
const affected = (result: { numAffectedRows?: bigint; numUpdatedRows?: bigint; numDeletedRows?: bigint }) =>
  Number(result.numAffectedRows ?? result.numUpdatedRows ?? result.numDeletedRows ?? 0n);

export async function insertExport(
  db: DbOrTrx, row: Pick<ExportRecord, 'id' | 'kind' | 'filters' | 'grants' | 'regionCode' | 'requestedByAccountId' | 'requestedByLabel' | 'createdAt' | 'expiresAt'>,
): Promise<void> {
  await db.insertInto('tracingExports').values({ ...row, filters: JSON.stringify(row.filters), grants: JSON.stringify(row.grants), updatedAt: row.createdAt }).execute();
}

export async function findExport(db: DbOrTrx, id: string): Promise<ExportRecord | undefined> {
  const row = await db.selectFrom('tracingExports').select(columns).where('id', '=', id).executeTakeFirst();
  return row && record(row);
}

/** The account's exports still queued or running that moved since `staleBefore` (older ones were cut off). */
export async function countUnfinishedExports(db: DbOrTrx, accountId: string, staleBefore: Date): Promise<number> {
  const row = await db.selectFrom('tracingExports').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('requestedByAccountId', '=', accountId).where('status', 'in', ['queued', 'running']).where('updatedAt', '>=', staleBefore).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** queued → running, once. */
export async function claimExport(db: DbOrTrx, id: string, at: Date): Promise<ExportRecord | undefined> {
  const row = await db.updateTable('tracingExports').set({ status: 'running', updatedAt: at }).where('id', '=', id).where('status', '=', 'queued')
    .returning(columns).executeTakeFirst();
  return row && record(row);
}

export async function setExportTotal(db: DbOrTrx, id: string, total: number, at: Date): Promise<void> {
  await db.updateTable('tracingExports').set({ total, updatedAt: at }).where('id', '=', id).where('status', '=', 'running').execute();
}

export async function updateExportProgress(db: DbOrTrx, id: string, processed: number, at: Date): Promise<void> {
  await db.updateTable('tracingExports').set({ processed, updatedAt: at }).where('id', '=', id).where('status', '=', 'running').execute();
}

export async function insertExportChunk(db: DbOrTrx, exportId: string, seq: number, data: Buffer): Promise<void> {
  await db.insertInto('tracingExportChunks').values({ exportId, seq, data }).execute();
}

export async function findExportChunk(db: DbOrTrx, exportId: string, seq: number): Promise<Buffer | undefined> {
  return (await db.selectFrom('tracingExportChunks').select('data').where('exportId', '=', exportId).where('seq', '=', seq).executeTakeFirst())?.data;
}

/** running → done with the file's size and rows; a finished row stays as it was. */
export async function finishExportDone(db: DbOrTrx, id: string, result: { rowCount: number; fileBytes: number; at: Date }): Promise<void> {
  await db.updateTable('tracingExports')
    .set({ status: 'done', rowCount: result.rowCount, processed: result.rowCount, fileBytes: result.fileBytes, updatedAt: result.at, finishedAt: result.at })
    .where('id', '=', id).where('status', '=', 'running').execute();
}

/** queued or running → failed with the error's code (and the internal detail); the chunks written so far go. */
export async function finishExportFailed(db: DbOrTrx, id: string, result: { code: string; detail: string | null; at: Date }): Promise<void> {
  await db.updateTable('tracingExports').set({ status: 'failed', errorCode: result.code, errorDetail: result.detail, updatedAt: result.at, finishedAt: result.at })
    .where('id', '=', id).where('status', 'in', ['queued', 'running']).execute();
  await db.deleteFrom('tracingExportChunks').where('exportId', '=', id).execute();
}

/** Exports cut off (a stopped process) whose row has not moved since `before`: failed, their chunks deleted; how many. */
export async function failStaleExports(db: DbOrTrx, before: Date, code: string, at: Date): Promise<number> {
  const failed = await db.updateTable('tracingExports').set({ status: 'failed', errorCode: code, errorDetail: 'interrupted', updatedAt: at, finishedAt: at })
    .where('status', 'in', ['queued', 'running']).where('updatedAt', '<', before).returning('id').execute();
  if (failed.length > 0) await db.deleteFrom('tracingExportChunks').where('exportId', 'in', failed.map((r) => r.id)).execute();
  return failed.length;
}

/** Expired exports and their chunks (cascade); how many. */
export async function deleteExpiredExports(db: DbOrTrx, now: Date): Promise<number> {
  return affected(await db.deleteFrom('tracingExports').where('expiresAt', '<', now).executeTakeFirst());
}

// ---- totals --------------------------------------------------------------------------------------

const underAny = (column: string, prefixes: readonly string[]) =>
  sql<boolean>`(${sql.join(prefixes.map((p) => sql`${sql.ref(column)} like ${`${p}%`}`), sql` or `)})`;

/** How many cases findCases would list with these filters. */
export async function countCases(db: DbOrTrx, q: { prefixes: readonly string[]; classification?: string; source?: string; reportedFrom?: string; reportedTo?: string }): Promise<number> {
  if (q.prefixes.length === 0) return 0;
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from cases where ${underAny('region_code', q.prefixes)}
      ${q.classification ? sql`and classification = ${q.classification}` : sql``}
      ${q.source ? sql`and source = ${q.source}` : sql``}
      ${q.reportedFrom ? sql`and reported_on >= ${q.reportedFrom}::date` : sql``}
      ${q.reportedTo ? sql`and reported_on <= ${q.reportedTo}::date` : sql``}`.execute(db);
  return rows[0]!.n;
}

/** How many contacts findContacts would list: of one case, close (depth 1) or secondary (deeper) only. */
export async function countContacts(db: DbOrTrx, q: { prefixes: readonly string[]; caseId?: string; kind?: 'close' | 'secondary' }): Promise<number> {
  if (q.prefixes.length === 0) return 0;
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from case_contacts where ${underAny('region_code', q.prefixes)}
      ${q.caseId ? sql`and case_id = ${q.caseId}::uuid` : sql``}
      ${q.kind === 'close' ? sql`and depth = 1` : q.kind === 'secondary' ? sql`and depth > 1` : sql``}`.execute(db);
  return rows[0]!.n;
}
