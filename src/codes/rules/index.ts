/**
 * 健康码规则引擎 — the public face of the rules engine. Other capabilities import from here only.
 * Pure: no database, no HTTP, no clock of its own (the time comes in the context).
 */
export * from './model.ts';
export type { Rule, RuleSet, RuleTestCase, RuleTestExpectation, StageSpec } from './rule-set-model.ts';
export { RULESET_FORMAT } from './rule-set-model.ts';
export { evaluate } from './evaluate.ts';
export { parseRuleSet } from './parse-rule-set.ts';
export { parsePersonFacts } from './parse-facts.ts';
export { runRuleSetTests, type RuleTestFailure } from './rule-set-tests.ts';
export { simulate, type SimulationResult } from './simulate.ts';
export { loadBundledRuleSet, bundledRuleSetSource, isBundledRuleSetName, BUNDLED_RULE_SETS, DEFAULT_RULE_SET, type BundledRuleSetName } from './bundled.ts';
