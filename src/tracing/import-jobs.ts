/**
 * Case imports from the console, as a background file job (src/kernel/file-jobs.ts), as the
 * organisations' roster imports run: the upload is stored encrypted (names, ID numbers, phones)
 * with the receiving region and answered 202 with the import's id; the job (queue
 * tracing-case-import) reads, checks and — unless a dry run — writes the rows, keeping the phase
 * (queued → validating → writing → done | failed) and processed/total rows in the import's row,
 * which the console polls; when done the row holds the row-by-row report. The file is dropped when
 * the job ends, the report kept 24 hours. Only the official who started an import reads it, while
 * they may still write cases in its region; an account has at most MAX_UNFINISHED_CASE_IMPORTS
 * imports queued or running per region.
 */
import { createHash, randomUUID } from 'node:crypto';
import { inTransaction } from '../db/transaction.ts';
import { can, requireAccess, type Actor } from '../kernel/access.ts';
import { decryptField, encryptField } from '../kernel/crypto/field-encryption.ts';
import { AppError } from '../kernel/errors.ts';
import { fileJobExpiry, fileJobs, fileJobStaleBefore, findOwnFileJob, progressWrites, runFileJob, sweepFileJobRows, withoutRequester, type FileJobSweep } from '../kernel/file-jobs.ts';
import { regionNames } from '../regions/service.ts';
import { tracingErrors, tracingFail } from './errors.ts';
import { processCaseFile, type CaseImportReport } from './import-service.ts';
import {
  claimCaseImport, countUnfinishedCaseImportsLocked, deleteExpiredCaseImports, failStaleCaseImports, finishCaseImport, findCaseImport, insertCaseImport,
  updateCaseImportProgress, type CaseImportError, type CaseImportRecord,
} from './import-store.ts';
import type { TracingDeps } from './trace.ts';

export const MAX_UNFINISHED_CASE_IMPORTS = 2;

export type CaseImportView = Omit<CaseImportRecord<CaseImportReport>, 'requestedByAccountId' | 'requestedByLabel' | 'updatedAt'>;

/** The queue tracing-case-import and its hourly sweep (registered in src/server/jobs.ts). */
export const caseImports = fileJobs<TracingDeps, { importId: string }>({
  name: 'tracing-case-import', run: (deps, work) => runCaseImport(deps, work.importId), sweep: (deps) => sweepCaseImports(deps),
});

function view(record: CaseImportRecord<CaseImportReport>): CaseImportView {
  const { requestedByLabel: _label, updatedAt: _updated, ...rest } = withoutRequester(record);
  return rest;
}

/** An .xlsx is a ZIP archive: anything else is refused at once, before it is stored. */
function looksLikeXlsx(file: Buffer): boolean {
  return file.length > 4 && file.readUInt32LE(0) === 0x04034b50;
}

/** Stores the upload and queues its import (or dry run) into `regionCode`; the import to poll. */
export async function startCaseImport(deps: TracingDeps, actor: Actor | undefined, input: { regionCode: string; dryRun: boolean }, file: Buffer): Promise<CaseImportView> {
  const official = requireAccess(actor, 'tracing.case.write', input.regionCode);
  if (!(await regionNames(deps.db, [input.regionCode])).has(input.regionCode)) throw tracingFail('TRACING_REGION_UNKNOWN', { field: 'regionCode' });
  if (!looksLikeXlsx(file)) throw tracingFail('TRACING_IMPORT_FILE_INVALID');
  const now = deps.clock.now();
  const id = randomUUID();
  await inTransaction(deps.db, async (trx) => {
    if (await countUnfinishedCaseImportsLocked(trx, input.regionCode, official.accountId, fileJobStaleBefore(now)) >= MAX_UNFINISHED_CASE_IMPORTS) {
      throw tracingFail('TRACING_IMPORTS_BUSY', { max: MAX_UNFINISHED_CASE_IMPORTS });
    }
    await insertCaseImport(trx, {
      id, regionCode: input.regionCode, requestedByAccountId: official.accountId, requestedByLabel: official.label, dryRun: input.dryRun,
      fileEnc: encryptField(deps.keyring, file.toString('base64')), fileSha256: createHash('sha256').update(file).digest('hex'), fileBytes: file.length,
      createdAt: now, expiresAt: fileJobExpiry(now),
    });
  });
  const queued = (await findCaseImport<CaseImportReport>(deps.db, id))!;
  await caseImports.dispatch(deps, { importId: id });
  return view(queued);
}

/** The import's phase and progress, and its report when done: for the official who started it only. */
export async function caseImportStatus(deps: TracingDeps, actor: Actor | undefined, importId: string): Promise<CaseImportView> {
  const official = requireAccess(actor, 'tracing.case.write');
  const record = await findOwnFileJob(importId, official.accountId, deps.clock.now(), (id) => findCaseImport<CaseImportReport>(deps.db, id));
  if (!record || !can(official, 'tracing.case.write', record.regionCode)) throw tracingFail('TRACING_IMPORT_NOT_FOUND');
  return view(record);
}

function importError(error: unknown): CaseImportError {
  if (error instanceof AppError) return { code: error.code, zh: error.zh, en: error.en, ...(error.details === undefined ? {} : { details: error.details }) };
  const { zh, en } = tracingErrors.TRACING_IMPORT_FAILED;
  return { code: 'TRACING_IMPORT_FAILED', zh, en };
}

/** The job: one import (once, even if delivered twice). */
export async function runCaseImport(deps: TracingDeps, id: string): Promise<'done' | 'failed' | 'skipped'> {
  const writes = progressWrites();
  const progress = (phase: 'validating' | 'writing') => writes.progress((processed, total) => updateCaseImportProgress(deps.db, id, { phase, processed, total, at: deps.clock.now() }));
  const checking = progress('validating');
  const writing = progress('writing');
  return runFileJob(() => claimCaseImport<CaseImportReport>(deps.db, id, deps.clock.now()), async (record) => {
    const file = Buffer.from(decryptField(deps.keyring, record.fileEnc), 'base64');
    const requester: Actor = { accountId: record.requestedByAccountId, kind: 'staff', personId: null, label: record.requestedByLabel, roles: [] };
    const report = await processCaseFile(deps, requester, file, { importId: id, regionCode: record.regionCode, dryRun: record.dryRun, checking, progress: writing });
    await writes.flush();
    await finishCaseImport(deps.db, id, { report, at: deps.clock.now() });
    return 'done';
  }, async (error) => {
    await writes.flush();
    await finishCaseImport(deps.db, id, { error: importError(error), at: deps.clock.now() });
  });
}

/** The hourly sweep: imports cut off by a stopped process fail, expired ones (file and report) are deleted. */
export async function sweepCaseImports(deps: Pick<TracingDeps, 'db' | 'clock'>): Promise<FileJobSweep> {
  const now = deps.clock.now();
  return sweepFileJobRows(now, {
    failStale: (before) => failStaleCaseImports(deps.db, before, importError(undefined), now),
    deleteExpired: () => deleteExpiredCaseImports(deps.db, now),
  });
}
