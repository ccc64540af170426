/** Fever clinic (发热门诊) errors: clinics, their staff, desk registrations, results, reports and their exports. Each code once, with HTTP status, Chinese and English. */
import { errorFactory, type ErrorCatalogue } from '../../kernel/errors.ts';

export const clinicErrors = {
  CLINIC_NOT_FOUND: { status: 404, zh: '找不到该发热门诊', en: 'Fever clinic not found' },
  CLINIC_VENUE_NOT_HOSPITAL: { status: 400, zh: '只有“医院”类场所可以开设发热门诊', en: 'Only a venue of kind hospital can run a fever clinic' },
  CLINIC_EXISTS: { status: 409, zh: '该医院已开设发热门诊', en: 'This hospital already runs a fever clinic' },
  CLINIC_STAFF_ACCOUNT_NOT_FOUND: { status: 404, zh: '找不到该工作人员账号', en: 'Staff account not found' },
  CLINIC_STAFF_ROLE_MISSING: { status: 400, zh: '该账号没有本地区的“发热门诊工作人员”角色', en: 'The account does not hold the clinic staff role for this region' },
  CLINIC_PERSON_DETAILS_REQUIRED: { status: 400, zh: '该证件号码尚未登记，请填写姓名和现住地区以新建人员档案', en: 'This ID number is not registered yet: give the name and home region to create the person' },
  CLINIC_TEMPERATURE_INVALID: { status: 400, zh: '体温应在 35.0–42.0℃ 之间，保留一位小数', en: 'The temperature must be 35.0–42.0 °C with one decimal' },
  CLINIC_SYMPTOMS_INVALID: { status: 400, zh: '症状无效：请从列表中选择，“无”不能与其他症状同选', en: 'Invalid symptoms: choose from the list; "none" goes alone' },
  CLINIC_ONSET_INVALID: { status: 400, zh: '发病日期无效：不能晚于就诊日期', en: 'Invalid onset date: not after the visit' },
  CLINIC_TRIAGE_INVALID: { status: 400, zh: '分诊去向无效', en: 'Invalid triage decision' },
  CLINIC_TEST_INVALID: { status: 400, zh: '检测项目无效', en: 'Invalid test ordered' },
  CLINIC_EPI_NOTE_TOO_LONG: { status: 400, zh: '流行病学史说明最多 500 字', en: 'The epidemiological history note is at most 500 characters' },
  CLINIC_VISIT_TIME_INVALID: { status: 400, zh: '就诊时间不能晚于现在，也不能早于 7 天前', en: 'The visit time cannot be in the future or more than 7 days ago' },
  CLINIC_VISIT_NOT_FOUND: { status: 404, zh: '找不到该就诊登记', en: 'Visit not found' },
  CLINIC_RESULT_INVALID: { status: 400, zh: '检测结果须为阴性或阳性', en: 'The result must be negative or positive' },
  CLINIC_NO_TEST_ORDERED: { status: 409, zh: '该就诊未开检测，不能录入结果', en: 'No test was ordered for this visit' },
  CLINIC_RESULT_FINAL: { status: 409, zh: '该就诊已录入检测结果', en: 'The result of this visit is already entered' },
  CLINIC_RESULT_TIME_INVALID: { status: 400, zh: '结果时间须在就诊时间之后、现在之前', en: 'The result time must be after the visit and not in the future' },
  CLINIC_CASE_CLOSED: { status: 409, zh: '该人员的病例已结案（死亡），请联系卫健部门', en: 'The person\'s case is closed (died); contact the health commission' },
  CLINIC_DAY_INVALID: { status: 400, zh: '日期无效：须为今天或以前的日期', en: 'Invalid day: today or earlier' },
  CLINIC_CURSOR_INVALID: { status: 400, zh: '分页参数无效', en: 'Invalid page cursor' },
  CLINIC_EXPORT_NOT_FOUND: { status: 404, zh: '找不到该导出任务（仅发起人可查看，保留 24 小时）', en: 'Export not found (only its requester sees it, for 24 hours)' },
  CLINIC_EXPORT_NOT_READY: { status: 409, zh: '导出文件尚未生成，请稍后再试', en: 'The export is not finished yet; try again shortly' },
  CLINIC_EXPORTS_BUSY: { status: 429, zh: '您已有 3 个导出任务正在进行，请等待完成后再发起', en: 'You have 3 exports running; wait for one to finish' },
  CLINIC_EXPORT_FAILED: { status: 500, zh: '导出失败，请重新发起导出', en: 'The export failed; start it again' },
} satisfies ErrorCatalogue<string>;

export type ClinicErrorCode = keyof typeof clinicErrors;

export const clinicFail = errorFactory(clinicErrors);
