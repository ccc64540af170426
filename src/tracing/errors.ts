/** Contact tracing (流调) errors: cases, tracing settings, links and contact lists. Each code once, with HTTP status, Chinese and English. */
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
} satisfies ErrorCatalogue<string>;

export type TracingErrorCode = keyof typeof tracingErrors;

export const tracingFail = errorFactory(tracingErrors);
