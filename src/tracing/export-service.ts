/**
 * Tracing's Excel exports as background jobs (kernel/file-jobs.ts): cases, contacts, or the
 * persons of a venue exposure. The request checks the permission of its kind where it reads,
 * records the export with the requester's grants (audited, filters only) and answers 202; the job
 * (queue tracing-export) reads the same pages the console's list reads — listCases, listContacts,
 * listExposurePersons, as the requester — so a community worker's file holds exactly their
 * streets' contacts, and streams them into the workbook with progress after each page. The file
 * is kept in chunks (export-workbook.ts); the requester downloads it (audited) within 24 hours
 * while they still hold the permission there.
 */
import { randomUUID } from 'node:crypto';
import type ExcelJS from 'exceljs';
import { recordAudit } from '../audit/service.ts';
import { inTransaction } from '../db/transaction.ts';
import { can, PERMISSIONS, requireAccess, requireActor, type Actor, type Role } from '../kernel/access.ts';
import { failureText, fileJobExpiry, fileJobs, fileJobStaleBefore, findOwnFileJob, runFileJob, sweepFileJobRows, type FileJobSweep } from '../kernel/file-jobs.ts';
import { regionPrefix } from '../kernel/regions-scope.ts';
import { tracingErrors, tracingFail, type TracingErrorCode } from './errors.ts';
import { caseRow, COLUMNS_OF, contactRow, exposedPersonRow } from './export-sheets.ts';
import {
  claimExport, countCases, countContacts, countUnfinishedExports, deleteExpiredExports, failStaleExports, findExport, findExportChunk, finishExportDone,
  finishExportFailed, insertExport, insertExportChunk, setExportTotal, updateExportProgress, type ExportRecord,
} from './export-store.ts';
import { chunkedWorkbook } from './export-workbook.ts';
import { listExposurePersons, requireExposure } from './exposure-service.ts';
import {
  checkExportFilters, EXPORT_PERMISSIONS, exportFileNames, MAX_EXPORT_ROWS, MAX_UNFINISHED_EXPORTS, ROWS_PER_SHEET, sheetName, type ExportFilters, type ExportKind,
} from './model/export.ts';
import { isUuid } from './model/exposure.ts';
import type { TracingDeps } from './trace.ts';
import { listCases, listContacts } from './views.ts';

type Deps = Pick<TracingDeps, 'db' | 'keyring' | 'clock' | 'notifications'>;

/** Rows read from the lists at a time: an export holds one page (and one chunk of the file) in memory. */
export const EXPORT_PAGE = 5000;

export interface TracingExportView {
  id: string; kind: ExportKind; status: ExportRecord['status']; processed: number; total: number | null; rowCount: number | null;
  error: { code: string; zh: string; en: string; details?: unknown } | null; createdAt: Date; finishedAt: Date | null; expiresAt: Date;
}

function errorOf(r: ExportRecord): TracingExportView['error'] {
  if (!r.errorCode) return null;
  const code = (r.errorCode in tracingErrors ? r.errorCode : 'TRACING_EXPORT_FAILED') as TracingErrorCode;
  const { zh, en } = tracingErrors[code];
  return code === 'TRACING_EXPORT_TOO_LARGE' ? { code, zh, en, details: { rows: r.total, limit: MAX_EXPORT_ROWS } } : { code, zh, en };
}

function view(r: ExportRecord): TracingExportView {
  return {
    id: r.id, kind: r.kind, status: r.status, processed: r.processed, total: r.total, rowCount: r.rowCount, error: errorOf(r),
    createdAt: r.createdAt, finishedAt: r.finishedAt, expiresAt: r.expiresAt,
  };
}

/** The queue tracing-export and its hourly sweep (registered in src/server/jobs.ts). */
export const tracingExports = fileJobs<Deps, { exportId: string }>({
  name: 'tracing-export', run: (deps, work) => runTracingExport(deps, work.exportId), sweep: (deps) => sweepTracingExports(deps),
});

export interface ExportRequest extends ExportFilters { kind: ExportKind }

export async function startTracingExport(deps: Deps, actor: Actor | undefined, input: ExportRequest): Promise<TracingExportView> {
  const { kind, ...raw } = input;
  const permission = EXPORT_PERMISSIONS[kind];
  const staff = requireAccess(actor, permission, raw.regionCode);
  const check = checkExportFilters(kind, raw);
  if (!check.ok) throw tracingFail(check.code, { field: check.field });
  const { filters } = check;
  const regionCode = kind === 'exposure_persons' ? (await requireExposure(deps, staff, filters.exposureId!)).regionCode : filters.regionCode ?? null;
  const now = deps.clock.now();
  if (await countUnfinishedExports(deps.db, staff.accountId, fileJobStaleBefore(now)) >= MAX_UNFINISHED_EXPORTS) throw tracingFail('TRACING_EXPORTS_BUSY');
  const roles: readonly Role[] = PERMISSIONS[permission];
  const grants = staff.roles.filter((g) => roles.includes(g.role)).map((g) => ({ role: g.role, regionCode: g.regionCode }));
  const id = randomUUID();
  await inTransaction(deps.db, async (trx) => {
    await insertExport(trx, {
      id, kind, filters, grants, regionCode, requestedByAccountId: staff.accountId, requestedByLabel: staff.label, createdAt: now, expiresAt: fileJobExpiry(now),
    });
    await recordAudit(trx, staff, { action: 'tracing.export', targetType: 'tracing_export', targetId: id, regionCode, detail: { kind, filters } }, deps.clock);
  });
  const queued = (await findExport(deps.db, id))!;
  await tracingExports.dispatch(deps, { exportId: id });
  return view(queued);
}

/** The requester's export, while it lasts and while they still hold its permission where it reads. */
async function ownExport(deps: Deps, actor: Actor | undefined, exportId: string): Promise<ExportRecord> {
  const staff = requireActor(actor);
  const record = await findOwnFileJob(exportId, staff.accountId, deps.clock.now(), (id) => findExport(deps.db, id));
  const regions = record ? (record.regionCode ? [record.regionCode] : record.grants.map((g) => g.regionCode)) : [];
  if (!record || !regions.every((r) => can(staff, EXPORT_PERMISSIONS[record.kind], r))) throw tracingFail('TRACING_EXPORT_NOT_FOUND');
  return record;
}

export async function tracingExportStatus(deps: Deps, actor: Actor | undefined, exportId: string): Promise<TracingExportView> {
  return view(await ownExport(deps, actor, exportId));
}

export interface ExportDownload { fileNames: { zh: string; ascii: string }; bytes: number; chunks: AsyncIterable<Buffer> }

async function* chunksOf(deps: Deps, exportId: string): AsyncGenerator<Buffer> {
  for (let seq = 0; ; seq++) {
    const chunk = await findExportChunk(deps.db, exportId, seq);
    if (!chunk) return;
    yield chunk;
  }
}

/** The finished workbook, read a chunk at a time (the requester; audited). */
export async function downloadTracingExport(deps: Deps, actor: Actor | undefined, exportId: string): Promise<ExportDownload> {
  const record = await ownExport(deps, actor, exportId);
  if (record.status === 'failed') throw tracingFail(errorOf(record)!.code as TracingErrorCode);
  if (record.status !== 'done' || record.fileBytes === null) throw tracingFail('TRACING_EXPORT_NOT_READY');
  await recordAudit(deps.db, actor!, {
    action: 'tracing.export.download', targetType: 'tracing_export', targetId: record.id, regionCode: record.regionCode, detail: { kind: record.kind, rows: record.rowCount },
  }, deps.clock);
  return { fileNames: exportFileNames(record.kind, record.id, record.createdAt), bytes: record.fileBytes, chunks: chunksOf(deps, record.id) };
}

// ---- the job -------------------------------------------------------------------------------------

/** The requester as they were when they asked: their grants of the kind's permission. */
const requesterOf = (r: ExportRecord): Actor => ({ accountId: r.requestedByAccountId, kind: 'staff', personId: null, label: r.requestedByLabel, roles: r.grants });

async function countRows(deps: Deps, r: ExportRecord): Promise<number> {
  const f = r.filters;
  const prefixes = (f.regionCode ? [f.regionCode] : r.grants.map((g) => g.regionCode)).map(regionPrefix);
  if (r.kind === 'cases') return countCases(deps.db, { prefixes, classification: f.classification, source: f.source, reportedFrom: f.reportedFrom, reportedTo: f.reportedTo });
  if (r.kind === 'contacts') return f.caseId !== undefined && !isUuid(f.caseId) ? 0 : countContacts(deps.db, { prefixes, caseId: f.caseId, kind: f.contactKind });
  return (await requireExposure(deps, requesterOf(r), f.exposureId!)).persons;
}

/** The export's rows a page at a time, read through the list the console shows. */
async function* pagesOf(deps: Deps, r: ExportRecord, limit: number): AsyncGenerator<ExcelJS.CellValue[][]> {
  const actor = requesterOf(r);
  const f = r.filters;
  for (let after: string | undefined; ;) {
    let page: { items: ExcelJS.CellValue[][]; next: string | null };
    if (r.kind === 'cases') {
      const list = await listCases(deps, actor, { regionCode: f.regionCode, classification: f.classification, source: f.source, reportedFrom: f.reportedFrom, reportedTo: f.reportedTo, after, limit });
      page = { items: list.items.map(caseRow), next: list.next };
    } else if (r.kind === 'contacts') {
      const list = await listContacts(deps, actor, { regionCode: f.regionCode, caseId: f.caseId, kind: f.contactKind, after, limit });
      page = { items: list.items.map(contactRow), next: list.next };
    } else {
      const list = await listExposurePersons(deps, actor, f.exposureId!, { after, limit });
      page = { items: list.items.map(exposedPersonRow), next: list.next };
    }
    yield page.items;
    if (!page.next) return;
    after = page.next;
  }
}

export interface ExportRunOptions {
  pageSize?: number;
  /** After each page's rows are written and its progress recorded (tests watch the row move). */
  onPage?: (processed: number) => Promise<void>;
}

/** The job: writes one export's workbook (once, even if delivered twice). */
export async function runTracingExport(deps: Deps, id: string, options: ExportRunOptions = {}): Promise<'done' | 'failed' | 'skipped'> {
  return runFileJob(() => claimExport(deps.db, id, deps.clock.now()), async (record) => {
    const total = await countRows(deps, record);
    await setExportTotal(deps.db, id, total, deps.clock.now());
    if (total > MAX_EXPORT_ROWS) {
      await finishExportFailed(deps.db, id, { code: 'TRACING_EXPORT_TOO_LARGE', detail: null, at: deps.clock.now() });
      return 'failed';
    }
    const book = chunkedWorkbook((seq, chunk) => insertExportChunk(deps.db, id, seq, chunk));
    const columns = COLUMNS_OF[record.kind];
    let written = 0;
    await book.addSheet(sheetName(record.kind, 0), columns);
    for await (const rows of pagesOf(deps, record, options.pageSize ?? EXPORT_PAGE)) {
      if (rows.length === 0) continue; // the empty page that ends a list of whole pages
      for (const values of rows) {
        if (written > 0 && written % ROWS_PER_SHEET === 0) await book.addSheet(sheetName(record.kind, written / ROWS_PER_SHEET), columns);
        await book.addRow(values);
        written++;
      }
      await book.drain();
      await updateExportProgress(deps.db, id, written, deps.clock.now());
      await options.onPage?.(written);
    }
    const { bytes } = await book.finish();
    await finishExportDone(deps.db, id, { rowCount: written, fileBytes: bytes, at: deps.clock.now() });
    return 'done';
  }, (error) => finishExportFailed(deps.db, id, { code: 'TRACING_EXPORT_FAILED', detail: failureText(error), at: deps.clock.now() }));
}

/** The hourly sweep: exports cut off by a stopped process fail, expired ones are deleted with their files. */
export async function sweepTracingExports(deps: Pick<Deps, 'db' | 'clock'>): Promise<FileJobSweep> {
  const now = deps.clock.now();
  return sweepFileJobRows(now, {
    failStale: (before) => failStaleExports(deps.db, before, 'TRACING_EXPORT_FAILED', now),
    deleteExpired: () => deleteExpiredExports(deps.db, now),
  });
}
