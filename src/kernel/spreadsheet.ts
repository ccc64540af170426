/**
 * Excel files (exceljs). Reading uploads, shared by the imports (venues, organisation rosters): a
 * cell's value as an import reads it, and loading a workbook from its bytes. Writing the large
 * exports (venue check-ins, daily check-in statistics, call-robot reports): sheets streamed into memory.
 */
import { PassThrough } from 'node:stream';
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

/** Rows a streamed sheet commits between turns of the event loop. */
export const ROWS_PER_TURN = 1000;

/** How a streamed row looks: the font and alignment of its cells. */
export type RowStyle = Partial<Pick<ExcelJS.Style, 'font' | 'alignment'>>;

export interface StreamedSheet {
  /** The sheet: its columns and merged cells; rows already added are committed and cannot be read back. */
  readonly sheet: ExcelJS.Worksheet;
  /**
   * Appends a row (values by column, or by the columns' keys) and commits it: it is written to the
   * zipped file at once and its cells are dropped. After every ROWS_PER_TURN rows the event loop
   * gets a turn. An empty row leaves a blank line. Cells merged before (sheet.mergeCells) stay merged.
   */
  addRow(values: ExcelJS.CellValue[] | Record<string, ExcelJS.CellValue>, style?: RowStyle): Promise<void>;
  /** Commits the sheet and the workbook; the .xlsx file. */
  finish(): Promise<Buffer>;
}

/**
 * A workbook written with exceljs' streaming writer into a Buffer: memory grows with the compressed
 * file, not with every row's cell objects, and a large export never holds the event loop for long
 * (100,000 check-ins: ~60 MB and ~50 ms at most, where the in-memory workbook took ~700 MB). Sheets
 * are written one after another: adding a sheet commits the one before. `columns`: widths and
 * keys; headers are rows the caller adds.
 */
export interface StreamedWorkbook {
  addSheet(name: string, columns: Pick<Partial<ExcelJS.Column>, 'key' | 'width'>[]): Omit<StreamedSheet, 'finish'>;
  /** Commits the last sheet and the workbook; the .xlsx file. */
  finish(): Promise<Buffer>;
}

export function streamWorkbook(): StreamedWorkbook {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => { out.on('end', resolve); out.on('error', reject); });
  // Strings inline: a shared-strings table would keep every distinct text (each row's times) in
  // memory and write it in one piece at the end (~0.4 s of blocked event loop at 100,000 rows).
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'fangyi';
  let current: ExcelJS.Worksheet | undefined;
  return {
    addSheet(name, columns) {
      current?.commit();
      const sheet = workbook.addWorksheet(name);
      sheet.columns = columns;
      current = sheet;
      let rows = 0;
      return {
        sheet,
        async addRow(values, style) {
          const row = sheet.getRow(++rows);
          // Cell by cell, so that a row whose cells were merged beforehand keeps the merge.
          if (Array.isArray(values)) values.forEach((value, i) => { if (value !== undefined) row.getCell(i + 1).value = value; });
          else row.values = values;
          if (style?.font) row.font = style.font;
          if (style?.alignment) row.alignment = style.alignment;
          row.commit();
          if (rows % ROWS_PER_TURN === 0) await new Promise<void>((resolve) => setImmediate(resolve));
        },
      };
    },
    async finish() {
      current?.commit();
      await workbook.commit();
      await ended;
      return Buffer.concat(chunks);
    },
  };
}

/** A workbook of one sheet (streamWorkbook). */
export function streamSheet(name: string, columns: Pick<Partial<ExcelJS.Column>, 'key' | 'width'>[]): StreamedSheet {
  const book = streamWorkbook();
  return { ...book.addSheet(name, columns), finish: () => book.finish() };
}
