/**
 * The campaign report's Excel as a background job (kernel/file-jobs.ts): the request checks the
 * reader's access, records the export and audits it, and answers 202; the job (queue
 * callbot-report-export) writes the workbook (export-workbook.ts) into the export's row with the
 * person rows written so far as progress; the account that asked downloads it (audited) within
 * 24 hours, while it may still read the campaign. Masked names and phones only (decision: a full
 * list of phones would leave the audit trail with the file; staff reach one person through the
 * audited reads of the people and campaign capabilities).
 */
import { randomUUID } from 'node:crypto';
import { recordAudit } from '../../audit/service.ts';
import { inTransaction } from '../../db/transaction.ts';
import { requireAccess, type Actor } from '../../kernel/access.ts';
import {
  failureText, fileJobExpiry, fileJobs, findOwnFileJob, progressWrites, runFileJob, sweepFileJobRows, withoutRequester, type FileJobSweep,
} from '../../kernel/file-jobs.ts';
import { callbotResultFail } from './errors.ts';
import { buildReportWorkbook } from './export-workbook.ts';
import {
  claimReportExport, deleteExpiredReportExports, failStaleReportExports, findReportExport, findReportExportFile, finishReportExport,
  insertReportExport, updateReportExportProgress, type ReportExportRecord,
} from './exports-store.ts';
import { readableCampaign, type ResultsDeps } from './service.ts';
import { countCalleesByResult, findCampaignHead } from './store.ts';

export type ReportExportView = Omit<ReportExportRecord, 'requestedByAccountId' | 'regionCode' | 'updatedAt'>;

/** The queue callbot-report-export and its hourly sweep (registered in src/server/jobs.ts). */
export const reportExports = fileJobs<ResultsDeps, { exportId: string }>({
  name: 'callbot-report-export', run: (deps, work) => runReportExport(deps, work.exportId), sweep: (deps) => sweepReportExports(deps),
});

function view(record: ReportExportRecord): ReportExportView {
  const { regionCode: _region, updatedAt: _updated, ...rest } = withoutRequester(record);
  return rest;
}

export async function startReportExport(deps: ResultsDeps, actor: Actor | undefined, campaignId: string): Promise<ReportExportView> {
  const { staff, campaign } = await readableCampaign(deps.db, actor, campaignId);
  const total = (await countCalleesByResult(deps.db, campaign.id, 'abnormal')) + (await countCalleesByResult(deps.db, campaign.id, 'not_reached'));
  const now = deps.clock.now();
  const id = randomUUID();
  await inTransaction(deps.db, async (trx) => {
    await insertReportExport(trx, { id, campaignId: campaign.id, regionCode: campaign.regionCode, requestedByAccountId: staff.accountId, total, createdAt: now, expiresAt: fileJobExpiry(now) });
    await recordAudit(trx, staff, {
      action: 'callbot.report.export', targetType: 'callbot_campaign', targetId: campaign.id, regionCode: campaign.regionCode, detail: { exportId: id, rows: total },
    }, deps.clock);
  });
  const queued = (await findReportExport(deps.db, id))!;
  await reportExports.dispatch(deps, { exportId: id });
  return view(queued);
}

async function ownExport(deps: ResultsDeps, actor: Actor | undefined, exportId: string): Promise<ReportExportRecord> {
  const staff = requireAccess(actor, 'callbot.report.read');
  const record = await findOwnFileJob(exportId, staff.accountId, deps.clock.now(), (id) => findReportExport(deps.db, id));
  if (!record) throw callbotResultFail('CALLBOT_EXPORT_NOT_FOUND');
  // Still allowed to read the campaign (a grant withdrawn since the export was asked for ends it).
  try {
    await readableCampaign(deps.db, actor, record.campaignId);
  } catch {
    throw callbotResultFail('CALLBOT_EXPORT_NOT_FOUND');
  }
  return record;
}

/** The export's status and progress (the account that asked for it). */
export async function reportExportStatus(deps: ResultsDeps, actor: Actor | undefined, exportId: string): Promise<ReportExportView> {
  return view(await ownExport(deps, actor, exportId));
}

/** The finished workbook (the account that asked for it; audited). */
export async function downloadReportExport(deps: ResultsDeps, actor: Actor | undefined, exportId: string): Promise<{ fileName: string; file: Buffer }> {
  const record = await ownExport(deps, actor, exportId);
  if (record.status === 'failed') throw callbotResultFail('CALLBOT_EXPORT_FAILED');
  const file = record.status === 'done' ? await findReportExportFile(deps.db, exportId) : undefined;
  if (!file) throw callbotResultFail('CALLBOT_EXPORT_NOT_READY');
  await recordAudit(deps.db, actor!, {
    action: 'callbot.report.export.download', targetType: 'callbot_campaign', targetId: record.campaignId, regionCode: record.regionCode,
    detail: { exportId, rows: record.rowCount },
  }, deps.clock);
  return { fileName: `callbot-report-${record.campaignId.slice(0, 8)}.xlsx`, file };
}

/** The job: writes one export's workbook (once, even if delivered twice). */
export async function runReportExport(deps: ResultsDeps, id: string): Promise<'done' | 'failed' | 'skipped'> {
  const writes = progressWrites();
  const progress = writes.progress((processed) => updateReportExportProgress(deps.db, id, processed, deps.clock.now()));
  return runFileJob(() => claimReportExport(deps.db, id, deps.clock.now()), async (record) => {
    const campaign = await findCampaignHead(deps.db, record.campaignId);
    if (!campaign) throw new Error('campaign not found');
    const { file, rows } = await buildReportWorkbook(deps.db, campaign, progress);
    await writes.flush();
    await finishReportExport(deps.db, id, { file, rowCount: rows, at: deps.clock.now() });
    return 'done';
  }, async (error) => {
    await writes.flush();
    await finishReportExport(deps.db, id, { error: failureText(error), at: deps.clock.now() });
  });
}

/** The hourly sweep: exports cut off by a stopped process fail, expired ones are deleted. */
export async function sweepReportExports(deps: ResultsDeps): Promise<FileJobSweep> {
  const now = deps.clock.now();
  return sweepFileJobRows(now, {
    failStale: (before) => failStaleReportExports(deps.db, before, 'interrupted', now),
    deleteExpired: () => deleteExpiredReportExports(deps.db, now),
  });
}
