/**
 * Batch import of venues from Excel (.xlsx, exceljs) by a community worker: hundreds of
 * residential compounds in one go. The downloadable template has Chinese headers, drop-downs for
 * the choices and a sheet of instructions. Every row is checked (fields, region exists and lies
 * in the worker's area, no duplicate in the file or in the region); one bad row and nothing is
 * written, and the answer lists every problem by row and column. Imported venues are approved at
 * once (the worker is the approver), each audited.
 */
import { createHash, randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { recordAudit } from '../audit/service.ts';
import { cellValue, XLSX_TYPE } from '../kernel/spreadsheet.ts';
import { inTransaction } from '../db/transaction.ts';
import { can, requireAccess, type Actor } from '../kernel/access.ts';
import { regionNames } from '../regions/service.ts';
import { venueFail } from './errors.ts';
import {
  duplicateRows, IMPORT_COLUMNS, mapHeaders, MAX_IMPORT_ROWS, MAX_LISTED_ERRORS, parseImportRow, rowError, type CellValue, type ImportRowError,
} from './import-model.ts';
import { DEFAULT_STAY_MINUTES, VENUE_KIND_NAMES, VENUE_KINDS, type VenueFields, type VenueInput } from './model.ts';
import type { VenueDeps } from './service.ts';
import { findExistingVenueNames, insertRegisteredVenues } from './store.ts';

export { XLSX_TYPE };
export const DATA_SHEET = '场所';
const HELP_SHEET = '填写说明';
const TEMPLATE_ROWS = 500;

/** The template, for those who may import. */
export async function venueImportTemplate(actor: Actor | undefined): Promise<Buffer> {
  requireAccess(actor, 'venue.import');
  return buildImportTemplate();
}

/** The template workbook: one data sheet with the headers (required ones starred) and drop-downs, one with instructions. */
export async function buildImportTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'fangyi';
  const sheet = workbook.addWorksheet(DATA_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = IMPORT_COLUMNS.map((c) => ({ header: c.required ? `${c.header}*` : c.header, key: c.field, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  IMPORT_COLUMNS.forEach((column, index) => {
    const letter = sheet.getColumn(index + 1).letter;
    if (column.field === 'regionCode') sheet.getColumn(index + 1).numFmt = '@'; // codes stay text, no 3.30106E+08
    if (!column.choices) return;
    for (let row = 2; row <= TEMPLATE_ROWS + 1; row++) {
      sheet.getCell(`${letter}${row}`).dataValidation = {
        type: 'list', allowBlank: !column.required, formulae: [`"${column.choices.join(',')}"`], showErrorMessage: true,
        errorTitle: column.header, error: `请从列表中选择：${column.choices.join('、')}`,
      };
    }
  });
  const help = workbook.addWorksheet(HELP_SHEET);
  help.columns = [{ header: '列', width: 22 }, { header: '必填', width: 8 }, { header: '说明', width: 80 }];
  help.getRow(1).font = { bold: true };
  for (const column of IMPORT_COLUMNS) help.addRow([column.header, column.required ? '是' : '', column.help]);
  help.addRow([]);
  help.addRow(['场所类型与默认停留时长', '', VENUE_KINDS.map((k) => `${VENUE_KIND_NAMES[k]} ${DEFAULT_STAY_MINUTES[k]} 分钟`).join('；')]);
  help.addRow(['导入规则', '', `从第 2 行起每行一个场所，最多 ${MAX_IMPORT_ROWS} 行。任何一行有错误时整个文件都不导入，系统列出所有错误（行号、列、原因），改正后重新上传即可。导入的场所直接通过审核。`]);
  help.addRow(['示例', '', '晨光小区 | 小区 | 文三路 1 号 | 330106004 | 30.2741 | 120.1551 | 200 | 全天 | 720 | 点击登记 | 固定海报']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

interface SheetRows {
  columns: ReturnType<typeof mapHeaders>['columns'];
  rows: { row: number; cells: Map<keyof VenueInput, CellValue> }[];
}

/** The data sheet's rows (non-empty ones, with Excel's row numbers), or FILE_INVALID / EMPTY / TOO_MANY / ROWS_INVALID for missing columns. */
export async function readImportRows(file: Buffer): Promise<SheetRows> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(file as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch {
    throw venueFail('VENUE_IMPORT_FILE_INVALID');
  }
  const sheet = workbook.getWorksheet(DATA_SHEET) ?? workbook.worksheets[0];
  if (!sheet) throw venueFail('VENUE_IMPORT_FILE_INVALID');
  const headerRow = sheet.getRow(1);
  const headers: string[] = [];
  for (let col = 1; col <= Math.max(headerRow.cellCount, IMPORT_COLUMNS.length); col++) headers.push(String(cellValue(headerRow.getCell(col).value) ?? ''));
  const { columns, missing } = mapHeaders(headers);
  if (missing.length > 0) {
    const errors = missing.map((c) => rowError(1, c.field, 'missing_column'));
    throw venueFail('VENUE_IMPORT_ROWS_INVALID', { errors, errorCount: errors.length, rows: 0 });
  }
  const rows: SheetRows['rows'] = [];
  let tooMany = false;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1 || tooMany) return;
    const cells = new Map<keyof VenueInput, CellValue>();
    for (const [field, index] of columns) {
      const value = cellValue(row.getCell(index + 1).value);
      if (value !== undefined) cells.set(field, value);
    }
    if (cells.size === 0) return;
    if (rows.length >= MAX_IMPORT_ROWS) tooMany = true;
    else rows.push({ row: rowNumber, cells });
  });
  if (tooMany) throw venueFail('VENUE_IMPORT_TOO_MANY_ROWS', { max: MAX_IMPORT_ROWS });
  if (rows.length === 0) throw venueFail('VENUE_IMPORT_EMPTY');
  return { columns, rows };
}

export interface ImportResult {
  imported: number;
  venues: { row: number; id: string; number: string; name: string }[];
}

export async function importVenues(deps: VenueDeps, actor: Actor | undefined, file: Buffer): Promise<ImportResult> {
  const worker = requireAccess(actor, 'venue.import');
  const { rows } = await readImportRows(file);
  const errors: ImportRowError[] = [];
  const good: { row: number; fields: VenueFields }[] = [];
  for (const { row, cells } of rows) {
    const parsed = parseImportRow(row, cells);
    if ('errors' in parsed) errors.push(...parsed.errors);
    else good.push({ row, fields: parsed.fields });
  }
  const names = await regionNames(deps.db, good.map((g) => g.fields.regionCode));
  const placed = good.filter(({ row, fields }) => {
    if (!names.has(fields.regionCode)) errors.push(rowError(row, 'regionCode', 'region_unknown'));
    else if (!can(worker, 'venue.import', fields.regionCode)) errors.push(rowError(row, 'regionCode', 'region_out_of_scope'));
    else return true;
    return false;
  });
  errors.push(...duplicateRows(placed));
  const existing = await findExistingVenueNames(deps.db, placed.map((p) => p.fields));
  for (const { row, fields } of placed) if (existing.has(`${fields.regionCode}\u0000${fields.name}`)) errors.push(rowError(row, 'name', 'duplicate_existing'));
  if (errors.length > 0) {
    errors.sort((a, b) => a.row - b.row);
    throw venueFail('VENUE_IMPORT_ROWS_INVALID', { errors: errors.slice(0, MAX_LISTED_ERRORS), errorCount: errors.length, rows: rows.length });
  }

  const at = deps.clock.now();
  const importId = randomUUID();
  const inserts = good.map(({ fields }) => ({
    ...fields, id: randomUUID(), status: 'approved' as const, registeredByAccountId: worker.accountId, decidedByAccountId: worker.accountId,
    decidedAt: at, createdAt: at,
  }));
  const numbers = await inTransaction(deps.db, async (trx) => {
    const assigned = await insertRegisteredVenues(trx, inserts);
    await recordAudit(trx, worker, {
      action: 'venue.import.file', targetType: 'venue_import', targetId: importId, regionCode: null,
      detail: { venues: inserts.length, sha256: createHash('sha256').update(file).digest('hex'), bytes: file.length },
    }, deps.clock);
    for (const [i, venue] of inserts.entries()) {
      await recordAudit(trx, worker, {
        action: 'venue.import', targetType: 'venue', targetId: venue.id, regionCode: venue.regionCode,
        detail: { importId, number: assigned[i], name: venue.name, row: good[i]!.row },
      }, deps.clock);
    }
    return assigned;
  });
  return { imported: inserts.length, venues: inserts.map((v, i) => ({ row: good[i]!.row, id: v.id, number: numbers[i]!, name: v.name })) };
}
