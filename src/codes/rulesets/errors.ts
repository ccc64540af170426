/** Rule set storage and risk-area errors: each code once, with HTTP status, Chinese and English. */
import { errorFactory, type ErrorCatalogue } from '../../kernel/errors.ts';

export const ruleSetErrors = {
  RULESET_TESTS_FAILING: { status: 400, zh: '规则集自带的测试用例未全部通过', en: "The rule set's own test cases do not all pass" },
  RULESET_VERSION_NOT_FOUND: { status: 404, zh: '找不到该版本的规则集', en: 'No rule set with this version' },
  RULESET_VERSION_ALREADY_PUBLISHED: { status: 409, zh: '该版本已是现行规则', en: 'This version is already the published one' },
  RULESET_REGION_NOT_FOUND: { status: 404, zh: '地区不存在', en: 'Unknown region' },
  RISK_AREA_INVALID: { status: 400, zh: '风险地区须为本地区所辖的行政区划，等级为高或中，且不重复', en: 'Risk areas must be distinct divisions inside this region, level high or medium' },
  RISK_AREA_TOO_MANY: { status: 400, zh: '风险地区最多 2000 个', en: 'At most 2,000 risk areas' },
} satisfies ErrorCatalogue<string>;

export type RuleSetErrorCode = keyof typeof ruleSetErrors;

export const ruleSetFail = errorFactory(ruleSetErrors);
