/**
 * Script (话术) and dialogue errors: each code once, with HTTP status, Chinese and English.
 * validateScript reports the CALLBOT_SCRIPT_* codes with a path into the script; the campaign
 * reports CALLBOT_DIALOGUE_VARIABLES_MISSING when a callee lacks a variable the script speaks.
 */
import { errorFactory, type ErrorCatalogue } from '../../kernel/errors.ts';

export const dialogueErrors = {
  CALLBOT_SCRIPT_SHAPE_INVALID: { status: 422, zh: '话术格式不正确', en: 'The script is not in the expected shape' },
  CALLBOT_SCRIPT_START_MISSING: { status: 422, zh: '话术的起始节点不存在', en: 'The script\'s start node does not exist' },
  CALLBOT_SCRIPT_TARGET_MISSING: { status: 422, zh: '跳转到的节点不存在', en: 'A next or branch target node does not exist' },
  CALLBOT_SCRIPT_NODE_UNREACHABLE: { status: 422, zh: '有节点从起始节点无法到达', en: 'A node cannot be reached from the start node' },
  CALLBOT_SCRIPT_NO_END: { status: 422, zh: '有节点无法走到结束节点', en: 'A node has no path to an end node' },
  CALLBOT_SCRIPT_CONDITION_SLOT_NOT_ASKED: { status: 422, zh: '分支条件用到的槽位，话术中没有任何问题询问', en: 'A branch condition uses a slot no question of the script asks' },
  CALLBOT_SCRIPT_PROMPT_TOO_LONG: { status: 422, zh: '提示语过长（最多 300 字）', en: 'A prompt is too long (at most 300 characters)' },
  CALLBOT_SCRIPT_REASKS_OUT_OF_RANGE: { status: 422, zh: '重问次数应为 0 至 3 次', en: 'Re-ask counts must be 0 to 3' },
  CALLBOT_SCRIPT_VARIABLE_UNDECLARED: { status: 422, zh: '提示语中用到的变量没有声明', en: 'A prompt uses a variable the script does not declare' },
  CALLBOT_DIALOGUE_VARIABLES_MISSING: { status: 422, zh: '缺少话术需要的变量（如姓名、社区），无法外呼', en: 'A variable the script speaks (e.g. name, community) is missing; the call cannot be placed' },
  CALLBOT_DIALOGUE_SCRIPT_BROKEN: { status: 500, zh: '话术运行出错（节点缺失或循环），请检查并重新保存话术', en: 'The script broke during a call (a missing node or a loop); check and save it again' },
} satisfies ErrorCatalogue<string>;

export type DialogueErrorCode = keyof typeof dialogueErrors;

export const dialogueFail = errorFactory(dialogueErrors);
