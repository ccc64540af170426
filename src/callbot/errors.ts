/** Screening-call robot (智能外呼) errors of campaigns, scripts, callees, the do-not-call list and the chat channel. */
import { errorFactory, type ErrorCatalogue } from '../kernel/errors.ts';

export const callbotErrors = {
  CALLBOT_PHONE_REQUIRED: { status: 400, zh: '请填写电话号码', en: 'A phone number is required' },
  CALLBOT_PHONE_INVALID: { status: 400, zh: '电话号码格式不正确（支持大陆手机号和带区号的固定电话）', en: 'Invalid phone number (mainland mobile or fixed line with area code)' },
  CALLBOT_PHONE_EXTENSION: { status: 400, zh: '机器人无法拨打分机号，请填写直线号码', en: 'The robot cannot dial extensions; give a direct number' },
  CALLBOT_NAME_REQUIRED: { status: 400, zh: '请填写姓名（最多 50 字）', en: 'A name of at most 50 characters is required' },
  CALLBOT_ADDRESS_TOO_LONG: { status: 400, zh: '地址最多 200 字', en: 'The address is at most 200 characters' },
  CALLBOT_TAGS_INVALID: { status: 400, zh: '标签最多 20 个，每个最多 20 字', en: 'At most 20 tags of at most 20 characters each' },
  CALLBOT_REGION_INVALID: { status: 400, zh: '社区代码不存在或不在本任务的地区内', en: 'The community code does not exist or is outside the campaign\'s region' },
  CALLBOT_IMPORT_FILE_INVALID: { status: 400, zh: '无法读取文件，请上传 .xlsx 或 .csv 文件', en: 'The file cannot be read; upload an .xlsx or .csv file' },
  CALLBOT_IMPORT_HEADER_MISSING: { status: 400, zh: '文件首行须包含“姓名”和“电话”列', en: 'The first row must have the columns 姓名/name and 电话/phone' },
  CALLBOT_IMPORT_TOO_MANY_ROWS: { status: 400, zh: '一次最多导入 50000 行', en: 'At most 50,000 rows per import' },
  CALLBOT_IMPORT_EMPTY: { status: 400, zh: '文件中没有数据行', en: 'The file has no data rows' },
  CALLBOT_CAMPAIGN_NOT_FOUND: { status: 404, zh: '找不到该外呼任务', en: 'Campaign not found' },
  CALLBOT_CAMPAIGN_NOT_EDITABLE: { status: 409, zh: '外呼任务已结束，不能再添加呼叫对象', en: 'The campaign has ended; no more callees can be added' },
  CALLBOT_CAMPAIGN_STATE: { status: 409, zh: '外呼任务当前状态不允许此操作', en: 'The campaign\'s status does not allow this' },
  CALLBOT_CAMPAIGN_EMPTY: { status: 409, zh: '外呼任务还没有呼叫对象', en: 'The campaign has no callees yet' },
  CALLBOT_CAMPAIGN_ENDED: { status: 409, zh: '外呼任务已过截止日期', en: 'The campaign is past its end date' },
  CALLBOT_CAMPAIGN_NAME_INVALID: { status: 400, zh: '任务名称应为 1–100 字', en: 'The campaign name is 1–100 characters' },
  CALLBOT_WINDOWS_INVALID: { status: 400, zh: '呼叫时段应为 1–4 段 HH:MM，开始早于结束且互不重叠', en: 'Calling windows: 1–4 HH:MM ranges, each starting before it ends, not overlapping' },
  CALLBOT_ATTEMPTS_INVALID: { status: 400, zh: '每日呼叫次数应为 1–10 次', en: 'Attempts per day are 1–10' },
  CALLBOT_RETRY_INTERVAL_INVALID: { status: 400, zh: '重呼间隔应为 5–1440 分钟', en: 'The retry interval is 5–1440 minutes' },
  CALLBOT_ENDS_ON_INVALID: { status: 400, zh: '截止日期不能早于今天', en: 'The end date cannot be before today' },
  CALLBOT_VARIABLE_MISSING: { status: 400, zh: '话术需要的变量没有填写', en: 'A variable the script needs is not given' },
  CALLBOT_CHANNEL_INVALID: { status: 400, zh: '不支持的呼叫通道', en: 'Unsupported channel' },
  CALLBOT_CHANNEL_UNAVAILABLE: { status: 409, zh: '本系统尚未配置电话线路（SIP 中继），不能创建电话外呼任务', en: 'No phone line (SIP trunk) is configured on this installation; phone-call campaigns cannot be created' },
  CALLBOT_SCRIPT_NOT_FOUND: { status: 404, zh: '找不到该话术', en: 'Script not found' },
  CALLBOT_SCRIPT_INVALID: { status: 400, zh: '话术内容有误', en: 'The script is not valid' },
  CALLBOT_CALLEE_NOT_FOUND: { status: 404, zh: '找不到该呼叫对象', en: 'Callee not found' },
  CALLBOT_CALLEE_FINISHED: { status: 409, zh: '该呼叫对象已有结果或已取消', en: 'This callee already has a result or was cancelled' },
  CALLBOT_CALLEE_DNC: { status: 409, zh: '该号码在免打扰名单中', en: 'This number is on the do-not-call list' },
  CALLBOT_CHAT_CHANNEL_ONLY: { status: 409, zh: '只有“网页对话”通道的任务可以生成对话链接', en: 'Only chat-channel campaigns give chat links' },
  CALLBOT_CHAT_NOT_FOUND: { status: 404, zh: '对话链接无效或已过期', en: 'The chat link is invalid or has expired' },
  CALLBOT_CHAT_ENDED: { status: 409, zh: '本次对话已结束', en: 'This conversation has ended' },
  CALLBOT_CHAT_NOT_STARTED: { status: 409, zh: '对话尚未开始', en: 'The conversation has not started' },
  CALLBOT_CHAT_TURN_MISMATCH: { status: 409, zh: '对话轮次不一致，请刷新页面', en: 'The turn does not match; reload the page' },
  CALLBOT_CHAT_REPLY_INVALID: { status: 400, zh: '请输入回答（最多 200 字）', en: 'Type an answer (at most 200 characters)' },
  CALLBOT_DNC_NOT_FOUND: { status: 404, zh: '免打扰名单中没有该号码', en: 'The number is not on the do-not-call list' },
  CALLBOT_CURSOR_INVALID: { status: 400, zh: '分页参数无效', en: 'Invalid page cursor' },
} satisfies ErrorCatalogue<string>;

export type CallbotErrorCode = keyof typeof callbotErrors;

export const callbotFail = errorFactory(callbotErrors);
