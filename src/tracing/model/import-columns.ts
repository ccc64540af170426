/**
 * The case import sheet (病例导入模板), pure: its columns with their Chinese headers, the other
 * headers people write for them, which are required, the allowed values and the help text, and
 * which column of an uploaded sheet holds which field.
 */
import { ID_TYPE_NAMES, ID_TYPES } from '../../people/model/id-number.ts';
import { CASE_SOURCES, CLASSIFICATIONS, CLASSIFICATION_NAMES, MAX_NOTES_LENGTH, SOURCE_NAMES } from './case.ts';
import type { CaseRowField } from './case-row.ts';

/** Rows one file may hold (the import writes them in chunks, in a background job). */
export const MAX_IMPORT_ROWS = 10_000;

export interface ImportColumn {
  field: CaseRowField;
  header: string;
  aliases: readonly string[];
  required: boolean;
  choices?: readonly string[];
  /** Kept as text in the template (no 3.30106E+17, no dates turned into numbers). */
  text?: boolean;
  width: number;
  help: string;
}

const classificationNames = CLASSIFICATIONS.map((c) => CLASSIFICATION_NAMES[c].zh);
const sourceNames = CASE_SOURCES.map((s) => SOURCE_NAMES[s].zh);

export const IMPORT_COLUMNS: readonly ImportColumn[] = [
  { field: 'idType', header: '证件类型', aliases: ['证件种类', 'idtype'], required: false, width: 22, choices: ID_TYPES.map((t) => ID_TYPE_NAMES[t]), help: '不填视为居民身份证' },
  { field: 'idNumber', header: '证件号码', aliases: ['身份证号', '身份证号码', '证件号', 'idnumber'], required: true, text: true, width: 22, help: '身份证号码会核对校验位；按证件号码匹配已登记的人员' },
  { field: 'name', header: '姓名', aliases: ['名字', 'name'], required: true, width: 12, help: '须与已登记人员的姓名一致' },
  { field: 'phone', header: '手机号', aliases: ['手机', '手机号码', '联系电话', 'phone'], required: false, text: true, width: 14, help: '11 位手机号，新建人员档案时记录' },
  { field: 'homeRegionCode', header: '现住地区划代码', aliases: ['现住地', '现住址区划代码', '现住地区代码', 'homeregioncode'], required: false, text: true, width: 16, help: '6 位县级或 9 位乡镇街道代码；仅该人员尚未在本平台登记时必填（据此新建人员档案）' },
  { field: 'classification', header: '病例分类', aliases: ['分类', 'classification'], required: true, width: 14, choices: classificationNames, help: `${classificationNames.join('、')}（也可填代码 ${CLASSIFICATIONS.join('/')}）` },
  { field: 'onsetOn', header: '发病日期', aliases: ['发病时间', 'onseton'], required: false, text: true, width: 12, help: '如 2026-03-09；无症状可不填；不能晚于报告日期' },
  { field: 'onsetApproximate', header: '发病日期为估计', aliases: ['发病日期估计', 'onsetapproximate'], required: false, width: 14, choices: ['是', '否'], help: '是/否，不填为否' },
  { field: 'testedPositiveOn', header: '首次阳性日期', aliases: ['阳性日期', '首次检测阳性日期', 'testedpositiveon'], required: false, text: true, width: 14, help: '无发病日期时，感染期从此日起算；不能晚于报告日期' },
  { field: 'reportedOn', header: '报告日期', aliases: ['报告时间', 'reportedon'], required: true, text: true, width: 12, help: '不能晚于今天' },
  { field: 'isolatedAt', header: '隔离时间', aliases: ['隔离日期', 'isolatedat'], required: false, text: true, width: 18, help: '北京时间，如 2026-03-09 14:30；感染期至此结束' },
  { field: 'source', header: '病例来源', aliases: ['来源', 'source'], required: true, width: 14, choices: sourceNames, help: sourceNames.join('、') },
  { field: 'issuingRegionCode', header: '来源地区代码', aliases: ['推送地区代码', '来源地区', 'issuingregioncode'], required: false, text: true, width: 14, help: '病例来源为外地推送时必填：推送病例的地区代码' },
  { field: 'externalRef', header: '外地病例编号', aliases: ['外地编号', '病例编号', 'externalref'], required: false, text: true, width: 18, help: '外地推送病例在来源地区的编号（最多 64 字符）；同一来源地区和编号再次导入时更新该病例，不重复登记' },
  { field: 'notes', header: '备注', aliases: ['说明', 'notes'], required: false, width: 30, help: `最多 ${MAX_NOTES_LENGTH} 字，加密保存` },
];

const normalizeHeader = (text: string) => text.replace(/[*＊\s]/g, '').replace(/（.*?）|\(.*?\)/g, '').toLowerCase();

/** Which column index holds which field; the required columns the sheet lacks. */
export function mapImportHeaders(headers: readonly string[]): { columns: Map<CaseRowField, number>; missing: CaseRowField[] } {
  const columns = new Map<CaseRowField, number>();
  headers.forEach((text, index) => {
    const normalized = normalizeHeader(text);
    if (!normalized) return;
    const column = IMPORT_COLUMNS.find((c) => normalizeHeader(c.header) === normalized || c.aliases.some((a) => normalizeHeader(a) === normalized));
    if (column && !columns.has(column.field)) columns.set(column.field, index);
  });
  return { columns, missing: IMPORT_COLUMNS.filter((c) => c.required && !columns.has(c.field)).map((c) => c.field) };
}

export const headerOf = (field: CaseRowField): string => IMPORT_COLUMNS.find((c) => c.field === field)!.header;
