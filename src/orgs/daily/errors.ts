/** Daily check-in errors: each code once, with HTTP status, Chinese and English. */
import { errorFactory, type ErrorCatalogue } from '../../kernel/errors.ts';

export const dailyErrors = {
  DAILY_ALREADY_SUBMITTED: { status: 409, zh: '今天已经打过卡了，每人每天只能打卡一次，已提交的内容不能修改', en: 'Today\'s check-in was already submitted; one a day, and it cannot be changed' },
  DAILY_TEMPERATURE_INVALID: { status: 400, zh: '体温须在 35.0 至 42.0 ℃ 之间，保留一位小数', en: 'Temperature must be 35.0–42.0 °C with one decimal' },
  DAILY_SYMPTOMS_INVALID: { status: 400, zh: '症状选择无效（“无”不能与其他症状同选）', en: 'Symptoms are not valid ("none" cannot go with another symptom)' },
  DAILY_CITY_INVALID: { status: 400, zh: '所在城市无效', en: 'The city is not valid' },
  DAILY_LOCATION_INVALID: { status: 400, zh: '请选择在家或在单位/学校', en: 'Choose at home or at work/school' },
  DAILY_GUARDIAN_SCHOOL_ONLY: { status: 403, zh: '只有学校的学生可以由监护人代为打卡', en: 'Only a school\'s pupils can be checked in by a guardian' },
  DAILY_CHECKIN_NOT_FOUND: { status: 404, zh: '找不到该打卡记录', en: 'Daily check-in not found' },
  DAILY_CORRECTION_REASON_REQUIRED: { status: 400, zh: '更正必须填写原因', en: 'A correction needs a reason' },
  DAILY_REMIND_AT_INVALID: { status: 400, zh: '提醒时间格式应为 HH:MM', en: 'The reminder time must be HH:MM' },
  DAILY_DAY_INVALID: { status: 400, zh: '日期无效（不能查询未来的日期）', en: 'The day is not valid (not in the future)' },
  DAILY_CURSOR_INVALID: { status: 400, zh: '分页游标无效', en: 'The page cursor is not valid' },
  DAILY_EXPORT_NOT_FOUND: { status: 404, zh: '找不到该导出文件（导出文件保留 24 小时）', en: 'Export not found (exports are kept for 24 hours)' },
  DAILY_EXPORT_NOT_READY: { status: 409, zh: '导出文件尚未生成，请稍后再试', en: 'The export is not ready yet' },
  DAILY_EXPORT_FAILED: { status: 409, zh: '导出失败，请重新导出', en: 'The export failed; start it again' },
} satisfies ErrorCatalogue<string>;

export type DailyErrorCode = keyof typeof dailyErrors;
export const dailyFail = errorFactory(dailyErrors);
