/** Check-in errors: each code once, with HTTP status, Chinese and English. */
import { errorFactory, type ErrorCatalogue } from '../kernel/errors.ts';

export const checkinErrors = {
  CHECKIN_IDEMPOTENCY_KEY_REQUIRED: {
    status: 400, zh: '登记请求缺少幂等键（Idempotency-Key，8 至 128 位字母、数字或 _.:-）',
    en: 'A check-in request needs an Idempotency-Key header (8–128 letters, digits or _.:-)',
  },
  CHECKIN_IDEMPOTENCY_KEY_REUSED: {
    status: 422, zh: '该幂等键已用于另一次不同的登记请求', en: 'This Idempotency-Key was already used for a different check-in request',
  },
  CHECKIN_DAILY_LIMIT: { status: 429, zh: '今日登记次数已达上限', en: 'The daily number of check-ins has been reached' },
  CHECKIN_UNAVAILABLE: { status: 503, zh: '登记暂未成功，请稍后重试', en: 'The check-in was not recorded; try again shortly' },
  CHECKIN_NOT_FOUND: { status: 404, zh: '找不到该登记记录', en: 'Check-in not found' },
  CHECKIN_LEAVE_CLOSED: { status: 409, zh: '登记超过 24 小时，不能再登记离开', en: 'Leaving can only be recorded within 24 hours of the check-in' },
  CHECKIN_CODE_INVALID: { status: 422, zh: '健康码无效，不能据此登记', en: 'The health code is not valid; no check-in was recorded' },
  CHECKIN_CODE_FOREIGN: {
    status: 422, zh: '该健康码由其他地区签发，本系统无法据此登记，请改用证件号码登记',
    en: 'This health code was issued elsewhere and cannot identify the person here; check in by ID number instead',
  },
  CHECKIN_GUARD_INPUT: { status: 400, zh: '请提供健康码或证件号码其中一项', en: 'Give either a health code or an ID number' },
  CHECKIN_RETENTION_INVALID: { status: 400, zh: '登记保存天数须在 14 至 60 天之间', en: 'Check-ins are kept 14 to 60 days' },
  CHECKIN_REGION_NOT_TENANT: { status: 404, zh: '该地区尚未开通', en: 'This region is not onboarded' },
  CHECKIN_WINDOW_INVALID: {
    status: 400, zh: '查询时间段无效（开始须早于结束，且不超过 31 天）', en: 'The time window is not valid (start before end, at most 31 days)',
  },
  CHECKIN_CURSOR_INVALID: { status: 400, zh: '分页游标无效', en: 'The page cursor is not valid' },
  CHECKIN_EXPORT_NOT_FOUND: { status: 404, zh: '找不到该导出文件（或已过期）', en: 'Export not found (or expired)' },
  CHECKIN_EXPORT_NOT_READY: { status: 409, zh: '导出文件尚未生成，请稍后再试', en: 'The export is not ready yet' },
  CHECKIN_EXPORT_TOO_LARGE: {
    status: 413, zh: '导出的登记记录过多，请缩短时间段（每次最多 100000 条）', en: 'Too many check-ins to export; choose a shorter window (100,000 at most)',
  },
} satisfies ErrorCatalogue<string>;

export const checkinFail = errorFactory(checkinErrors);
