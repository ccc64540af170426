/**
 * The daily check-in Excel as a background job: the request counts the day's statistics (its access
 * check, day and unit are those of the statistics view), records the export and audits it, and
 * answers 202; the job (queue org-daily-export) writes the workbook (export.ts) into the export's
 * row, with members written so far as progress; the account that asked downloads it (audited)
 * within 24 hours, while it may still read the organisation.
 */
import { randomUUID } from 'node:crypto';
import { recordAudit } from '../../audit/service.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { Actor } from '../../kernel/access.ts';
import {
  failureText, fileJobExpiry, fileJobs, findOwnFileJob, progressWrites, runFileJob, sweepFileJobRows, withoutRequester, type FileJobSweep,
} from '../../kernel/file-jobs.ts';
import { requireOrganisationRelation } from '../access.ts';
import { dailyFail } from './errors.ts';
import { buildDailyWorkbook } from './export.ts';
import {
  claimDailyExport, deleteExpiredDailyExports, failStaleDailyExports, findDailyExport, findDailyExportFile, finishDailyExport, insertDailyExport,
  updateDailyExportProgress, type DailyExportRecord,
} from './exports-store.ts';
import { dailyStatistics, type DailyDeps } from './service.ts';

export type DailyExportView = Omit<DailyExportRecord, 'requestedByAccountId' | 'regionCode' | 'updatedAt'>;

/** The queue org-daily-export and its hourly sweep (registered in src/server/jobs.ts). */
export const dailyExports = fileJobs<Pick<DailyDeps, 'db' | 'clock'>, { exportId: string }>({
  name: 'org-daily-export', run: (deps, work) => runDailyExport(deps, work.exportId), sweep: (deps) => sweepDailyExports(deps),
});

function view(record: DailyExportRecord): DailyExportView {
  const { regionCode: _region, updatedAt: _updated, ...rest } = withoutRequester(record);
  return rest;
}

export async function startDailyExport(deps: DailyDeps, actor: Actor | undefined, organisationId: string, query: { day?: string; unitId?: string }): Promise<DailyExportView> {
  const statistics = await dailyStatistics(deps, actor, organisationId, query);
  const { staff, organisation } = await requireOrganisationRelation(deps.db, actor, organisationId, 'view');
  const now = deps.clock.now();
  const id = randomUUID();
  const unitId = query.unitId ?? null;
  await inTransaction(deps.db, async (trx) => {
    await insertDailyExport(trx, {
      id, organisationId: organisation.id, regionCode: organisation.regionCode, requestedByAccountId: staff.accountId, day: statistics.day, unitId,
      statistics, total: statistics.totals.members, createdAt: now, expiresAt: fileJobExpiry(now),
    });
    await recordAudit(trx, staff, {
      action: 'org.daily.export', targetType: 'organisation', targetId: organisation.id, regionCode: organisation.regionCode,
      detail: { exportId: id, day: statistics.day, unitId, members: statistics.totals.members },
    }, deps.clock);
  });
  const queued = (await findDailyExport(deps.db, id))!;
  await dailyExports.dispatch(deps, { exportId: id });
  return view(queued);
}

async function ownExport(deps: DailyDeps, actor: Actor | undefined, organisationId: string, exportId: string): Promise<DailyExportRecord> {
  const { staff, organisation } = await requireOrganisationRelation(deps.db, actor, organisationId, 'view');
  const record = await findOwnFileJob(exportId, staff.accountId, deps.clock.now(), (id) => findDailyExport(deps.db, id));
  if (!record || record.organisationId !== organisation.id) throw dailyFail('DAILY_EXPORT_NOT_FOUND');
  return record;
}

/** The export's status and progress (the account that asked for it). */
export async function dailyExportStatus(deps: DailyDeps, actor: Actor | undefined, organisationId: string, exportId: string): Promise<DailyExportView> {
  return view(await ownExport(deps, actor, organisationId, exportId));
}

/** The finished workbook (the account that asked for it; audited). */
export async function downloadDailyExport(deps: DailyDeps, actor: Actor | undefined, organisationId: string, exportId: string): Promise<{ fileName: string; file: Buffer }> {
  const record = await ownExport(deps, actor, organisationId, exportId);
  if (record.status === 'failed') throw dailyFail('DAILY_EXPORT_FAILED');
  const file = record.status === 'done' ? await findDailyExportFile(deps.db, exportId) : undefined;
  if (!file) throw dailyFail('DAILY_EXPORT_NOT_READY');
  await recordAudit(deps.db, actor!, {
    action: 'org.daily.export.download', targetType: 'organisation', targetId: organisationId, regionCode: record.regionCode,
    detail: { exportId, day: record.day, unitId: record.unitId, rows: record.rowCount },
  }, deps.clock);
  return { fileName: `daily-${record.day}-${organisationId.slice(0, 8)}.xlsx`, file };
}

/** The job: writes one export's workbook (once, even if delivered twice). */
export async function runDailyExport(deps: Pick<DailyDeps, 'db' | 'clock'>, id: string): Promise<'done' | 'failed' | 'skipped'> {
  const writes = progressWrites();
  const progress = writes.progress((processed) => updateDailyExportProgress(deps.db, id, processed, deps.clock.now()));
  return runFileJob(() => claimDailyExport(deps.db, id, deps.clock.now()), async (record) => {
    const { file, rows } = await buildDailyWorkbook(deps.db, record, progress);
    await writes.flush();
    await finishDailyExport(deps.db, id, { file, rowCount: rows, at: deps.clock.now() });
    return 'done';
  }, async (error) => {
    await writes.flush();
    await finishDailyExport(deps.db, id, { error: failureText(error), at: deps.clock.now() });
  });
}

/** The hourly sweep: exports cut off by a stopped process fail, expired ones are deleted. */
export async function sweepDailyExports(deps: Pick<DailyDeps, 'db' | 'clock'>): Promise<FileJobSweep> {
  const now = deps.clock.now();
  return sweepFileJobRows(now, {
    failStale: (before) => failStaleDailyExports(deps.db, before, 'interrupted', now),
    deleteExpired: () => deleteExpiredDailyExports(deps.db, now),
  });
}
