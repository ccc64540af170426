/**
 * The case import workbook (exceljs): the template to download (a data sheet with Chinese headers,
 * required ones starred, drop-downs for the choices and text cells for numbers and dates, and a
 * help sheet listing the allowed values and the rules), and reading an upload's data sheet into
 * rows with Excel's row numbers.
 */
import ExcelJS from 'exceljs';
import { cellValue, loadWorkbook } from '../kernel/spreadsheet.ts';
import { tracingFail } from './errors.ts';
import type { RowAt } from './import-plan.ts';
import { CASE_SOURCES, CLASSIFICATIONS, CLASSIFICATION_NAMES, SOURCE_NAMES } from './model/case.ts';
import { ID_TYPE_NAMES } from '../people/model/id-number.ts';
import { caseRowMessage, type CaseRowField, type CaseRowInput } from './model/case-row.ts';
import { headerOf, IMPORT_COLUMNS, mapImportHeaders, MAX_IMPORT_ROWS } from './model/import-columns.ts';
import type { RawValue } from './model/row-values.ts';

export const CASE_SHEET = '病例';
const HELP_SHEET = '填写说明';
const TEMPLATE_ROWS = 1000;

export async function buildCaseImportTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'fangyi';
  const sheet = workbook.addWorksheet(CASE_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = IMPORT_COLUMNS.map((c) => ({ header: c.required ? `${c.header}*` : c.header, key: c.field, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  IMPORT_COLUMNS.forEach((column, index) => {
    const col = sheet.getColumn(index + 1);
    if (column.text) col.numFmt = '@';
    if (!column.choices) return;
    for (let row = 2; row <= TEMPLATE_ROWS + 1; row++) {
      sheet.getCell(`${col.letter}${row}`).dataValidation = {
        type: 'list', allowBlank: true, formulae: [`"${column.choices.join(',')}"`], showErrorMessage: true, errorTitle: column.header, error: `请从列表中选择：${column.choices.join('、')}`,
      };
    }
  });
  const help = workbook.addWorksheet(HELP_SHEET);
  help.columns = [{ header: '列', width: 18 }, { header: '必填', width: 8 }, { header: '说明', width: 100 }];
  help.getRow(1).font = { bold: true };
  for (const c of IMPORT_COLUMNS) help.addRow([c.header, c.required ? '是' : '', c.help]);
  help.addRow([]);
  help.addRow(['允许的值', '', '']).font = { bold: true };
  help.addRow(['证件类型', '', Object.values(ID_TYPE_NAMES).join('、')]);
  help.addRow(['病例分类', '', CLASSIFICATIONS.map((c) => `${CLASSIFICATION_NAMES[c].zh}（${c}）`).join('、')]);
  help.addRow(['病例来源', '', CASE_SOURCES.map((s) => `${SOURCE_NAMES[s].zh}（${s}）`).join('、')]);
  help.addRow(['发病日期为估计', '', '是、否']);
  help.addRow([]);
  help.addRow(['导入规则', '', `从第 2 行起每行一个病例，最多 ${MAX_IMPORT_ROWS} 行。可先“试导入”查看逐行检查结果（不写入）。正式导入时无误的行写入，有误的行列出行号、列与原因，改正后可只上传这些行。`]);
  help.addRow(['人员匹配', '', '按证件号码匹配已登记的人员（姓名须一致）；尚未登记的人员按本表新建档案，此时须填写现住地区划代码。']);
  help.addRow(['重复导入', '', '同一人员已有未结案的病例（疑似、确诊、无症状）时不能再登记；外地推送的病例以“来源地区代码 + 外地病例编号”识别，再次导入时更新该病例的分类和日期，不会重复登记。']);
  help.addRow(['示例', '', '居民身份证 | 330106198501010212 | 张三 | 13800000000 | 330106004 | 确诊病例 | 2026-03-08 | 否 | 2026-03-09 | 2026-03-10 | 2026-03-10 14:30 | 实验室检测 | | | 入院前到过超市']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A date cell as the wall-clock text Excel shows (exceljs hands it over as if UTC): 2026-03-09 or 2026-03-09 14:30. */
function wallClockText(at: Date): string {
  const text = at.toISOString();
  return text.slice(11, 16) === '00:00' ? text.slice(0, 10) : `${text.slice(0, 10)} ${text.slice(11, 16)}`;
}

function rawOf(value: ExcelJS.CellValue): RawValue {
  const shown = value !== null && typeof value === 'object' && 'result' in value ? value.result : value;
  if (shown instanceof Date) return wallClockText(shown);
  return cellValue(value);
}

/** The data sheet's non-empty rows with Excel's row numbers (the header is row 1). */
export async function readCaseSheet(file: Buffer): Promise<RowAt[]> {
  const workbook = await loadWorkbook(file);
  const sheet = workbook && (workbook.getWorksheet(CASE_SHEET) ?? workbook.worksheets[0]);
  if (!sheet) throw tracingFail('TRACING_IMPORT_FILE_INVALID');
  const headerRow = sheet.getRow(1);
  const headers: string[] = [];
  for (let col = 1; col <= Math.max(headerRow.cellCount, IMPORT_COLUMNS.length); col++) headers.push(String(cellValue(headerRow.getCell(col).value) ?? ''));
  const { columns, missing } = mapImportHeaders(headers);
  if (missing.length > 0) {
    throw tracingFail('TRACING_IMPORT_COLUMNS_MISSING', { errors: missing.map((f) => ({ row: 1, column: headerOf(f), code: 'missing_column', ...caseRowMessage('missing_column') })) });
  }
  const rows: RowAt[] = [];
  let tooMany = false;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1 || tooMany) return;
    const input: CaseRowInput = {};
    for (const [field, index] of columns as Map<CaseRowField, number>) {
      const value = rawOf(row.getCell(index + 1).value);
      if (value !== undefined) input[field] = value;
    }
    if (Object.keys(input).length === 0) return;
    if (rows.length >= MAX_IMPORT_ROWS) tooMany = true;
    else rows.push({ position: rowNumber, input });
  });
  if (tooMany) throw tracingFail('TRACING_IMPORT_TOO_MANY_ROWS', { max: MAX_IMPORT_ROWS });
  if (rows.length === 0) throw tracingFail('TRACING_IMPORT_EMPTY');
  return rows;
}
