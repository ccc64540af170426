/**
 * A dashboard chart's data as an Excel file (图表数据下载): one sheet, a header row in Chinese, the
 * rows as the chart shows them. Small (a year of days at most), so it is made in the request.
 */
import ExcelJS from 'exceljs';

export interface ChartTable {
  /** The sheet's name and the file's. */
  title: string;
  columns: readonly string[];
  rows: readonly (readonly (string | number | null)[])[];
}

export async function chartWorkbook(table: ChartTable): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(table.title.slice(0, 31));
  sheet.addRow([...table.columns]).font = { bold: true };
  for (const row of table.rows) sheet.addRow([...row]);
  sheet.columns.forEach((column) => { column.width = 14; });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
