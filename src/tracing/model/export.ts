/**
 * Tracing's Excel exports, pure: the kinds, which permission each needs, which filters each takes,
 * how large one may be, and the file's name. The sheets' columns are in ../export-sheets.ts.
 */
import type { Permission } from '../../kernel/access.ts';
import type { TracingErrorCode } from '../errors.ts';
import type { CaseSource, Classification } from './case.ts';

export const EXPORT_KINDS = ['cases', 'contacts', 'exposure_persons'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export const EXPORT_PERMISSIONS: Record<ExportKind, Permission> = {
  cases: 'tracing.case.read',
  contacts: 'tracing.contact.read',
  exposure_persons: 'tracing.manage',
};

export interface ExportFilters {
  regionCode?: string;
  classification?: Classification;
  source?: CaseSource;
  reportedFrom?: string;
  reportedTo?: string;
  caseId?: string;
  contactKind?: 'close' | 'secondary';
  exposureId?: string;
}

const ALLOWED: Record<ExportKind, readonly (keyof ExportFilters)[]> = {
  cases: ['regionCode', 'classification', 'source', 'reportedFrom', 'reportedTo'],
  contacts: ['regionCode', 'caseId', 'contactKind'],
  exposure_persons: ['exposureId'],
};

/** The filters that apply to the kind, or the first that does not (an exposure's persons need the exposure). */
export function checkExportFilters(kind: ExportKind, filters: ExportFilters): { ok: true; filters: ExportFilters } | { ok: false; code: TracingErrorCode; field: string } {
  const allowed = ALLOWED[kind];
  const given = Object.entries(filters).filter(([, value]) => value !== undefined && value !== null);
  const stray = given.find(([field]) => !allowed.includes(field as keyof ExportFilters));
  if (stray) return { ok: false, code: 'TRACING_EXPORT_FILTER_INVALID', field: stray[0] };
  if (kind === 'exposure_persons' && !filters.exposureId) return { ok: false, code: 'TRACING_EXPORT_FILTER_INVALID', field: 'exposureId' };
  if (filters.reportedFrom && filters.reportedTo && filters.reportedFrom > filters.reportedTo) return { ok: false, code: 'TRACING_EXPORT_FILTER_INVALID', field: 'reportedTo' };
  return { ok: true, filters: Object.fromEntries(given) as ExportFilters };
}

/** More rows than this fail with TRACING_EXPORT_TOO_LARGE before anything is written: such a file opens in no spreadsheet program. */
export const MAX_EXPORT_ROWS = 3_000_000;
/** Data rows per sheet (Excel's limit is 1,048,576 rows with the header); a larger export continues on 病例(2), … */
export const ROWS_PER_SHEET = 1_000_000;
/** Unfinished exports one account may have at a time (each reads a whole list). */
export const MAX_UNFINISHED_EXPORTS = 3;

const TITLES: Record<ExportKind, string> = { cases: '病例', contacts: '密接人员', exposure_persons: '场所暴露人员' };

export function sheetName(kind: ExportKind, index: number): string {
  return index === 0 ? TITLES[kind] : `${TITLES[kind]}(${index + 1})`;
}

/** 病例导出-20260310-1200.xlsx (the request's time in Beijing), and an ASCII name for old clients. */
export function exportFileNames(kind: ExportKind, id: string, createdAt: Date): { zh: string; ascii: string } {
  const t = new Date(createdAt.getTime() + 8 * 3600_000).toISOString();
  const stamp = `${t.slice(0, 4)}${t.slice(5, 7)}${t.slice(8, 10)}-${t.slice(11, 13)}${t.slice(14, 16)}`;
  return { zh: `${TITLES[kind]}导出-${stamp}.xlsx`, ascii: `tracing-${kind.replace('_', '-')}-${stamp}-${id.slice(0, 8)}.xlsx` };
}
