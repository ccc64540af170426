import { errorFactory, type ErrorCatalogue } from '../../kernel/errors.ts';

export const ruleErrors = {
  RULESET_INVALID: { status: 400, zh: '规则集格式有误，请按提示修改', en: 'The rule set is not valid; see the details' },
  RULESET_BUNDLED_NOT_FOUND: { status: 404, zh: '没有这个内置规则集', en: 'No bundled rule set has this name' },
  RULE_FACTS_INVALID: { status: 400, zh: '人员事实数据格式有误', en: 'The person facts are not valid' },
  RULE_EVALUATION_FAILED: { status: 422, zh: '规则计算出错，请检查规则写法', en: 'A rule failed while being evaluated; check how it is written' },
} satisfies ErrorCatalogue<string>;

export const ruleFail = errorFactory(ruleErrors);
