import { describe, expect, it } from 'vitest';
import { AppError } from '../../kernel/errors.ts';
import { bundledRuleSetSource, evaluate, parseRuleSet } from './index.ts';
import { at, facts } from './test-helpers.ts';

type Json = Record<string, any>;

function minimalSet(rule: Json = {}): Json {
  return {
    format: 'fangyi-rules/1',
    name: 'test-set',
    region: '330100',
    version: 1,
    validFrom: '2020-01-01T00:00:00+08:00',
    validTo: null,
    description: { zh: '测试', en: 'Test' },
    rules: [
      {
        id: 'T-1',
        version: 1,
        validFrom: '2020-01-01T00:00:00+08:00',
        validTo: null,
        description: { zh: '发热即黄码', en: 'Fever is yellow' },
        reads: ['declarations'],
        when: { some: [{ lastDays: [{ var: 'facts.declarations' }, 'declaredAt', 14] }, { '>=': [{ var: 'item.temperature' }, 37.3] }] },
        since: { min: [{ map: [{ var: 'facts.declarations' }, { var: 'item.declaredAt' }] }] },
        outcome: { stages: [{ colour: 'yellow', reasonCode: 'fever', days: 3, text: { zh: '发热，至{until}', en: 'Fever, until {until}' } }] },
        tests: [{ name: 'fever', at: '2020-02-02T10:00:00+08:00', facts: { declarations: [{ declaredAt: '2020-02-01T10:00:00+08:00', temperature: 38 }] }, expect: { colour: 'yellow', reasonCode: 'fever' } }],
        ...rule,
      },
    ],
  };
}

function problemsOf(json: unknown): { path: string; message: string }[] {
  try {
    parseRuleSet(json);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('RULESET_INVALID');
    return ((error as AppError).details as { problems: { path: string; message: string }[] }).problems;
  }
  throw new Error('expected RULESET_INVALID');
}

describe('parseRuleSet', () => {
  it('accepts a small valid set and evaluates it', () => {
    const set = parseRuleSet(minimalSet());
    const f = facts({ declarations: [{ declaredAt: at('2020-02-01 10:00'), temperature: 38, symptoms: ['fever'], stayedRegionCodes: [], contact: 'none' }] });
    const result = evaluate(set, f, { at: at('2020-02-02 10:00'), riskAreas: [] });
    expect(result.colour).toBe('yellow');
    expect(result.reasons[0]!.text).toEqual({ zh: '发热，至2月4日', en: 'Fever, until 4 Feb' });
    expect(result.nextReviewAt).toEqual(at('2020-02-04 10:00'));
  });

  it('evaluates let names after those they use, whatever order they are written in (jsonb reorders keys); a cycle is an unknown name', () => {
    const letsOf = (order: 'written' | 'reversed') => {
      const entries: [string, unknown][] = [
        ['fevers', { filter: [{ var: 'facts.declarations' }, { '>=': [{ var: 'item.temperature' }, 37.3] }] }],
        ['lastFever', { latest: [{ var: 'fevers' }, 'declaredAt'] }],
      ];
      return Object.fromEntries(order === 'written' ? entries : entries.reverse());
    };
    for (const order of ['written', 'reversed'] as const) {
      const set = parseRuleSet(minimalSet({
        let: letsOf(order),
        when: { '!=': [{ var: 'lastFever' }, null] },
        since: { var: 'lastFever.declaredAt' },
      }));
      const f = facts({ declarations: [{ declaredAt: at('2020-02-01 10:00'), temperature: 38, symptoms: ['fever'], stayedRegionCodes: [], contact: 'none' }] });
      const result = evaluate(set, f, { at: at('2020-02-02 10:00'), riskAreas: [] });
      expect(result.colour).toBe('yellow');
      expect(result.reasons[0]!.text.zh).toBe('发热，至2月4日');
    }
    const cyclic = problemsOf(minimalSet({ let: { a: { var: 'b' }, b: { var: 'a' } } }));
    expect(cyclic.map((p) => p.message).join('\n')).toMatch(/unknown name/);
  });

  it('rejects what is not a rule set', () => {
    expect(problemsOf(null)).toContainEqual({ path: '$', message: 'expected a rule set object' });
    expect(problemsOf({ ...minimalSet(), format: 'certlogic' }).map((p) => p.path)).toEqual(['$.format']);
  });

  it('names every problem with its path at once', () => {
    const problems = problemsOf(minimalSet({ id: '', version: 0, reads: ['declarations', 'salary'] }));
    expect(problems.map((p) => p.path)).toEqual(['$.rules[0].id', '$.rules[0].reads[1]', '$.rules[0].version']);
  });

  it('rejects unknown operators, wrong arity and literals that must be written as is', () => {
    const problems = problemsOf(minimalSet({ when: { and: [{ xor: [true, false] }, { not: [true, false] }, { lastDays: [{ var: 'facts.declarations' }, 'declaredAt', { var: 'facts.declarations' }] }] } }));
    expect(problems).toHaveLength(3);
    expect(problems[0]!.message).toMatch(/unknown operator "xor"/);
    expect(problems[1]).toMatchObject({ path: '$.rules[0].when.and[1].not', message: expect.stringMatching(/takes 1 argument/) });
    expect(problems[2]).toMatchObject({ path: '$.rules[0].when.and[2].lastDays[2]', message: expect.stringMatching(/number ≥ 0 written as is/) });
  });

  it('rejects reading a fact the rule does not declare, "item" outside a list operator and "now"', () => {
    const problems = problemsOf(minimalSet({ when: { and: [{ '!=': [{ var: 'facts.contacts' }, null] }, { '>': [{ var: 'item.temperature' }, 37] }, { '>': [{ var: 'now' }, 0] }] } }));
    expect(problems.map((p) => p.message)).toEqual([
      'reads fact "contacts" but the rule\'s "reads" does not list it',
      '"item" exists only inside filter, map, some, all, none and count',
      expect.stringMatching(/^time enters only through lastDays/),
    ]);
  });

  it('rejects bad outcomes: unknown colour, check-ins without days, unknown placeholder, a holding stage before another', () => {
    const problems = problemsOf(minimalSet({
      outcome: {
        stages: [
          { colour: 'orange', reasonCode: 'x', checkins: 3, text: { zh: '至{when}', en: 'until {until}' } },
          { colour: 'green', reasonCode: 'Bad-Code', days: 1, text: { zh: '好', en: 'ok' } },
        ],
      },
    }));
    expect(problems.map((p) => p.path)).toEqual([
      '$.rules[0].outcome.stages[0].colour',
      '$.rules[0].outcome.stages[0].checkins',
      '$.rules[0].outcome.stages[0]',
      '$.rules[0].outcome.stages[0].text.zh',
      '$.rules[0].outcome.stages[1].reasonCode',
    ]);
  });

  it('rejects a rule without test cases and test cases with malformed facts', () => {
    expect(problemsOf(minimalSet({ tests: [] }))).toEqual([{ path: '$.rules[0].tests', message: 'every rule ships with at least one test case' }]);
    const bad = problemsOf(minimalSet({ tests: [{ name: 'x', at: '2020-02-02', facts: { declarations: [{ declaredAt: 'yesterday', symptoms: ['sneezing'] }], pets: [] }, expect: { colour: 'blue', reasonCode: null } }] }));
    expect(bad.map((p) => p.path)).toEqual([
      '$.rules[0].tests[0].at',
      '$.rules[0].tests[0].expect.colour',
      '$.rules[0].tests[0].facts.pets',
      '$.rules[0].tests[0].facts.declarations[0].declaredAt',
      '$.rules[0].tests[0].facts.declarations[0].symptoms[0]',
    ]);
  });

  it('rejects duplicate rule ids, unknown fields and validity that ends before it starts', () => {
    const set = minimalSet();
    set.rules.push({ ...set.rules[0], wehn: true });
    set.validTo = '2019-01-01T00:00:00+08:00';
    expect(problemsOf(set).map((p) => p.path)).toEqual(['$.rules[1].wehn', '$.rules[1].id', '$.validTo']);
  });

  it('reports a rule that fails at run time with its id, as RULE_EVALUATION_FAILED', () => {
    const set = parseRuleSet(minimalSet({ when: { '>': [{ '+': [{ var: 'facts.declarations' }, 1] }, 0] } }));
    expect(() => evaluate(set, facts(), { at: at('2020-02-02 10:00'), riskAreas: [] })).toThrow(
      expect.objectContaining({ code: 'RULE_EVALUATION_FAILED', details: expect.objectContaining({ ruleId: 'T-1', message: '+: expected a number, got list' }) }),
    );
  });

  it('parses the bundled sources back to the same rules', () => {
    const source = bundledRuleSetSource('hangzhou-2022');
    expect(parseRuleSet(source).rules.map((r) => r.id)).toContain('HZ2022-CLOSE-CONTACT');
  });
});
