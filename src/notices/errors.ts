/** Notice errors: each code once, with HTTP status, Chinese and English. */
import { errorFactory, type ErrorCatalogue } from '../kernel/errors.ts';

export const noticeErrors = {
  NOTICE_NOT_FOUND: { status: 404, zh: '找不到该通知', en: 'Notice not found' },
  NOTICE_INPUT_INVALID: { status: 400, zh: '通知内容填写有误，请检查标出的项目', en: 'Some notice details are not valid; check the fields marked' },
  NOTICE_AUDIENCE_EMPTY: { status: 400, zh: '请选择通知对象（地区或单位）', en: 'Choose who the notice is for (regions or an organisation)' },
  NOTICE_REGION_OUT_OF_SCOPE: { status: 403, zh: '所选地区不在您的管辖范围内', en: 'A chosen region is outside your area' },
  NOTICE_REGION_UNKNOWN: { status: 400, zh: '所选区划代码不存在', en: 'Unknown region code' },
  NOTICE_NOT_READY: { status: 409, zh: '通知仍在发送给接收人，请稍后再试', en: 'The notice is still being delivered; try again shortly' },
  NOTICE_DING_TOO_SOON: { status: 429, zh: '每条通知每小时只能提醒（DING）一次', en: 'A notice can be re-notified (DING) once an hour' },
  NOTICE_CONFIRM_NOT_ASKED: { status: 409, zh: '该通知不需要确认收到', en: 'This notice does not ask for a confirmation' },
  NOTICE_CURSOR_INVALID: { status: 400, zh: '翻页参数无效', en: 'The page cursor is not valid' },
} satisfies ErrorCatalogue<string>;

export const noticeFail = errorFactory(noticeErrors);
