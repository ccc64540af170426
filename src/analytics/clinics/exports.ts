/**
 * The daily fever-clinic report as Excel, a background file job (kernel/file-jobs.ts) like every
 * export: the request checks clinic.report.read in the region, records the export and audits it,
 * and answers 202; the job (queue fever-clinic-report-export) counts each clinic of the region
 * for the day a page at a time and writes one sheet — a title, a header, a row per clinic and the
 * totals — into the export's row; only the account that asked downloads it (audited), within 24
 * hours and while it still may read the region's reports. Counts only, no personal data.
 */
import { randomUUID } from 'node:crypto';
import { recordAudit } from '../../audit/service.ts';
import { inTransaction } from '../../db/transaction.ts';
import { can, requireAccess, requireActor, scopesFor, type Actor } from '../../kernel/access.ts';
import { failureText, fileJobExpiry, fileJobs, fileJobStaleBefore, findOwnFileJob, runFileJob, sweepFileJobRows, withoutRequester, type FileJobSweep } from '../../kernel/file-jobs.ts';
import { streamSheet } from '../../kernel/spreadsheet.ts';
import { regionNames } from '../../regions/service.ts';
import { clinicFail } from './errors.ts';
import {
  claimReportExport, countUnfinishedReportExports, deleteExpiredReportExports, failStaleReportExports, findReportExport, findReportExportFile, finishReportExport,
  insertReportExport, updateReportExportProgress, type ReportExportRecord,
} from './export-store.ts';
import { sumCounts, type ReportCounts } from './model.ts';
import { clinicCountsOf, regionClinicPages, reportDay } from './report.ts';
import type { ClinicDeps } from './service.ts';

type Deps = Pick<ClinicDeps, 'db' | 'clock'>;

/** Unfinished exports one account may have at a time. */
export const MAX_UNFINISHED_REPORT_EXPORTS = 3;
const PAGE = 500;

export const REPORT_SHEET = '发热门诊日报';
export const REPORT_HEADER = ['医院', '场所编号', '所在地区', '就诊人数', '发热(≥37.3℃)', '疑似', '阳性(当日报告)', '转诊'];

export type ReportExportView = Omit<ReportExportRecord, 'requestedByAccountId' | 'updatedAt'>;

function view(record: ReportExportRecord): ReportExportView {
  const { updatedAt: _updated, ...rest } = withoutRequester(record);
  return rest;
}

/** The queue fever-clinic-report-export and its hourly sweep (registered in src/server/jobs.ts). */
export const clinicReportExports = fileJobs<Deps, { exportId: string }>({
  name: 'fever-clinic-report-export', run: (deps, work) => runReportExport(deps, work.exportId), sweep: (deps) => sweepReportExports(deps),
});

export async function startReportExport(deps: Deps, actor: Actor | undefined, q: { regionCode?: string; day?: string }): Promise<ReportExportView> {
  const official = requireAccess(actor, 'clinic.report.read', q.regionCode);
  const regionCode = q.regionCode ?? scopesFor(official, 'clinic.report.read')[0]!;
  const day = reportDay(deps, q.day);
  const now = deps.clock.now();
  if (await countUnfinishedReportExports(deps.db, official.accountId, fileJobStaleBefore(now)) >= MAX_UNFINISHED_REPORT_EXPORTS) throw clinicFail('CLINIC_EXPORTS_BUSY');
  const id = randomUUID();
  await inTransaction(deps.db, async (trx) => {
    await insertReportExport(trx, { id, regionCode, day, requestedByAccountId: official.accountId, createdAt: now, expiresAt: fileJobExpiry(now) });
    await recordAudit(trx, official, { action: 'clinic.report.export', targetType: 'fever_clinic_report_export', targetId: id, regionCode, detail: { day } }, deps.clock);
  });
  const queued = (await findReportExport(deps.db, id))!;
  await clinicReportExports.dispatch(deps, { exportId: id });
  return view(queued);
}

async function ownExport(deps: Deps, actor: Actor | undefined, exportId: string): Promise<ReportExportRecord> {
  const staff = requireActor(actor);
  const record = await findOwnFileJob(exportId, staff.accountId, deps.clock.now(), (id) => findReportExport(deps.db, id));
  if (!record || !can(staff, 'clinic.report.read', record.regionCode)) throw clinicFail('CLINIC_EXPORT_NOT_FOUND');
  return record;
}

export async function reportExportStatus(deps: Deps, actor: Actor | undefined, exportId: string): Promise<ReportExportView> {
  return view(await ownExport(deps, actor, exportId));
}

/** The finished workbook (the account that asked; audited). */
export async function downloadReportExport(deps: Deps, actor: Actor | undefined, exportId: string): Promise<{ fileName: string; file: Buffer }> {
  const record = await ownExport(deps, actor, exportId);
  if (record.status === 'failed') throw clinicFail('CLINIC_EXPORT_FAILED');
  const file = record.status === 'done' ? await findReportExportFile(deps.db, exportId) : undefined;
  if (!file) throw clinicFail('CLINIC_EXPORT_NOT_READY');
  await recordAudit(deps.db, actor!, {
    action: 'clinic.report.export.download', targetType: 'fever_clinic_report_export', targetId: record.id, regionCode: record.regionCode, detail: { day: record.day, rows: record.rowCount },
  }, deps.clock);
  return { fileName: `fever-clinics-${record.regionCode}-${record.day}.xlsx`, file };
}

const countCells = (c: ReportCounts) => [c.patients, c.fever, c.suspected, c.positive, c.transferred];

/** The job: writes one export's workbook (once, even if delivered twice). */
export async function runReportExport(deps: Deps, id: string): Promise<'done' | 'failed' | 'skipped'> {
  return runFileJob(() => claimReportExport(deps.db, id, deps.clock.now()), async (record) => {
    const regionName = (await regionNames(deps.db, [record.regionCode])).get(record.regionCode) ?? record.regionCode;
    const out = streamSheet(REPORT_SHEET, [28, 18, 24, 10, 14, 8, 14, 8].map((width) => ({ width })));
    out.sheet.mergeCells('A1:H1');
    await out.addRow([`${regionName} 发热门诊日报 ${record.day}`], { font: { bold: true, size: 14 }, alignment: { horizontal: 'center' } });
    await out.addRow(REPORT_HEADER, { font: { bold: true } });
    const all: ReportCounts[] = [];
    for await (const page of regionClinicPages(deps, record.regionCode, PAGE)) {
      for (const r of await clinicCountsOf(deps, page, record.day)) {
        await out.addRow([r.name, r.number, r.regionName, ...countCells(r)]);
        all.push(r);
      }
      await updateReportExportProgress(deps.db, id, all.length, all.length, deps.clock.now());
    }
    await out.addRow(['合计', `${all.length} 家`, '', ...countCells(sumCounts(all))], { font: { bold: true } });
    await finishReportExport(deps.db, id, { file: await out.finish(), rowCount: all.length, at: deps.clock.now() });
    return 'done';
  }, (error) => finishReportExport(deps.db, id, { error: failureText(error), at: deps.clock.now() }));
}

/** The hourly sweep: exports cut off by a stopped process fail, expired ones are deleted. */
export async function sweepReportExports(deps: Deps): Promise<FileJobSweep> {
  const now = deps.clock.now();
  return sweepFileJobRows(now, {
    failStale: (before) => failStaleReportExports(deps.db, before, 'interrupted', now),
    deleteExpired: () => deleteExpiredReportExports(deps.db, now),
  });
}
