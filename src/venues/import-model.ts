/**
 * Batch import of venues from Excel (pure part): the template's columns (Chinese headers), how a
 * row's cells become a venue, and the per-row error list — row number as Excel shows it, column
 * header, a stable code and a message in Chinese and English. All-or-nothing: one bad row and
 * nothing is imported (decision 0006), so a worker never has to find out which half went in.
 */
import {
  checkVenueInput, CHECKIN_MODES, CODE_MODES, isVenueKind, VENUE_KIND_NAMES, VENUE_KINDS, type CheckinMode, type CodeMode, type FieldProblem,
  type VenueFields, type VenueInput, type VenueKind,
} from './model.ts';

export const MAX_IMPORT_ROWS = 2000;
/** Rows listed in the error answer; the count says how many there were. */
export const MAX_LISTED_ERRORS = 500;

type Field = keyof VenueInput;

export interface ImportColumn {
  field: Field;
  header: string;
  required: boolean;
  numeric: boolean;
  /** Words accepted (the template's drop-down), when the column is a choice. */
  choices?: readonly string[];
  width: number;
  help: string;
}

export const CHECKIN_MODE_NAMES: Record<CheckinMode, string> = { confirm: '点击登记', auto: '扫码即登记' };
export const CODE_MODE_NAMES: Record<CodeMode, string> = { static: '固定海报', daily: '每日动态码' };

export const IMPORT_COLUMNS: readonly ImportColumn[] = [
  { field: 'name', header: '场所名称', required: true, numeric: false, width: 28, help: '2–60 字，如“晨光小区”' },
  { field: 'kind', header: '场所类型', required: true, numeric: false, width: 12, choices: VENUE_KINDS.map((k) => VENUE_KIND_NAMES[k]), help: VENUE_KINDS.map((k) => VENUE_KIND_NAMES[k]).join('、') },
  { field: 'address', header: '详细地址', required: true, numeric: false, width: 36, help: '2–120 字' },
  { field: 'regionCode', header: '所属区划代码', required: true, numeric: false, width: 16, help: '6 位区县或 9 位街道（乡镇）代码，如 330106004；须在您的管辖范围内' },
  { field: 'latitude', header: '纬度', required: false, numeric: true, width: 12, help: 'WGS-84，-90 至 90，如 30.2741；与经度同时填写' },
  { field: 'longitude', header: '经度', required: false, numeric: true, width: 12, help: 'WGS-84，-180 至 180，如 120.1551' },
  { field: 'geofenceRadiusM', header: '电子围栏半径（米）', required: false, numeric: true, width: 18, help: '50 至 5000 的整数；填写经纬度后可填，默认 200' },
  { field: 'openingHours', header: '开放时间', required: false, numeric: false, width: 22, help: '不超过 200 字，如“每天 06:00-22:00”' },
  { field: 'defaultStayMinutes', header: '默认停留时长（分钟）', required: false, numeric: true, width: 20, help: '5 至 1440 的整数；不填按场所类型默认' },
  { field: 'checkinMode', header: '登记方式', required: false, numeric: false, width: 12, choices: CHECKIN_MODES.map((m) => CHECKIN_MODE_NAMES[m]), help: '点击登记（默认）或 扫码即登记' },
  { field: 'codeMode', header: '场所码类型', required: false, numeric: false, width: 12, choices: CODE_MODES.map((m) => CODE_MODE_NAMES[m]), help: '固定海报（默认）或 每日动态码' },
];

export type ImportErrorCode = FieldProblem['reason'] | 'not_a_number' | 'unknown_choice' | 'region_unknown' | 'region_out_of_scope'
  | 'duplicate_in_file' | 'duplicate_existing' | 'missing_column';

export interface ImportRowError {
  /** The row number Excel shows (the header is row 1). */
  row: number;
  column: string;
  code: ImportErrorCode;
  zh: string;
  en: string;
}

const RANGE_TEXT: Partial<Record<Field, { zh: string; en: string }>> = {
  latitude: { zh: '-90 至 90', en: '-90 to 90' },
  longitude: { zh: '-180 至 180', en: '-180 to 180' },
  geofenceRadiusM: { zh: '50 至 5000 米', en: '50 to 5000 m' },
  defaultStayMinutes: { zh: '5 至 1440 分钟', en: '5 to 1440 minutes' },
};
const LENGTH_TEXT: Partial<Record<Field, { zh: string; en: string }>> = {
  name: { zh: '2 至 60 字', en: '2 to 60 characters' },
  address: { zh: '2 至 120 字', en: '2 to 120 characters' },
  openingHours: { zh: '不超过 200 字', en: 'at most 200 characters' },
};

function messageFor(code: ImportErrorCode, field: Field, extra?: string): { zh: string; en: string } {
  const column = IMPORT_COLUMNS.find((c) => c.field === field);
  switch (code) {
    case 'required': return { zh: '必填项未填写', en: 'Required' };
    case 'length': return { zh: `长度须为${LENGTH_TEXT[field]?.zh ?? ''}`, en: `Length must be ${LENGTH_TEXT[field]?.en ?? ''}` };
    case 'unknown_kind':
    case 'unknown_mode':
    case 'unknown_choice': return { zh: `须为以下之一：${column?.choices?.join('、') ?? ''}`, en: `Must be one of: ${column?.choices?.join(', ') ?? ''}` };
    case 'region_format': return { zh: '区划代码须为 6 位或 9 位数字', en: 'A region code has 6 or 9 digits' };
    case 'region_unknown': return { zh: '区划代码不存在', en: 'Unknown region code' };
    case 'region_out_of_scope': return { zh: '该区划不在您的管辖范围内', en: 'The region is outside your area' };
    case 'range': return { zh: `超出范围，须为${RANGE_TEXT[field]?.zh ?? ''}`, en: `Out of range: ${RANGE_TEXT[field]?.en ?? ''}` };
    case 'pair': return { zh: '经度和纬度须同时填写', en: 'Give both latitude and longitude' };
    case 'needs_coordinates': return { zh: '填写电子围栏半径时须同时填写经纬度', en: 'A geofence radius needs coordinates' };
    case 'whole_number': return { zh: '须为整数', en: 'Must be a whole number' };
    case 'not_a_number': return { zh: '须为数字', en: 'Must be a number' };
    case 'duplicate_in_file': return { zh: `与第 ${extra} 行的场所同名且同区划`, en: `Same name and region as row ${extra}` };
    case 'duplicate_existing': return { zh: '该区划已有同名场所', en: 'A venue with this name already exists in the region' };
    case 'missing_column': return { zh: '缺少此列，请使用下载的模板', en: 'This column is missing; use the downloaded template' };
  }
}

export function rowError(row: number, field: Field, code: ImportErrorCode, extra?: string): ImportRowError {
  const column = IMPORT_COLUMNS.find((c) => c.field === field)!;
  return { row, column: column.header, code, ...messageFor(code, field, extra) };
}

/** Header text as compared: no asterisks, spaces, or full-width brackets. */
export function normalizeHeader(text: string): string {
  return text.replace(/[*＊\s\u3000]/g, '').replace(/（/g, '(').replace(/）/g, ')').toLowerCase();
}

/** Which column index holds which field, from the header row's texts (also English field names); missing required columns. */
export function mapHeaders(headers: readonly string[]): { columns: Map<Field, number>; missing: ImportColumn[] } {
  const columns = new Map<Field, number>();
  headers.forEach((text, index) => {
    const normalized = normalizeHeader(text);
    const column = IMPORT_COLUMNS.find((c) => normalizeHeader(c.header) === normalized || c.field.toLowerCase() === normalized);
    if (column && !columns.has(column.field)) columns.set(column.field, index);
  });
  return { columns, missing: IMPORT_COLUMNS.filter((c) => c.required && !columns.has(c.field)) };
}

// Words people type for a kind besides the template's own.
const KIND_WORDS: Record<string, VenueKind> = {
  住宅小区: 'residential', 居民小区: 'residential', 小区: 'residential', 商超: 'shop', 超市: 'shop', 商店: 'shop', 商场: 'shop', 餐饮: 'restaurant',
  餐厅: 'restaurant', 饭店: 'restaurant', 写字楼: 'office', 办公楼: 'office', 工厂: 'factory', 企业: 'factory', 学校: 'school', 医院: 'hospital',
  医疗机构: 'hospital', 交通: 'transport', 交通站点: 'transport', 公共场所: 'public_place', 其他: 'other',
};

function choiceOf<T extends string>(text: string, names: Record<T, string>): T | undefined {
  const entry = (Object.entries(names) as [T, string][]).find(([code, name]) => name === text || code === text);
  return entry?.[0];
}

/** A cell's value as the import reads it: text trimmed, numbers as numbers, empty as undefined. */
export type CellValue = string | number | undefined;

/**
 * One data row's cells (by field) → the venue's checked fields, or this row's errors. Region
 * existence, scope and duplicates are checked afterwards for the whole file.
 */
export function parseImportRow(row: number, cells: ReadonlyMap<Field, CellValue>): { fields: VenueFields } | { errors: ImportRowError[] } {
  const errors: ImportRowError[] = [];
  const text = (field: Field): string => {
    const value = cells.get(field);
    return value === undefined ? '' : String(value).trim();
  };
  const number = (field: Field): number | null => {
    const value = cells.get(field);
    if (value === undefined || (typeof value === 'string' && value.trim() === '')) return null;
    const parsed = typeof value === 'number' ? value : Number(value.trim());
    if (!Number.isFinite(parsed)) {
      errors.push(rowError(row, field, 'not_a_number'));
      return null;
    }
    return parsed;
  };
  const kindText = text('kind');
  const kind = isVenueKind(kindText) ? kindText : KIND_WORDS[kindText];
  if (kindText && !kind) errors.push(rowError(row, 'kind', 'unknown_choice'));
  const checkinText = text('checkinMode');
  const checkinMode = checkinText ? choiceOf(checkinText, CHECKIN_MODE_NAMES) : 'confirm';
  if (!checkinMode) errors.push(rowError(row, 'checkinMode', 'unknown_choice'));
  const codeText = text('codeMode');
  const codeMode = codeText ? choiceOf(codeText, CODE_MODE_NAMES) : 'static';
  if (!codeMode) errors.push(rowError(row, 'codeMode', 'unknown_choice'));
  const input: VenueInput = {
    name: text('name'), kind: (kind ?? (kindText ? 'other' : '')) as VenueKind, address: text('address'), regionCode: text('regionCode'),
    latitude: number('latitude'), longitude: number('longitude'), geofenceRadiusM: number('geofenceRadiusM'), openingHours: text('openingHours') || null,
    defaultStayMinutes: number('defaultStayMinutes'), checkinMode: checkinMode ?? 'confirm', codeMode: codeMode ?? 'static',
  };
  const checked = checkVenueInput(input);
  if ('problems' in checked) {
    for (const p of checked.problems) {
      // An empty kind is "required"; an unknown word was reported above.
      if (p.field === 'kind') errors.push(rowError(row, 'kind', 'required'));
      else if (!errors.some((e) => e.column === IMPORT_COLUMNS.find((c) => c.field === p.field)?.header)) errors.push(rowError(row, p.field, p.reason));
    }
  }
  if (errors.length > 0 || 'problems' in checked) return { errors: errors.sort((a, b) => columnIndex(a.column) - columnIndex(b.column)) };
  return { fields: checked.fields };
}

const columnIndex = (header: string) => IMPORT_COLUMNS.findIndex((c) => c.header === header);

/** Rows naming the same venue (same region, same name) as an earlier row: errors pointing at the first. */
export function duplicateRows(rows: readonly { row: number; fields: VenueFields }[]): ImportRowError[] {
  const first = new Map<string, number>();
  const errors: ImportRowError[] = [];
  for (const { row, fields } of rows) {
    const key = `${fields.regionCode}\u0000${fields.name}`;
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, row);
    else errors.push(rowError(row, 'name', 'duplicate_in_file', String(earlier)));
  }
  return errors;
}
