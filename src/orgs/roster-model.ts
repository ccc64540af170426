/**
 * Roster (花名册) import, pure part: the template's columns, reading a row's cells into a checked
 * member row, the per-row problems (row number as Excel shows it, column, stable code, Chinese and
 * English) and the duplicate checks across the file. The database part (matching residents,
 * resolving unit paths, writing) is roster.ts; adding one member goes through the same checks.
 */
import { normalizeMobile } from '../accounts/model.ts';
import { peopleErrors } from '../people/errors.ts';
import { normalizeName } from '../people/model/person.ts';
import { ID_TYPE_NAMES, ID_TYPES, idTypeFromText, validateIdNumber, type IdType } from '../people/model/id-number.ts';

export { ID_TYPE_NAMES };
import type { CellValue } from '../kernel/spreadsheet.ts';
import { MEMBER_ROLE_NAMES, MEMBER_ROLES, parseUnitPath, type MemberRole } from './model.ts';

/** Rows one file may hold (a large school or company; the import writes them in chunks). */
export const MAX_ROSTER_ROWS = 20_000;

export type RosterField = 'name' | 'idType' | 'idNumber' | 'phone' | 'unitPath' | 'role';


export interface RosterColumn {
  field: RosterField;
  header: string;
  /** Other headers people write for the same column. */
  aliases: readonly string[];
  required: boolean;
  choices?: readonly string[];
  width: number;
  help: string;
}

export const ROSTER_COLUMNS: readonly RosterColumn[] = [
  { field: 'name', header: '姓名', aliases: ['名字', 'name'], required: true, width: 14, help: '必填，1–40 个汉字或英文字母' },
  { field: 'idType', header: '证件类型', aliases: ['证件种类', 'idtype'], required: false, width: 24, choices: ID_TYPES.map((t) => ID_TYPE_NAMES[t]), help: '不填视为居民身份证' },
  { field: 'idNumber', header: '证件号码', aliases: ['身份证号', '身份证号码', '证件号', 'idnumber'], required: false, width: 24, help: '证件号码与手机号至少填一项；身份证号码会核对校验位' },
  { field: 'phone', header: '手机号', aliases: ['手机', '手机号码', '联系电话', '电话', 'phone'], required: false, width: 16, help: '11 位手机号；只填手机号时须是已在本平台登记的居民' },
  { field: 'unitPath', header: '部门/班级', aliases: ['部门', '班级', '楼栋', '部门/班级/楼栋', '所在部门', 'unit', 'unitpath'], required: false, width: 24, help: '用“/”分隔上下级，如“一年级/一班”；不存在的部门按导入选项自动创建或拒绝' },
  { field: 'role', header: '角色', aliases: ['身份', 'role'], required: false, width: 10, choices: MEMBER_ROLES.map((r) => MEMBER_ROLE_NAMES[r]), help: `${MEMBER_ROLES.map((r) => MEMBER_ROLE_NAMES[r]).join('、')}；不填为成员` },
];

export type RosterErrorCode = 'name_required' | 'name_invalid' | 'id_type_unknown' | 'id_format' | 'id_region' | 'id_birth_date' | 'id_check_digit'
  | 'identity_required' | 'phone_invalid' | 'unit_path_invalid' | 'role_unknown' | 'duplicate_id_in_file' | 'duplicate_phone_in_file'
  | 'duplicate_person_in_file' | 'unit_unknown' | 'phone_not_registered' | 'name_mismatch' | 'write_failed' | 'missing_column';

export interface RosterRowError {
  /** The row number Excel shows (the header is row 1); 0 for a single member added by hand. */
  row: number;
  column: string;
  code: RosterErrorCode;
  zh: string;
  en: string;
}

const PERSON_CODES: Record<string, RosterErrorCode> = {
  PERSON_ID_TYPE_UNKNOWN: 'id_type_unknown', PERSON_ID_FORMAT: 'id_format', PERSON_ID_REGION: 'id_region', PERSON_ID_BIRTH_DATE: 'id_birth_date', PERSON_ID_CHECK_DIGIT: 'id_check_digit',
};

function messageFor(code: RosterErrorCode, extra?: string): { zh: string; en: string } {
  switch (code) {
    case 'name_required': return { zh: '姓名未填写', en: 'Name is empty' };
    case 'name_invalid': return { zh: peopleErrors.PERSON_NAME_INVALID.zh, en: peopleErrors.PERSON_NAME_INVALID.en };
    case 'id_type_unknown': return { zh: `证件类型须为：${ID_TYPES.map((t) => ID_TYPE_NAMES[t]).join('、')}`, en: 'Unknown document type' };
    case 'id_format': return { zh: peopleErrors.PERSON_ID_FORMAT.zh, en: peopleErrors.PERSON_ID_FORMAT.en };
    case 'id_region': return { zh: peopleErrors.PERSON_ID_REGION.zh, en: peopleErrors.PERSON_ID_REGION.en };
    case 'id_birth_date': return { zh: peopleErrors.PERSON_ID_BIRTH_DATE.zh, en: peopleErrors.PERSON_ID_BIRTH_DATE.en };
    case 'id_check_digit': return { zh: peopleErrors.PERSON_ID_CHECK_DIGIT.zh, en: peopleErrors.PERSON_ID_CHECK_DIGIT.en };
    case 'identity_required': return { zh: '证件号码与手机号至少填写一项', en: 'Give a document number or a phone number' };
    case 'phone_invalid': return { zh: peopleErrors.PERSON_PHONE_INVALID.zh, en: peopleErrors.PERSON_PHONE_INVALID.en };
    case 'unit_path_invalid': return { zh: '部门名称每级不超过 60 字', en: 'Each unit name has at most 60 characters' };
    case 'role_unknown': return { zh: `角色须为：${MEMBER_ROLES.map((r) => MEMBER_ROLE_NAMES[r]).join('、')}`, en: `Role must be one of: ${MEMBER_ROLES.join(', ')}` };
    case 'duplicate_id_in_file': return { zh: `证件号码与第 ${extra} 行重复`, en: `Same document number as row ${extra}` };
    case 'duplicate_phone_in_file': return { zh: `手机号与第 ${extra} 行重复`, en: `Same phone number as row ${extra}` };
    case 'duplicate_person_in_file': return { zh: `与第 ${extra} 行是同一个人`, en: `The same person as row ${extra}` };
    case 'unit_unknown': return { zh: `本单位没有部门“${extra}”（未选择自动创建）`, en: `No unit "${extra}" in this organisation (creating units was not chosen)` };
    case 'phone_not_registered': return { zh: '该手机号没有已登记的居民，请填写证件号码', en: 'No registered resident has this phone; give a document number' };
    case 'name_mismatch': return { zh: `姓名与该证件已登记的居民（${extra}）不一致`, en: `The name differs from the registered resident (${extra})` };
    case 'write_failed': return { zh: '写入失败', en: 'Could not be written' };
    case 'missing_column': return { zh: '缺少此列，请使用下载的模板', en: 'This column is missing; use the downloaded template' };
  }
}

export function rosterError(row: number, field: RosterField, code: RosterErrorCode, extra?: string): RosterRowError {
  const column = ROSTER_COLUMNS.find((c) => c.field === field)!;
  return { row, column: column.header, code, ...messageFor(code, extra) };
}

const normalizeHeader = (text: string) => text.replace(/[*＊\s]/g, '').replace(/（.*?）|\(.*?\)/g, '').toLowerCase();

/** Which column index holds which field; missing required columns (name, and one of ID number / phone). */
export function mapRosterHeaders(headers: readonly string[]): { columns: Map<RosterField, number>; missing: RosterField[] } {
  const columns = new Map<RosterField, number>();
  headers.forEach((text, index) => {
    const normalized = normalizeHeader(text);
    if (!normalized) return;
    const column = ROSTER_COLUMNS.find((c) => normalizeHeader(c.header) === normalized || c.aliases.some((a) => normalizeHeader(a) === normalized));
    if (column && !columns.has(column.field)) columns.set(column.field, index);
  });
  const missing: RosterField[] = ROSTER_COLUMNS.filter((c) => c.required && !columns.has(c.field)).map((c) => c.field);
  if (!columns.has('idNumber') && !columns.has('phone')) missing.push('idNumber');
  return { columns, missing };
}

export interface RosterInput {
  name?: string;
  idType?: string;
  idNumber?: string;
  phone?: string;
  unitPath?: string;
  role?: string;
}

export interface CheckedRosterRow {
  row: number;
  name: string;
  idType: IdType | null;
  /** Normalised (upper-case X …). */
  idNumber: string | null;
  phone: string | null;
  /** Unit names from the top; [] = no unit. */
  unitPath: string[];
  role: MemberRole;
}

function choice<T extends string>(text: string, names: Record<T, string>): T | undefined {
  const entry = (Object.entries(names) as [T, string][]).find(([code, name]) => name === text || code === text);
  return entry?.[0];
}

const ROLE_WORDS: Record<string, MemberRole> = { 员工: 'member', 职工: 'member', 居民: 'member', 老师: 'teacher', 班主任: 'teacher', 领导: 'leader', 主管: 'leader', 组长: 'leader' };

/** Cells as text (numbers written without exponent: an ID number typed as a number loses its last digits, which the check digit then catches). */
export function cellsToInput(cells: ReadonlyMap<RosterField, CellValue>): RosterInput {
  const out: RosterInput = {};
  for (const [field, value] of cells) if (value !== undefined) out[field] = typeof value === 'number' ? (Number.isInteger(value) ? BigInt(Math.round(value)).toString() : String(value)) : value;
  return out;
}

/** One row's fields checked (no database): the checked row, or this row's problems. */
export function checkRosterRow(row: number, input: RosterInput, today: string): { value: CheckedRosterRow } | { errors: RosterRowError[] } {
  const errors: RosterRowError[] = [];
  const text = (f: RosterField) => (input[f] ?? '').trim();
  let name = '';
  if (!text('name')) errors.push(rosterError(row, 'name', 'name_required'));
  else {
    const normalized = normalizeName(text('name'));
    if (!normalized) errors.push(rosterError(row, 'name', 'name_invalid'));
    else name = normalized;
  }
  let idType: IdType | null = null;
  let idNumber: string | null = null;
  const idText = text('idNumber').replace(/\s+/g, '');
  if (idText) {
    const typeText = text('idType');
    const type = typeText ? idTypeFromText(typeText) : 'resident_id';
    if (!type) errors.push(rosterError(row, 'idType', 'id_type_unknown'));
    else {
      const checked = validateIdNumber(type, idText, today);
      if (!checked.ok) errors.push(rosterError(row, 'idNumber', PERSON_CODES[checked.code] ?? 'id_format'));
      else {
        idType = type;
        idNumber = checked.normalized;
      }
    }
  }
  let phone: string | null = null;
  if (text('phone')) {
    const normalized = normalizeMobile(text('phone'));
    if (!normalized) errors.push(rosterError(row, 'phone', 'phone_invalid'));
    else phone = normalized;
  }
  if (!idText && !text('phone')) errors.push(rosterError(row, 'idNumber', 'identity_required'));
  const unitPath = parseUnitPath(text('unitPath'));
  if (!unitPath) errors.push(rosterError(row, 'unitPath', 'unit_path_invalid'));
  const roleText = text('role');
  const role = roleText ? (choice(roleText, MEMBER_ROLE_NAMES) ?? ROLE_WORDS[roleText]) : 'member';
  if (!role) errors.push(rosterError(row, 'role', 'role_unknown'));
  if (errors.length > 0 || !unitPath || !role) return { errors };
  return { value: { row, name, idType, idNumber, phone, unitPath, role } };
}

/** Later rows repeating an earlier row's document number or phone: errors naming the first row. */
export function duplicateRosterRows(rows: readonly CheckedRosterRow[]): RosterRowError[] {
  const ids = new Map<string, number>();
  const phones = new Map<string, number>();
  const errors: RosterRowError[] = [];
  for (const r of rows) {
    if (r.idNumber) {
      const key = `${r.idType}:${r.idNumber}`;
      const earlier = ids.get(key);
      if (earlier !== undefined) errors.push(rosterError(r.row, 'idNumber', 'duplicate_id_in_file', String(earlier)));
      else ids.set(key, r.row);
    }
    if (r.phone) {
      const earlier = phones.get(r.phone);
      if (earlier !== undefined) errors.push(rosterError(r.row, 'phone', 'duplicate_phone_in_file', String(earlier)));
      else phones.set(r.phone, r.row);
    }
  }
  return errors;
}

export const unitPathKey = (path: readonly string[]) => path.join('/');
