/**
 * Test-only helpers for case imports: a workbook from rows (the template's headers by default),
 * uploading it as the console does (202, then polling the background job until done or failed),
 * and counting what an import wrote.
 */
import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import type { Session } from '../../test/support/http-users.ts';
import type { TestPlatform } from '../../test/support/platform.ts';
import { XLSX_TYPE } from '../kernel/spreadsheet.ts';
import type { CaseImportView } from './import-jobs.ts';
import type { CaseImportReport } from './import-service.ts';
import { CASE_SHEET } from './import-sheet.ts';

export const IMPORT_HEADER = [
  '证件类型', '证件号码*', '姓名*', '手机号', '现住地区划代码', '病例分类*', '发病日期', '发病日期为估计', '首次阳性日期', '报告日期*', '隔离时间', '病例来源*', '来源地区代码', '外地病例编号', '备注',
] as const;

/** A row by header (without the stars); cells left out stay empty. */
export type ImportRow = Partial<Record<string, string | number | Date>>;

export async function caseWorkbook(rows: readonly ImportRow[], header: readonly string[] = IMPORT_HEADER): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(CASE_SHEET);
  sheet.addRow([...header]);
  for (const row of rows) sheet.addRow(header.map((h) => row[h.replace('*', '')] ?? null));
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** An import as GET /api/tracing/imports/:id answers it (dates as JSON strings). */
export type PolledImport = Omit<CaseImportView, 'report'> & { report: CaseImportReport };

export function postImport(session: Session, file: Buffer, query: string) {
  return session.request({ method: 'POST', url: `/api/tracing/imports?${query}`, payload: file, headers: { 'content-type': XLSX_TYPE } });
}

export async function finishedImport(session: Session, id: string): Promise<PolledImport> {
  for (let i = 0; i < 1200; i++) {
    const res = await session.request({ method: 'GET', url: `/api/tracing/imports/${id}` });
    expect(res.statusCode, res.body).toBe(200);
    if (res.json().phase === 'done' || res.json().phase === 'failed') return res.json();
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`import ${id} did not finish`);
}

/** Uploads (202, nothing reported yet), then waits for the background job. */
export async function uploadCases(session: Session, file: Buffer, query: string): Promise<PolledImport> {
  const started = await postImport(session, file, query);
  expect(started.statusCode, started.body).toBe(202);
  expect(started.json()).toMatchObject({ id: expect.any(String), phase: 'queued', processed: 0, total: null, report: null, error: null });
  return finishedImport(session, started.json().id);
}

export async function importCounts(t: TestPlatform): Promise<{ persons: number; cases: number; events: number }> {
  const db = t.database.db;
  const n = async (table: 'persons' | 'cases' | 'caseEvents') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  return { persons: await n('persons'), cases: await n('cases'), events: await n('caseEvents') };
}
