/** Monitoring plan (监测计划) and follow-up (随访) errors: each code once, with HTTP status, Chinese and English. */
import { errorFactory, type ErrorCatalogue } from '../kernel/errors.ts';

export const monitoringErrors = {
  MONITORING_PLAN_NOT_FOUND: { status: 404, zh: '找不到该监测计划', en: 'Monitoring plan not found' },
  MONITORING_PLAN_CLOSED: { status: 409, zh: '该监测计划已完成或已结束', en: 'This monitoring plan has been completed or ended' },
  MONITORING_PLAN_NOT_STARTED: { status: 409, zh: '该监测计划尚未开始随访', en: 'Follow-ups of this monitoring plan have not started yet' },
  MONITORING_FOLLOW_UP_EXISTS: { status: 409, zh: '今天已记录过该计划的随访', en: 'Today\'s follow-up of this plan was already recorded' },
  MONITORING_TEMPERATURE_INVALID: { status: 400, zh: '体温应在 35.0–42.0 ℃ 之间，保留一位小数', en: 'The temperature must be 35.0–42.0 °C with one decimal' },
  MONITORING_SYMPTOMS_INVALID: { status: 400, zh: '症状请从列表中选择，“无”不能与其他症状同时选择', en: 'Pick symptoms from the list; “none” cannot be combined with another' },
  MONITORING_ANSWERS_REQUIRED: { status: 400, zh: '已联系到本人时须填写体温和症状', en: 'When the person was reached, the temperature and symptoms are required' },
  MONITORING_UNREACHED_WITH_ANSWERS: { status: 400, zh: '未联系到本人时不能填写体温和症状', en: 'When the person was not reached, no temperature or symptoms can be recorded' },
  MONITORING_NOTE_TOO_LONG: { status: 400, zh: '备注最多 200 字', en: 'The note is at most 200 characters' },
  MONITORING_END_REASON_REQUIRED: { status: 400, zh: '提前结束监测计划须填写 2–200 字的原因', en: 'Ending a monitoring plan early needs a reason of 2–200 characters' },
  MONITORING_WORKER_INVALID: { status: 400, zh: '只能指派负责该街道的在岗社区工作者', en: 'Only an active community worker of the person\'s street can be assigned' },
  MONITORING_PLAN_DAYS_INVALID: { status: 400, zh: '监测天数应为 7–28 天', en: 'A monitoring plan lasts 7 to 28 days' },
  MONITORING_REGION_NOT_CITY: { status: 400, zh: '监测天数按已开通的城市设置', en: 'The plan length is set for an onboarded city' },
  MONITORING_CURSOR_INVALID: { status: 400, zh: '分页参数无效', en: 'Invalid page cursor' },
} satisfies ErrorCatalogue<string>;

export type MonitoringErrorCode = keyof typeof monitoringErrors;

export const monitoringFail = errorFactory(monitoringErrors);
