/** Contact tracing (流调) errors: cases, case imports, tracing settings, links and contact lists. Each code once, with HTTP status, Chinese and English. */
import { errorFactory, type ErrorCatalogue } from '../kernel/errors.ts';

export const tracingErrors = {
  TRACING_CASE_NOT_FOUND: { status: 404, zh: '找不到该病例', en: 'Case not found' },
  TRACING_PERSON_NOT_FOUND: { status: 404, zh: '找不到该人员', en: 'Person not found' },
  TRACING_CASE_EXISTS: { status: 409, zh: '该人员已有未结案的病例登记', en: 'This person already has an open case' },
  TRACING_CLASSIFICATION_INVALID: { status: 400, zh: '病例分类无效', en: 'Invalid case classification' },
  TRACING_CLASSIFICATION_FINAL: { status: 409, zh: '死亡病例的分类不能再更改', en: 'The classification of a case who died cannot change' },
  TRACING_CLASSIFICATION_UNCHANGED: { status: 409, zh: '病例已是该分类', en: 'The case already has this classification' },
  TRACING_DATE_INVALID: { status: 400, zh: '日期无效：不能晚于今天，发病日期不能晚于报告日期', en: 'Invalid date: not after today, and the onset not after the report date' },
  TRACING_ISOLATION_INVALID: { status: 400, zh: '隔离时间不能早于感染期开始，也不能晚于现在', en: 'The isolation time cannot be before the infectious window starts or in the future' },
  TRACING_SOURCE_INVALID: { status: 400, zh: '病例来源无效；外地推送的病例须注明来源地区', en: 'Invalid case source; a case from another region needs its issuing region' },
  TRACING_NOTES_TOO_LONG: { status: 400, zh: '备注最多 500 字', en: 'Notes are at most 500 characters' },
  TRACING_SETTINGS_INVALID: { status: 400, zh: '流调参数无效', en: 'Invalid tracing settings' },
  TRACING_REGION_NOT_CITY: { status: 400, zh: '流调参数按已开通的城市设置', en: 'Tracing settings are set for an onboarded city' },
  TRACING_CURSOR_INVALID: { status: 400, zh: '分页参数无效', en: 'Invalid page cursor' },
  TRACING_REASON_REQUIRED: { status: 400, zh: '查看接触证据须填写 2–200 字的原因', en: 'Reading contact evidence needs a reason of 2–200 characters' },
  TRACING_REGION_UNKNOWN: { status: 400, zh: '地区代码不存在', en: 'Unknown region code' },
  TRACING_IMPORT_FILE_INVALID: { status: 400, zh: '请上传 .xlsx 格式的 Excel 文件（可下载病例导入模板）', en: 'Upload an .xlsx Excel file (the case import template)' },
  TRACING_IMPORT_FILE_TOO_LARGE: { status: 413, zh: '导入文件不能超过 10 MB', en: 'The import file is at most 10 MB' },
  TRACING_IMPORT_COLUMNS_MISSING: { status: 400, zh: '文件缺少必需的列，请使用下载的模板', en: 'The file lacks required columns; use the downloaded template' },
  TRACING_IMPORT_EMPTY: { status: 400, zh: '文件中没有病例数据', en: 'The file holds no cases' },
  TRACING_IMPORT_TOO_MANY_ROWS: { status: 400, zh: '单个文件的病例行数超过上限，请分批导入', en: 'Too many rows in one file; import in parts' },
  TRACING_IMPORT_NOT_FOUND: { status: 404, zh: '找不到该导入任务（仅发起人可查看，保留 24 小时）', en: 'Import not found (only its starter sees it, for 24 hours)' },
  TRACING_IMPORTS_BUSY: { status: 429, zh: '您已有导入任务正在进行，请等待完成后再上传', en: 'You have imports running; wait for them to finish before uploading again' },
  TRACING_IMPORT_FAILED: { status: 500, zh: '导入任务中断，请重新上传', en: 'The import was interrupted; upload the file again' },
  // Exports (导出) and venue exposures (场所暴露): export-service.ts, exposure-service.ts.
  TRACING_EXPORT_FILTER_INVALID: { status: 400, zh: '筛选条件不适用于该导出类型，或缺少必需的条件', en: 'A filter does not apply to this kind of export, or a required one is missing' },
  TRACING_EXPORT_NOT_FOUND: { status: 404, zh: '找不到该导出任务（仅发起人可查看，保留 24 小时）', en: 'Export not found (only its requester sees it, for 24 hours)' },
  TRACING_EXPORT_NOT_READY: { status: 409, zh: '导出文件尚未生成，请稍后再试', en: 'The export is not finished yet; try again shortly' },
  TRACING_EXPORT_FAILED: { status: 500, zh: '导出失败，请重新发起导出', en: 'The export failed; start it again' },
  TRACING_EXPORT_TOO_LARGE: { status: 422, zh: '导出行数超过上限（300 万行），请缩小筛选范围', en: 'Too many rows to export (at most 3,000,000); narrow the filters' },
  TRACING_EXPORTS_BUSY: { status: 429, zh: '您已有 3 个导出任务正在进行，请等待完成后再发起', en: 'You have 3 exports running; wait for one to finish' },
  TRACING_VENUE_NOT_FOUND: { status: 404, zh: '找不到该场所', en: 'Venue not found' },
  TRACING_EXPOSURE_NOT_FOUND: { status: 404, zh: '找不到该场所暴露记录', en: 'Venue exposure not found' },
  TRACING_EXPOSURE_WINDOW_ORDER: { status: 400, zh: '暴露时段的开始时间须早于结束时间', en: 'The exposure window must start before it ends' },
  TRACING_EXPOSURE_WINDOW_FUTURE: { status: 400, zh: '暴露时段不能晚于现在', en: 'The exposure window cannot end in the future' },
  TRACING_EXPOSURE_WINDOW_TOO_LONG: { status: 400, zh: '暴露时段最长 14 天', en: 'The exposure window is at most 14 days long' },
  TRACING_EXPOSURE_NOTE_TOO_LONG: { status: 400, zh: '备注最多 200 字', en: 'The note is at most 200 characters' },
  TRACING_EXPOSURE_EXISTS: { status: 409, zh: '该场所的这一时段已标记为暴露', en: 'This venue and window are already marked exposed' },
} satisfies ErrorCatalogue<string>;

export type TracingErrorCode = keyof typeof tracingErrors;

export const tracingFail = errorFactory(tracingErrors);
