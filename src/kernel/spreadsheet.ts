/**
 * Reading uploaded Excel files (exceljs), shared by the imports (venues, organisation rosters):
 * a cell's value as an import reads it, and loading a workbook from its bytes.
 */
import ExcelJS from 'exceljs';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A cell's value as an import reads it: text trimmed, numbers as numbers, empty as undefined. */
export type CellValue = string | number | undefined;

export function cellValue(value: ExcelJS.CellValue): CellValue {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if ('richText' in value) return cellValue(value.richText.map((r) => r.text).join(''));
  if ('hyperlink' in value) return cellValue(value.text);
  if ('formula' in value || 'sharedFormula' in value) {
    const result = value.result;
    return result === undefined || (typeof result === 'object' && !(result instanceof Date)) ? undefined : cellValue(result);
  }
  return undefined; // an error value (#N/A …) reads as empty
}

/** The workbook in the bytes, or undefined when they are not an .xlsx file. */
export async function loadWorkbook(file: Buffer): Promise<ExcelJS.Workbook | undefined> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(file as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch {
    return undefined;
  }
  return workbook;
}
