/**
 * Runs the test cases every rule carries (like CertLogic's): each case evaluates the whole rule
 * set on its facts at its instant and compares the colour, the strongest reason's code and,
 * when given, whether this rule matched and the nextReviewAt.
 */
import { AppError } from '../../kernel/errors.ts';
import { evaluate } from './evaluate.ts';
import type { RuleSet } from './rule-set-model.ts';

export interface RuleTestFailure {
  ruleId: string;
  case: string;
  expected: unknown;
  actual: unknown;
}

export function runRuleSetTests(ruleSet: RuleSet): { passed: number; failed: RuleTestFailure[] } {
  let passed = 0;
  const failed: RuleTestFailure[] = [];
  for (const rule of ruleSet.rules) {
    for (const test of rule.tests) {
      const expected: Record<string, unknown> = { colour: test.expect.colour, reasonCode: test.expect.reasonCode };
      if (test.expect.ruleMatched !== undefined) expected.ruleMatched = test.expect.ruleMatched;
      if (test.expect.nextReviewAt !== undefined) expected.nextReviewAt = test.expect.nextReviewAt?.toISOString() ?? null;
      let actual: Record<string, unknown>;
      try {
        const result = evaluate(ruleSet, test.facts, { at: test.at, riskAreas: test.riskAreas });
        actual = { colour: result.colour, reasonCode: result.reasons[0]?.reasonCode ?? null };
        if ('ruleMatched' in expected) actual.ruleMatched = result.reasons.some((r) => r.ruleId === rule.id);
        if ('nextReviewAt' in expected) actual.nextReviewAt = result.nextReviewAt?.toISOString() ?? null;
      } catch (error) {
        actual = { error: error instanceof AppError ? { code: error.code, details: error.details } : String(error) };
      }
      const same = Object.keys(expected).every((k) => expected[k] === actual[k]);
      if (same) passed++;
      else failed.push({ ruleId: rule.id, case: test.name, expected, actual });
    }
  }
  return { passed, failed };
}
