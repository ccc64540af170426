/** Errors of the screening robot's results: follow-up tasks (随访任务) and the report's Excel export. */
import { errorFactory, type ErrorCatalogue } from '../../kernel/errors.ts';

export const callbotResultErrors = {
  CALLBOT_TASK_NOT_FOUND: { status: 404, zh: '找不到该随访任务', en: 'Follow-up task not found' },
  CALLBOT_TASK_DONE: { status: 409, zh: '该随访任务已完成', en: 'This follow-up task is already done' },
  CALLBOT_TASK_REASON_REQUIRED: { status: 400, zh: '查看联系方式须填写 2–200 字的事由', en: 'Reading the contact needs a reason of 2–200 characters' },
  CALLBOT_TASK_NOTE_TOO_LONG: { status: 400, zh: '处理说明最多 500 字', en: 'The note is at most 500 characters' },
  CALLBOT_EXPORT_NOT_FOUND: { status: 404, zh: '找不到该导出，或已超过 24 小时', en: 'Export not found, or older than 24 hours' },
  CALLBOT_EXPORT_NOT_READY: { status: 409, zh: '导出文件尚未生成，请稍候', en: 'The export is not ready yet' },
  CALLBOT_EXPORT_FAILED: { status: 409, zh: '导出失败，请重新导出', en: 'The export failed; start a new one' },
} satisfies ErrorCatalogue<string>;

export type CallbotResultErrorCode = keyof typeof callbotResultErrors;

export const callbotResultFail = errorFactory(callbotResultErrors);
