/** Health declaration (健康申报) errors: each code once, with HTTP status, Chinese and English. */
import { errorFactory, type ErrorCatalogue } from '../../kernel/errors.ts';

export const declarationErrors = {
  DECLARATION_TEMPERATURE_INVALID: { status: 400, zh: '体温应在 34.0–43.0 ℃ 之间，保留一位小数', en: 'Temperature must be 34.0–43.0 °C with at most one decimal' },
  DECLARATION_SYMPTOMS_EMPTY: { status: 400, zh: '请选择症状；没有症状请选择“无”', en: 'Choose the symptoms, or "none"' },
  DECLARATION_SYMPTOM_UNKNOWN: { status: 400, zh: '不在症状列表中的选项', en: 'A symptom is not in the list' },
  DECLARATION_SYMPTOMS_CONFLICT: { status: 400, zh: '“无症状”不能与其他症状同时选择', en: '"none" cannot be combined with other symptoms' },
  DECLARATION_CONTACT_INVALID: { status: 400, zh: '接触史只能是无、确诊或疑似病例', en: 'Contact must be none, confirmed or suspected' },
  DECLARATION_REGION_UNKNOWN: { status: 400, zh: '地区代码不存在', en: 'Unknown region code' },
  DECLARATION_TOO_MANY_PLACES: { status: 400, zh: '近 14 天途经地区最多填写 20 个', en: 'At most 20 places stayed in the last 14 days' },
  DECLARATION_ADDRESS_INVALID: { status: 400, zh: '现住址应为 1–200 个字符', en: 'The current address must be 1–200 characters' },
  DECLARATION_PHONE_INVALID: { status: 400, zh: '请输入 11 位手机号码', en: 'Enter an 11-digit mainland mobile number' },
  DECLARATION_PLEDGE_REQUIRED: { status: 400, zh: '请承诺所填信息真实', en: 'Please pledge that the information is true' },
  DECLARATION_CURSOR_INVALID: { status: 400, zh: '分页参数无效', en: 'Invalid page cursor' },
} satisfies ErrorCatalogue<string>;

export type DeclarationErrorCode = keyof typeof declarationErrors;

export const declarationFail = errorFactory(declarationErrors);
