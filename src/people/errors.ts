/** The people capability's error catalogue: each code once, with its HTTP status, Chinese and English. */
import { errorFactory, type ErrorCatalogue } from '../kernel/errors.ts';

export const peopleErrors = {
  PERSON_ID_TYPE_UNKNOWN: { status: 400, zh: '不支持的证件类型', en: 'Unsupported identity document type' },
  PERSON_ID_FORMAT: { status: 400, zh: '证件号码格式不正确', en: 'The document number is not in the right format' },
  PERSON_ID_REGION: { status: 400, zh: '身份证号码的地区码不正确', en: 'The region part of the ID number is not valid' },
  PERSON_ID_BIRTH_DATE: { status: 400, zh: '身份证号码中的出生日期不正确', en: 'The birth date in the ID number is not a real date' },
  PERSON_ID_CHECK_DIGIT: { status: 400, zh: '身份证号码校验位不正确，请核对', en: 'The ID number check digit is wrong; check the number' },
  PERSON_NAME_INVALID: { status: 400, zh: '姓名应为 1–40 个汉字或英文字母，不含数字', en: 'Names are 1–40 Chinese characters or Latin letters, without digits' },
  PERSON_PHONE_INVALID: { status: 400, zh: '请输入 11 位手机号码', en: 'Enter an 11-digit mainland mobile number' },
  PERSON_ADDRESS_INVALID: { status: 400, zh: '地址应为 1–200 个字符', en: 'Addresses are 1–200 characters' },
  PERSON_REGION_UNKNOWN: { status: 400, zh: '所属地区不存在', en: 'Unknown home region' },
  PERSON_RELATION_INVALID: { status: 400, zh: '不支持的亲属关系', en: 'Unsupported relation' },
  PERSON_REASON_REQUIRED: { status: 400, zh: '查看个人信息须填写事由（2–200 字）', en: 'Reading personal data needs a reason (2–200 characters)' },
  PERSON_DUPLICATE_IN_BATCH: { status: 400, zh: '同一批次中证件号码重复', en: 'The same document number appears twice in the batch' },
  PERSON_NOT_FOUND: { status: 404, zh: '找不到该人员', en: 'Person not found' },
  PERSON_NOT_REGISTERED: { status: 404, zh: '您还未登记身份信息', en: 'You have not registered your identity yet' },
  PERSON_ALREADY_REGISTERED: { status: 409, zh: '该证件号码已登记，且信息不一致或已绑定其他账号', en: 'This document number is already registered to someone else' },
  PERSON_ACCOUNT_ALREADY_LINKED: { status: 409, zh: '本账号已登记身份信息', en: 'This account already has an identity registered' },
  PERSON_RESIDENT_ONLY: { status: 403, zh: '仅居民账号可以办理', en: 'Only resident accounts can do this' },
  DEPENDANT_LIMIT: { status: 409, zh: '最多可绑定 10 名家人', en: 'At most 10 dependants can be bound' },
  DEPENDANT_ALREADY_BOUND: { status: 409, zh: '已绑定该家人', en: 'This dependant is already bound' },
  DEPENDANT_SELF: { status: 400, zh: '不能绑定自己', en: 'You cannot bind yourself' },
  DEPENDANT_NOT_FOUND: { status: 404, zh: '未绑定该家人', en: 'No such dependant is bound to you' },
} satisfies ErrorCatalogue<string>;

export type PeopleErrorCode = keyof typeof peopleErrors;

export const peopleFail = errorFactory(peopleErrors);
