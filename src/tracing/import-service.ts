/**
 * Case import from Excel (病例导入): the template, and one run over an uploaded file — a dry run
 * that reports every row without writing, or the import that writes the good rows (each whole or
 * not at all) and reports the bad ones, row by row with the column and a stable code. The run is
 * the background job's work (import-jobs.ts); the rows are checked and written by the same
 * modules as the cases other regions send through the API (import-plan.ts, import-write.ts).
 * Audited once per run, with counts only.
 */
import { createHash } from 'node:crypto';
import { recordAudit } from '../audit/service.ts';
import { requireAccess, type Actor } from '../kernel/access.ts';
import { maskName } from '../kernel/masking.ts';
import type { Progress } from '../kernel/progress.ts';
import { planCaseRows, type RowFailure } from './import-plan.ts';
import { buildCaseImportTemplate, readCaseSheet } from './import-sheet.ts';
import { writeCaseRows, type WrittenRow } from './import-write.ts';
import type { Classification } from './model/case.ts';
import { caseRowMessage } from './model/case-row.ts';
import { headerOf } from './model/import-columns.ts';
import { textOf } from './model/row-values.ts';
import type { TracingDeps } from './trace.ts';

export interface CaseImportRowError {
  /** The row number Excel shows (the header is row 1). */
  row: number;
  /** The column's Chinese header, as in the template. */
  column: string;
  code: string;
  zh: string;
  en: string;
}

export interface CaseImportRowReport {
  row: number;
  ok: boolean;
  errors: CaseImportRowError[];
  nameMasked: string | null;
  /** match: a registered person; create: a new person record from the row. */
  person: 'match' | 'create' | null;
  /** create: a new case; update: the imported case with the same issuing region and reference. */
  case: 'create' | 'update' | null;
  classification: Classification | null;
}

export interface CaseImportReport {
  dryRun: boolean;
  rows: number;
  good: number;
  bad: number;
  /** Rows written (0 in a dry run). */
  imported: number;
  personsMatched: number;
  personsCreated: number;
  report: CaseImportRowReport[];
}

/** The template, for those who may import cases somewhere. */
export async function caseImportTemplate(actor: Actor | undefined): Promise<Buffer> {
  requireAccess(actor, 'tracing.case.write');
  return buildCaseImportTemplate();
}

function rowError(row: number, failure: RowFailure): CaseImportRowError {
  return { row, column: headerOf(failure.field), code: failure.code, ...(failure.message ?? caseRowMessage(failure.code, failure.detail, 'row')) };
}

export interface CaseImportRun {
  /** The import's id: the audit row's target and the colour events' evidence. */
  importId: string;
  regionCode: string;
  dryRun: boolean;
  /** Rows checked of the file's rows. */
  checking?: Progress;
  /** Rows written of the good rows (the import only). */
  progress?: Progress;
}

/** Reads and checks the file, then (unless a dry run) writes the good rows, for a region whose access the caller has checked. */
export async function processCaseFile(deps: TracingDeps, actor: Actor, file: Buffer, run: CaseImportRun): Promise<CaseImportReport> {
  const rows = await readCaseSheet(file);
  const plan = await planCaseRows(deps, run.regionCode, rows, run.checking);
  const planned = new Map(plan.planned.map((p) => [p.position, p]));
  let written = new Map<number, WrittenRow>();
  let failures = new Map<number, RowFailure>();
  if (!run.dryRun) {
    const result = await writeCaseRows(deps, actor, run.regionCode, plan.planned, `case-import:${run.importId}`, run.progress);
    written = new Map(result.written.map((w) => [w.position, w]));
    failures = result.failures;
  }
  const report = rows.map(({ position, input }): CaseImportRowReport => {
    const failed = plan.problems.get(position) ?? (failures.has(position) ? [failures.get(position)!] : []);
    const checked = plan.checked.get(position);
    const name = checked?.person.name ?? textOf(input.name);
    const ok = failed.length === 0;
    const p = ok ? planned.get(position) : undefined;
    const done = written.get(position);
    return {
      row: position, ok, errors: failed.map((f) => rowError(position, f)), nameMasked: name ? maskName(name) : null,
      person: p ? (p.personId ? 'match' : 'create') : null,
      case: p ? ((done ? done.status !== 'created' : p.caseId !== null) ? 'update' : 'create') : null,
      classification: checked?.fields.classification ?? null,
    };
  });
  const good = report.filter((r) => r.ok);
  const result: CaseImportReport = {
    dryRun: run.dryRun, rows: report.length, good: good.length, bad: report.length - good.length, imported: written.size,
    personsMatched: good.filter((r) => r.person === 'match').length, personsCreated: good.filter((r) => r.person === 'create').length, report,
  };
  const count = (status: WrittenRow['status']) => [...written.values()].filter((w) => w.status === status).length;
  await recordAudit(deps.db, actor, {
    action: 'tracing.case.import', targetType: 'case_import', targetId: run.importId, regionCode: run.regionCode,
    detail: {
      dryRun: run.dryRun, rows: result.rows, good: result.good, bad: result.bad, imported: result.imported, created: count('created'), updated: count('updated'),
      unchanged: count('unchanged'), personsMatched: result.personsMatched, personsCreated: result.personsCreated,
      sha256: createHash('sha256').update(file).digest('hex'), bytes: file.length,
    },
  }, deps.clock);
  return result;
}
