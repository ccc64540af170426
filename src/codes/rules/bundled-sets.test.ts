import { describe, expect, it } from 'vitest';
import { bundledRuleSetSource, BUNDLED_RULE_SETS, loadBundledRuleSet, parseRuleSet, runRuleSetTests } from './index.ts';

describe.each(BUNDLED_RULE_SETS)('bundled rule set %s', (name) => {
  const set = loadBundledRuleSet(name);

  it('passes every test case its rules carry', () => {
    const result = runRuleSetTests(set);
    expect(result.failed).toEqual([]);
    expect(result.passed).toBe(set.rules.reduce((n, r) => n + r.tests.length, 0));
  });

  it('gives every rule a test case, a description in both languages and a stage text in both languages', () => {
    for (const rule of set.rules) {
      expect(rule.tests.length, rule.id).toBeGreaterThan(0);
      expect(rule.description.zh, rule.id).toMatch(/\p{Script=Han}/u);
      for (const stage of rule.stages) expect(stage.text.en.length, rule.id).toBeGreaterThan(20);
    }
  });

  it('reports a deliberately wrong expected case as failed, with what it expected and what it got', () => {
    const source = bundledRuleSetSource(name) as { rules: { tests: { expect: { colour: string; reasonCode: string | null } }[] }[] };
    const victim = source.rules[1]!.tests[0]!;
    const original = { ...victim.expect };
    victim.expect = { colour: original.colour === 'green' ? 'red' : 'green', reasonCode: 'not_a_reason' };
    const result = runRuleSetTests(parseRuleSet(source));
    expect(result.failed).toHaveLength(1);
    expect(result.failed[0]!.ruleId).toBe(set.rules[1]!.id);
    expect(result.failed[0]!.expected).toEqual(victim.expect);
    expect(result.failed[0]!.actual).toEqual(original);
  });
});

describe('loadBundledRuleSet', () => {
  it('rejects an unknown name with a stable code', () => {
    expect(() => loadBundledRuleSet('wuhan-2019' as 'hangzhou-2020')).toThrow(expect.objectContaining({ code: 'RULESET_BUNDLED_NOT_FOUND' }));
  });
  it('keeps the validated JSON as source, to store and show', () => {
    expect(loadBundledRuleSet('hangzhou-2020').source).toEqual(bundledRuleSetSource('hangzhou-2020'));
  });
});
