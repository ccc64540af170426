import { describe, expect, it } from 'vitest';
import { evaluate, loadBundledRuleSet } from '../rules/index.ts';
import { buildPersonFacts, toEvaluated } from './facts.ts';

const personId = '00000000-0000-4000-8000-000000000001';
const established = new Date('2026-03-02T02:00:00Z');
const decision = { colour: 'yellow' as const, since: established, until: new Date('2026-03-05T02:00:00Z'), office: '杭州市卫健部门', reasonCode: 'official_decision' };

describe('buildPersonFacts', () => {
  it('passes the official facts through as copies, and none when there are none', () => {
    const falseDeclarations = [{ establishedAt: established }];
    const facts = buildPersonFacts(personId, '330102', [], { manualDecisions: [decision], falseDeclarations });
    expect(facts.falseDeclarations).toEqual(falseDeclarations);
    expect(facts.falseDeclarations[0]).not.toBe(falseDeclarations[0]);
    expect(facts.manualDecisions).toEqual([decision]);
    expect(buildPersonFacts(personId, '330102', [])).toMatchObject({ manualDecisions: [], falseDeclarations: [] });
    expect(buildPersonFacts(personId, '330102', [], { manualDecisions: [decision] }).falseDeclarations).toEqual([]);
  });

  it.each(['hangzhou-2020', 'hangzhou-2022'] as const)('an established false declaration is red under %s, in the rule\'s plain Chinese', (name) => {
    const at = new Date(established.getTime() + 3_600_000);
    const facts = buildPersonFacts(personId, '330102', [], { falseDeclarations: [{ establishedAt: established }] });
    const evaluated = toEvaluated(evaluate(loadBundledRuleSet(name), facts, { at, riskAreas: [] }));
    expect(evaluated.colour).toBe('red');
    expect(evaluated.reasons[0]).toMatchObject({ reasonCode: 'false_declaration', manual: false, since: established.toISOString() });
    expect(evaluated.reasons[0]!.text.zh).toContain('经核实，您的健康申报内容与实际情况不符');
    expect(toEvaluated(evaluate(loadBundledRuleSet(name), buildPersonFacts(personId, '330102', []), { at, riskAreas: [] })).colour).toBe('green');
  });
});
