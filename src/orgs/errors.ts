/** Organisation errors: each code once, with HTTP status, Chinese and English. */
import { errorFactory, type ErrorCatalogue } from '../kernel/errors.ts';

export const orgErrors = {
  ORG_NOT_FOUND: { status: 404, zh: '找不到该单位', en: 'Organisation not found' },
  ORG_UNIT_NOT_FOUND: { status: 404, zh: '本单位没有该部门、班级或楼栋', en: 'No such department, class or building in this organisation' },
  ORG_MEMBER_NOT_FOUND: { status: 404, zh: '该人员不是本单位成员', en: 'This person is not a member of the organisation' },
  ORG_NOT_A_MEMBER: { status: 403, zh: '您不是该单位的成员', en: 'You are not a member of this organisation' },
  ORG_INPUT_INVALID: { status: 422, zh: '单位信息填写有误', en: 'The organisation\'s details are invalid' },
  ORG_REGION_OUT_OF_SCOPE: { status: 403, zh: '该区划不在您的管辖范围内', en: 'The region is outside your area' },
  ORG_CODE_TAKEN: { status: 409, zh: '该单位编码已被使用', en: 'This organisation code is already in use' },
  ORG_ADMIN_NOT_ELIGIBLE: { status: 422, zh: '该账号不是本辖区的单位管理员', en: 'This account is not an organisation administrator of the region' },
  ORG_ADMIN_NOT_FOUND: { status: 404, zh: '该账号不是本单位的管理员', en: 'This account does not administer the organisation' },
  ORG_LAST_ADMIN: { status: 409, zh: '单位至少需要保留一名管理员', en: 'An organisation keeps at least one administrator' },
  ORG_UNIT_NAME_TAKEN: { status: 409, zh: '同一上级下已有同名部门', en: 'A unit with this name already exists under the same parent' },
  ORG_UNIT_CYCLE: { status: 422, zh: '不能将部门移到它自己或其下级之下', en: 'A unit cannot be moved under itself or one of its sub-units' },
  ORG_UNIT_NOT_EMPTY: { status: 409, zh: '部门下仍有下级部门或在册成员，不能删除', en: 'The unit still has sub-units or active members' },
  ORG_UNIT_INVALID: { status: 422, zh: '部门名称须为 1–60 字', en: 'A unit name has 1 to 60 characters' },
  ORG_MEMBER_INPUT_INVALID: { status: 422, zh: '成员信息填写有误', en: 'The member\'s details are invalid' },
  ORG_ROSTER_FILE_INVALID: { status: 422, zh: '无法读取该文件，请上传 Excel（.xlsx）花名册', en: 'The file cannot be read; upload an Excel (.xlsx) roster' },
  ORG_ROSTER_EMPTY: { status: 422, zh: '花名册中没有数据行', en: 'The roster has no data rows' },
  ORG_ROSTER_TOO_MANY_ROWS: { status: 422, zh: '花名册行数超出上限', en: 'The roster has too many rows' },
  ORG_ROSTER_COLUMNS_MISSING: { status: 422, zh: '花名册缺少必需的列，请使用下载的模板', en: 'The roster lacks required columns; use the downloaded template' },
  ORG_ROSTER_IMPORT_NOT_FOUND: { status: 404, zh: '找不到该次导入（导入结果保留 24 小时）', en: 'Roster import not found (results are kept for 24 hours)' },
  ORG_ROSTER_IMPORTS_BUSY: { status: 429, zh: '您在本单位已有花名册导入正在进行，请等其完成后再上传', en: 'You already have roster imports running for this organisation; wait for one to finish before uploading another' },
  ORG_ROSTER_IMPORT_FAILED: { status: 500, zh: '导入未能完成，请重新上传花名册', en: 'The import could not be completed; upload the roster again' },
} satisfies ErrorCatalogue<string>;

export const orgFail = errorFactory(orgErrors);
