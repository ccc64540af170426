/** Manual colour decisions and established false declarations (four-eyes): each code once, with HTTP status, Chinese and English. */
import { errorFactory, type ErrorCatalogue } from '../../kernel/errors.ts';

export const overrideErrors = {
  OVERRIDE_REASON_INVALID: { status: 400, zh: '人工核定须填写理由（2–500 字）', en: 'A manual decision needs a reason (2–500 characters)' },
  OVERRIDE_LEGAL_BASIS_INVALID: { status: 400, zh: '须填写法律依据（2–200 字），例如《传染病防治法》第三十九条', en: 'A legal basis is required (2–200 characters)' },
  OVERRIDE_VALID_DAYS_INVALID: { status: 400, zh: '有效期应为 1–14 天', en: 'The validity is 1–14 days' },
  OVERRIDE_PERSON_NOT_FOUND: { status: 404, zh: '找不到该人员', en: 'Person not found' },
  OVERRIDE_NOT_FOUND: { status: 404, zh: '找不到该核定申请', en: 'No such proposal' },
  OVERRIDE_SELF_APPROVAL: { status: 403, zh: '提出人不能审批自己的申请，须由另一名工作人员审批', en: 'The proposer cannot approve their own proposal; a second official must' },
  OVERRIDE_NOT_PENDING: { status: 409, zh: '该申请已处理', en: 'This proposal has already been decided' },
  OVERRIDE_PROPOSAL_EXPIRED: { status: 409, zh: '该申请超过 48 小时未审批，已失效，请重新提出', en: 'The proposal was not approved within 48 hours and has lapsed; propose again' },
  OVERRIDE_DECISION_NOT_ACTIVE: { status: 409, zh: '该人工核定（或虚假申报认定）已过期或已撤销', en: 'This manual decision (or false-declaration finding) has expired or was revoked' },
  OVERRIDE_DECLARATION_NOT_FOUND: { status: 404, zh: '该人员没有这条健康申报', en: 'This person has no such health declaration' },
  OVERRIDE_DECLARATION_ALREADY_ESTABLISHED: {
    status: 409, zh: '该申报已被认定为虚假申报，或已有待审批的认定申请', en: 'This declaration is already established as false, or an establishment awaits approval',
  },
  OVERRIDE_REQUEST_OWN_REGION: { status: 409, zh: '该人员属于本辖区，请直接提出人工核定', en: 'This person is in your own region: propose a decision directly' },
  OVERRIDE_CURSOR_INVALID: { status: 400, zh: '分页参数无效', en: 'Invalid page cursor' },
} satisfies ErrorCatalogue<string>;

export const overrideFail = errorFactory(overrideErrors);
