/** Return to work (复工复产) errors: each code once, with HTTP status, Chinese and English. */
import { errorFactory, type ErrorCatalogue } from '../../kernel/errors.ts';

export const resumptionErrors = {
  RESUMPTION_COMPANY_ONLY: { status: 409, zh: '只有企业需要提交复工申请', en: 'Only companies file resumption applications' },
  RESUMPTION_INPUT_INVALID: { status: 400, zh: '复工申请填写有误', en: 'The resumption application is invalid' },
  RESUMPTION_CONTACT_PHONE_INVALID: { status: 400, zh: '请填写正确的联系电话（手机或带区号的固定电话）', en: 'Enter a valid contact phone (mobile, or landline with area code)' },
  RESUMPTION_NOT_FOUND: { status: 404, zh: '找不到该复工申请', en: 'Resumption application not found' },
  RESUMPTION_OPEN_EXISTS: { status: 409, zh: '本单位已有未批准的复工申请', en: 'The organisation already has an application that is not approved' },
  RESUMPTION_NOT_EDITABLE: { status: 409, zh: '只有草稿或被退回的申请可以修改', en: 'Only a draft or a returned application can be edited' },
  RESUMPTION_MOVE_NOT_ALLOWED: { status: 409, zh: '申请当前状态下不能进行该操作', en: 'The application cannot make this move in its current state' },
  RESUMPTION_COMMENT_REQUIRED: { status: 400, zh: '退回申请须填写 2–500 字的意见', en: 'Returning an application needs a comment of 2–500 characters' },
  RETURN_TO_WORK_INPUT_INVALID: { status: 400, zh: '返岗申报填写有误', en: 'The return-to-work declaration is invalid' },
  RETURN_TO_WORK_REGION_UNKNOWN: { status: 400, zh: '出发地地区代码不存在', en: 'Unknown origin region code' },
  RETURN_TO_WORK_NOT_FOUND: { status: 404, zh: '该员工没有返岗申报', en: 'This employee has no return-to-work declaration' },
  RETURN_TO_WORK_DECISION_INVALID: { status: 400, zh: '请选择同意返岗日期或暂缓返岗；同意时须填写返岗日期', en: 'Approve a return date or ask to wait; approving needs a date' },
  RETURN_TO_WORK_CURSOR_INVALID: { status: 400, zh: '分页参数无效', en: 'Invalid page cursor' },
} satisfies ErrorCatalogue<string>;

export type ResumptionErrorCode = keyof typeof resumptionErrors;

export const resumptionFail = errorFactory(resumptionErrors);
