/** Appeals (纠错): each code once, with HTTP status, Chinese and English. */
import { errorFactory, type ErrorCatalogue } from '../../kernel/errors.ts';

export const appealErrors = {
  APPEAL_MESSAGE_INVALID: { status: 400, zh: '请用 5–1000 字说明您认为码色有误的原因', en: 'Explain in 5–1000 characters why you think the colour is wrong' },
  APPEAL_ANSWER_INVALID: { status: 400, zh: '答复应为 5–1000 字', en: 'The answer is 5–1000 characters' },
  APPEAL_CORRECTION_REF_INVALID: { status: 400, zh: '“已更正”的答复须关联本人的人工核定申请，或在答复中说明更正内容', en: "A 'corrected' answer must point to a manual-decision proposal for this person, or say what was fixed" },
  APPEAL_LIMIT: { status: 409, zh: '同一人最多可同时有 3 件待处理的纠错申请', en: 'At most 3 open appeals per person' },
  APPEAL_NOT_FOUND: { status: 404, zh: '找不到该纠错申请', en: 'No such appeal' },
  APPEAL_ALREADY_ANSWERED: { status: 409, zh: '该纠错申请已答复', en: 'This appeal has already been answered' },
  APPEAL_NOT_OWNER: { status: 409, zh: '该纠错申请由其他工作人员负责，请先认领', en: 'Another official owns this appeal; take it over first' },
  APPEAL_CURSOR_INVALID: { status: 400, zh: '分页参数无效', en: 'Invalid page cursor' },
} satisfies ErrorCatalogue<string>;

export const appealFail = errorFactory(appealErrors);
