/**
 * The sheets of tracing's exports: Chinese headers, and each row made from the same masked view
 * the console's list shows (views.ts CaseView and ContactView, exposure-service.ts
 * ExposedPersonView) — masked names, ID numbers and phones only, region names, classifications
 * and sources in Chinese, times in Beijing time. Minimal data: the file leaves the audit trail's
 * reach once downloaded, so it carries nothing the list would not show.
 */
import type ExcelJS from 'exceljs';
import type { ColumnSpec } from './export-workbook.ts';
import type { ExposedPersonView } from './exposure-service.ts';
import { CLASSIFICATION_NAMES, SOURCE_NAMES } from './model/case.ts';
import type { ExportKind } from './model/export.ts';
import type { CaseView, ContactView } from './views.ts';

/** 2026-03-10 09:30 in Asia/Shanghai; '' for none. */
export function beijingTime(at: Date | null): string {
  return at ? new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : '';
}

const yesNo = (b: boolean) => (b ? '是' : '否');
const COLOUR_NAMES = { green: '绿码', yellow: '黄码', red: '红码' } as const;
const colourName = (c: 'green' | 'yellow' | 'red' | null) => (c ? COLOUR_NAMES[c] : '无码');
const TRACING_STATUS_NAMES = { pending: '待流调', done: '已流调', not_traced: '未流调' } as const;

export const CASE_COLUMNS: readonly ColumnSpec[] = [
  { header: '病例编号', width: 38 }, { header: '姓名', width: 10 }, { header: '证件号码', width: 22 }, { header: '所属地区', width: 16 },
  { header: '病例分类', width: 14 }, { header: '病例来源', width: 14 }, { header: '发病日期', width: 12 }, { header: '发病日期为估计', width: 14 },
  { header: '阳性检测日期', width: 14 }, { header: '报告日期', width: 12 }, { header: '隔离时间', width: 18 }, { header: '流调状态', width: 10 },
  { header: '密接人数', width: 10 }, { header: '次密接人数', width: 10 }, { header: '登记时间', width: 18 },
];

export function caseRow(c: CaseView): ExcelJS.CellValue[] {
  return [
    c.id, c.nameMasked, c.idNumberMasked, c.regionName, CLASSIFICATION_NAMES[c.classification].zh, SOURCE_NAMES[c.source].zh, c.onsetOn ?? '',
    c.onsetOn ? yesNo(c.onsetApproximate) : '', c.testedPositiveOn ?? '', c.reportedOn, beijingTime(c.isolatedAt), TRACING_STATUS_NAMES[c.tracing.status],
    c.tracing.closeContacts, c.tracing.secondaryContacts, beijingTime(c.createdAt),
  ];
}

export const CONTACT_COLUMNS: readonly ColumnSpec[] = [
  { header: '姓名', width: 10 }, { header: '手机号', width: 14 }, { header: '居住地区', width: 16 }, { header: '类别', width: 8 },
  { header: '代数', width: 6 }, { header: '首次接触时间', width: 18 }, { header: '末次接触时间', width: 18 }, { header: '接触次数', width: 10 },
  { header: '发现时间', width: 18 }, { header: '关联病例编号', width: 38 }, { header: '关联病例分类', width: 14 }, { header: '计入健康码', width: 10 },
  { header: '健康码', width: 8 },
];

export function contactRow(k: ContactView): ExcelJS.CellValue[] {
  return [
    k.nameMasked, k.phoneMasked ?? '', k.regionName, k.kind === 'close' ? '密接' : '次密接', k.depth, beijingTime(k.firstExposureAt), beijingTime(k.lastExposureAt),
    k.links, beijingTime(k.foundAt), k.caseId, CLASSIFICATION_NAMES[k.caseClassification].zh, yesNo(k.counts), colourName(k.colour),
  ];
}

export const EXPOSED_PERSON_COLUMNS: readonly ColumnSpec[] = [
  { header: '姓名', width: 10 }, { header: '手机号', width: 14 }, { header: '到场时间', width: 18 }, { header: '离开时间', width: 18 }, { header: '健康码', width: 8 },
];

export function exposedPersonRow(p: ExposedPersonView): ExcelJS.CellValue[] {
  return [p.nameMasked, p.phoneMasked ?? '', beijingTime(p.checkedInAt), beijingTime(p.leaveAt), colourName(p.colour)];
}

export const COLUMNS_OF: Record<ExportKind, readonly ColumnSpec[]> = { cases: CASE_COLUMNS, contacts: CONTACT_COLUMNS, exposure_persons: EXPOSED_PERSON_COLUMNS };
