/**
 * Roster imports from the console, as a background job: the upload is stored (encrypted: it holds
 * names, ID numbers and phones) with its options and answered 202 with the import's id; the job
 * (queue org-roster-import) reads, checks and — unless a dry run — writes the rows in chunks,
 * keeping the phase (queued → validating → writing → done | failed) and processed/total rows in
 * the import's row, which the console polls; when done the row holds the same row-by-row report
 * the CLI prints. The file is dropped when the job ends, the report kept 24 hours. An account has
 * at most MAX_UNFINISHED_ROSTER_IMPORTS imports queued or running per organisation (each upload is
 * up to 10 MB, stored until its job ends): another upload is refused with ORG_ROSTER_IMPORTS_BUSY.
 *
 * Who reads an import: only the account that started it, while it still administers the
 * organisation. A co-administrator does not see another's upload or its report (each row names a
 * person, masked); what was written shows in the members list and the audit log for everyone
 * entitled to them. The import is audited as the CLI's is (org.roster.import, as the requester).
 */
import { createHash, randomUUID } from 'node:crypto';
import { inTransaction } from '../db/transaction.ts';
import type { Actor } from '../kernel/access.ts';
import { decryptField, encryptField } from '../kernel/crypto/field-encryption.ts';
import { AppError } from '../kernel/errors.ts';
import { fileJobExpiry, fileJobs, fileJobStaleBefore, findOwnFileJob, progressWrites, runFileJob, sweepFileJobRows, withoutRequester, type FileJobSweep } from '../kernel/file-jobs.ts';
import { requireOrganisationRelation } from './access.ts';
import { orgErrors, orgFail } from './errors.ts';
import { processRoster, type RosterOptions } from './roster.ts';
import {
  claimRosterImport, countUnfinishedRosterImportsLocked, deleteExpiredRosterImports, failStaleRosterImports, findRosterImport, finishRosterImport, insertRosterImport,
  updateRosterImportProgress, type RosterImportError, type RosterImportRecord,
} from './roster-store.ts';
import type { OrgDeps } from './service.ts';
import { findOrganisation } from './store.ts';

/** Imports one account may have queued or running for one organisation at a time. */
export const MAX_UNFINISHED_ROSTER_IMPORTS = 2;

export type RosterImportView = Omit<RosterImportRecord, 'requestedByAccountId' | 'requestedByLabel' | 'regionCode' | 'updatedAt'>;

/** The queue org-roster-import and its hourly sweep (registered in src/server/jobs.ts). */
export const rosterImports = fileJobs<OrgDeps, { importId: string }>({
  name: 'org-roster-import', run: (deps, work) => runRosterImport(deps, work.importId), sweep: (deps) => sweepRosterImports(deps),
});

function view(record: RosterImportRecord): RosterImportView {
  const { requestedByLabel: _label, regionCode: _region, updatedAt: _updated, ...rest } = withoutRequester(record);
  return rest;
}

/** An .xlsx is a ZIP archive: anything else is refused at once, before it is stored. */
function looksLikeXlsx(file: Buffer): boolean {
  return file.length > 4 && file.readUInt32LE(0) === 0x04034b50;
}

/** Stores the upload and queues its import (or dry run); the import's id and progress to poll. */
export async function startRosterImport(
  deps: OrgDeps, actor: Actor | undefined, organisationId: string, file: Buffer, options: RosterOptions & { dryRun: boolean },
): Promise<RosterImportView> {
  const { staff, organisation } = await requireOrganisationRelation(deps.db, actor, organisationId, 'manage');
  if (!looksLikeXlsx(file)) throw orgFail('ORG_ROSTER_FILE_INVALID');
  const now = deps.clock.now();
  const id = randomUUID();
  const fileEnc = encryptField(deps.keyring, file.toString('base64'));
  await inTransaction(deps.db, async (trx) => {
    if (await countUnfinishedRosterImportsLocked(trx, organisation.id, staff.accountId, fileJobStaleBefore(deps.clock.now())) >= MAX_UNFINISHED_ROSTER_IMPORTS) {
      throw orgFail('ORG_ROSTER_IMPORTS_BUSY', { max: MAX_UNFINISHED_ROSTER_IMPORTS });
    }
    await insertRosterImport(trx, {
      id, organisationId: organisation.id, regionCode: organisation.regionCode, requestedByAccountId: staff.accountId, requestedByLabel: staff.label,
      dryRun: options.dryRun, createUnits: options.createUnits, fileEnc, fileSha256: createHash('sha256').update(file).digest('hex'), fileBytes: file.length,
      createdAt: now, expiresAt: fileJobExpiry(now),
    });
  });
  const queued = (await findRosterImport(deps.db, id))!;
  await rosterImports.dispatch(deps, { importId: id });
  return view(queued);
}

/** The import's phase and progress, and its report when done (the account that started it, still an administrator). */
export async function rosterImportStatus(deps: OrgDeps, actor: Actor | undefined, organisationId: string, importId: string): Promise<RosterImportView> {
  const { staff, organisation } = await requireOrganisationRelation(deps.db, actor, organisationId, 'manage');
  const record = await findOwnFileJob(importId, staff.accountId, deps.clock.now(), (id) => findRosterImport(deps.db, id));
  if (!record || record.organisationId !== organisation.id) throw orgFail('ORG_ROSTER_IMPORT_NOT_FOUND');
  return view(record);
}

function importError(error: unknown): RosterImportError {
  if (error instanceof AppError) return { code: error.code, zh: error.zh, en: error.en, ...(error.details === undefined ? {} : { details: error.details }) };
  const { zh, en } = orgErrors.ORG_ROSTER_IMPORT_FAILED;
  return { code: 'ORG_ROSTER_IMPORT_FAILED', zh, en };
}

/** The job: one import (once, even if delivered twice). */
export async function runRosterImport(deps: OrgDeps, id: string): Promise<'done' | 'failed' | 'skipped'> {
  const writes = progressWrites();
  const progress = (phase: 'validating' | 'writing') => writes.progress((processed, total) => updateRosterImportProgress(deps.db, id, { phase, processed, total, at: deps.clock.now() }));
  const checking = progress('validating');
  const writing = progress('writing');
  return runFileJob(() => claimRosterImport(deps.db, id, deps.clock.now()), async (record) => {
    const organisation = await findOrganisation(deps.db, record.organisationId);
    if (!organisation) throw orgFail('ORG_NOT_FOUND');
    const file = Buffer.from(decryptField(deps.keyring, record.fileEnc), 'base64');
    const requester: Actor = { accountId: record.requestedByAccountId, kind: 'staff', personId: null, label: record.requestedByLabel, roles: [] };
    const report = await processRoster(deps, requester, organisation, file, { dryRun: record.dryRun, createUnits: record.createUnits, checking, progress: writing });
    await writes.flush();
    await finishRosterImport(deps.db, id, { report, at: deps.clock.now() });
    return 'done';
  }, async (error) => {
    await writes.flush();
    await finishRosterImport(deps.db, id, { error: importError(error), at: deps.clock.now() });
  });
}

/** The hourly sweep: imports cut off by a stopped process fail, expired ones (file and report) are deleted. */
export async function sweepRosterImports(deps: Pick<OrgDeps, 'db' | 'clock'>): Promise<FileJobSweep> {
  const now = deps.clock.now();
  return sweepFileJobRows(now, {
    failStale: (before) => failStaleRosterImports(deps.db, before, importError(undefined), now),
    deleteExpired: () => deleteExpiredRosterImports(deps.db, now),
  });
}
