/** Organisation errors: each code once, with HTTP status, Chinese and English. */
import { errorFactory, type ErrorCatalogue } from '../kernel/errors.ts';

export const orgErrors = {
  ORG_NOT_FOUND: { status: 404, zh: '找不到该单位', en: 'Organisation not found' },
  ORG_UNIT_NOT_FOUND: { status: 404, zh: '本单位没有该部门、班级或楼栋', en: 'No such department, class or building in this organisation' },
  ORG_MEMBER_NOT_FOUND: { status: 404, zh: '该人员不是本单位成员', en: 'This person is not a member of the organisation' },
  ORG_NOT_A_MEMBER: { status: 403, zh: '您不是该单位的成员', en: 'You are not a member of this organisation' },
} satisfies ErrorCatalogue<string>;

export const orgFail = errorFactory(orgErrors);
