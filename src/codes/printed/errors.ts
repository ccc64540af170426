/** Printed code (关爱码) errors: each code once, with HTTP status, Chinese and English. */
import { errorFactory, type ErrorCatalogue } from '../../kernel/errors.ts';

export const printedCodeErrors = {
  PRINTED_CODE_DAYS_INVALID: { status: 400, zh: '有效天数须为 1 至 14 天', en: 'Validity must be 1 to 14 days' },
  PRINTED_CODE_PERSON_NOT_FOUND: { status: 404, zh: '找不到该人员', en: 'Person not found' },
  PRINTED_CODE_NOT_FOUND: { status: 404, zh: '找不到该关爱码', en: 'Printed code not found' },
  PRINTED_CODE_REVOKED: { status: 409, zh: '该关爱码已撤销，不能再打印', en: 'This printed code has been revoked and cannot be printed' },
  PRINTED_CODE_EXPIRED: { status: 409, zh: '该关爱码已过期，请重新签发', en: 'This printed code has expired; issue a new one' },
  PRINTED_CODE_REASON_REQUIRED: { status: 400, zh: '请填写撤销原因（2 至 200 字）', en: 'State a reason for the revocation (2 to 200 characters)' },
} satisfies ErrorCatalogue<string>;

export const printedCodeFail = errorFactory(printedCodeErrors);
