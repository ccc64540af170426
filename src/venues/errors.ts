/** Venue errors: each code once, with HTTP status, Chinese and English. */
import { errorFactory, type ErrorCatalogue } from '../kernel/errors.ts';

export const venueErrors = {
  VENUE_TOKEN_INVALID: { status: 400, zh: '场所码无效，请确认扫描的是正规场所码', en: 'This venue code is not valid' },
  VENUE_TOKEN_ROTATED: { status: 410, zh: '该场所码已更换，请扫描场所张贴的新码', en: 'This venue code has been replaced; scan the venue\'s current code' },
  VENUE_TOKEN_EXPIRED: { status: 410, zh: '该场所码已过期，请扫描现场屏幕上的当日场所码', en: 'This venue code has expired; scan today\'s code on the venue\'s screen' },
  VENUE_NOT_ACTIVE: { status: 409, zh: '该场所尚未通过审核或已暂停使用', en: 'This venue is not approved or has been suspended' },
  VENUE_NOT_FOUND: { status: 404, zh: '找不到该场所', en: 'Venue not found' },
  VENUE_INPUT_INVALID: { status: 400, zh: '场所信息填写有误，请检查标出的项目', en: 'Some venue details are not valid; check the fields marked' },
  VENUE_REGION_UNKNOWN: { status: 400, zh: '所属区划代码不存在', en: 'Unknown region code' },
  VENUE_REGION_OUT_OF_SCOPE: { status: 403, zh: '所属区划不在您的管辖范围内', en: 'The region is outside your area' },
  VENUE_STATUS_CONFLICT: { status: 409, zh: '场所当前状态下不能执行此操作', en: 'This cannot be done in the venue\'s current status' },
  VENUE_REASON_REQUIRED: { status: 400, zh: '请填写原因（2 至 200 字）', en: 'State a reason (2 to 200 characters)' },
  VENUE_SELF_APPROVAL: { status: 403, zh: '不能审核自己登记的场所', en: 'You cannot decide on a venue you registered' },
  VENUE_NOT_DAILY: { status: 409, zh: '该场所使用固定海报码，没有每日动态码', en: 'This venue uses a static poster code, not a daily screen code' },
  VENUE_DAILY_ONLY: { status: 409, zh: '该场所使用每日动态码，请在现场屏幕上展示，不能打印固定海报', en: 'This venue uses a daily code shown on a screen; a static poster would not work' },
  VENUE_STAFF_ACCOUNT_NOT_FOUND: { status: 404, zh: '找不到该工作人员账号', en: 'No staff account with that username' },
  VENUE_STAFF_ROLE_MISSING: { status: 409, zh: '该账号没有此场所所在地区的对应角色（门岗或场所管理员）', en: 'That account holds no matching role (guard or venue admin) for the venue\'s region' },
  VENUE_STAFF_LAST_ADMIN: { status: 409, zh: '不能移除场所的最后一位管理员', en: 'A venue\'s last administrator cannot be removed' },
  VENUE_IMPORT_FILE_INVALID: { status: 400, zh: '无法读取上传的文件，请使用下载的 Excel 模板（.xlsx）', en: 'The file could not be read; use the downloaded Excel template (.xlsx)' },
  VENUE_IMPORT_ROWS_INVALID: { status: 422, zh: '导入文件中有错误，未导入任何场所；请按错误清单修改后重新上传', en: 'The file has errors and nothing was imported; fix the rows listed and upload again' },
  VENUE_IMPORT_TOO_MANY_ROWS: { status: 400, zh: '单次导入最多 2000 个场所', en: 'At most 2,000 venues per import' },
  VENUE_IMPORT_EMPTY: { status: 400, zh: '导入文件中没有场所数据', en: 'The file has no venue rows' },
} satisfies ErrorCatalogue<string>;

export const venueFail = errorFactory(venueErrors);
