import { describe, expect, it } from 'vitest';
import { returneeScreening } from '../scripts/templates/returnee-screening.ts';
import { dialogueErrors } from './errors.ts';
import type { Script } from './model.ts';
import { validateScript } from './validate.ts';

const copy = (): Script => structuredClone(returneeScreening);
const problems = (input: unknown) => {
  const result = validateScript(input);
  return result.ok ? [] : result.errors;
};

describe('validateScript', () => {
  it('accepts a good script and returns it', () => {
    const result = validateScript(copy());
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.script.key).toBe('returnee-screening');
  });

  const cases: [string, (s: Script) => unknown, { code: keyof typeof dialogueErrors; path: string }][] = [
    ['a node of an unknown kind', (s) => ({ ...s, nodes: { ...s.nodes, end: { kind: 'hang' } } }), { code: 'CALLBOT_SCRIPT_SHAPE_INVALID', path: 'nodes.end.kind' }],
    ['an unknown question', (s) => { (s.nodes.cough as { question: string }).question = 'headache'; return s; }, { code: 'CALLBOT_SCRIPT_SHAPE_INVALID', path: 'nodes.cough.question' }],
    ['an empty expects list', (s) => { (s.nodes.cough as { expects: string[] }).expects = []; return s; }, { code: 'CALLBOT_SCRIPT_SHAPE_INVALID', path: 'nodes.cough.expects' }],
    ['a missing global reply', (s) => { delete (s.globals as Partial<Script['globals']>).dnc; return s; }, { code: 'CALLBOT_SCRIPT_SHAPE_INVALID', path: 'globals.dnc' }],
    ['a missing start node', (s) => ({ ...s, start: 'welcome' }), { code: 'CALLBOT_SCRIPT_START_MISSING', path: 'start' }],
    ['a next to nowhere', (s) => { (s.nodes.cough as { next: string }).next = 'nowhere'; return s; }, { code: 'CALLBOT_SCRIPT_TARGET_MISSING', path: 'nodes.cough.next' }],
    ['a branch to nowhere', (s) => { (s.nodes.identity as { branches: { next: string }[] }).branches[0]!.next = 'gone'; return s; }, { code: 'CALLBOT_SCRIPT_TARGET_MISSING', path: 'nodes.identity.branches.0.next' }],
    ['an unreachable node', (s) => ({ ...s, nodes: { ...s.nodes, orphan: { kind: 'say', prompt: '没人会听到。', next: 'end' } } }), { code: 'CALLBOT_SCRIPT_NODE_UNREACHABLE', path: 'nodes.orphan' }],
    ['a loop without an end', (s) => ({
      ...s,
      nodes: { ...s.nodes, contact: { ...(s.nodes.contact as object), next: 'loop' }, loop: { kind: 'say', prompt: '再来一次。', next: 'contact' } },
    }), { code: 'CALLBOT_SCRIPT_NO_END', path: 'nodes.loop' }],
    ['a condition on a slot no question asks', (s) => { (s.nodes.identity as { branches: unknown[] }).branches.push({ when: [{ slot: 'temperature', heard: true }, { slot: 'fatigue', is: 'yes' }], next: 'end' }); delete s.nodes.fatigue; (s.nodes.diarrhea as { next: string }).next = 'breathing'; return s; }, { code: 'CALLBOT_SCRIPT_CONDITION_SLOT_NOT_ASKED', path: 'nodes.identity.branches.1.when.1.slot' }],
    ['a prompt over 300 characters', (s) => { (s.nodes.greet as { prompt: string }).prompt = '请'.repeat(301); return s; }, { code: 'CALLBOT_SCRIPT_PROMPT_TOO_LONG', path: 'nodes.greet.prompt' }],
    ['a closing over 300 characters', (s) => { s.closings.normal = '谢'.repeat(301); return s; }, { code: 'CALLBOT_SCRIPT_PROMPT_TOO_LONG', path: 'closings.normal' }],
    ['a script re-ask count of 4', (s) => ({ ...s, reasks: { notUnderstood: 4, silence: 1 } }), { code: 'CALLBOT_SCRIPT_REASKS_OUT_OF_RANGE', path: 'reasks.notUnderstood' }],
    ['a node re-ask count of -1', (s) => { (s.nodes.cough as { reasks?: object }).reasks = { notUnderstood: 1, silence: -1 }; return s; }, { code: 'CALLBOT_SCRIPT_REASKS_OUT_OF_RANGE', path: 'nodes.cough.reasks.silence' }],
    ['an undeclared variable', (s) => { (s.nodes.greet as { prompt: string }).prompt = '您好，这里是${street}。'; return s; }, { code: 'CALLBOT_SCRIPT_VARIABLE_UNDECLARED', path: 'nodes.greet.prompt' }],
    ['a variable dropped from the declared list', (s) => ({ ...s, variables: ['name'] }), { code: 'CALLBOT_SCRIPT_VARIABLE_UNDECLARED', path: 'nodes.greet.prompt' }],
  ];

  it.each(cases)('reports %s', (_what, mutate, expected) => {
    const found = problems(mutate(copy()));
    expect(found).toContainEqual(expect.objectContaining(expected));
    const error = found.find((p) => p.code === expected.code);
    expect(error?.message.zh).toBe(dialogueErrors[expected.code].zh);
    expect(error?.message.en).toContain(dialogueErrors[expected.code].en);
  });

  it('covers every CALLBOT_SCRIPT_* code with a case', () => {
    const tested = new Set(cases.map(([, , e]) => e.code));
    expect(Object.keys(dialogueErrors).filter((code) => code.startsWith('CALLBOT_SCRIPT_') && !tested.has(code as keyof typeof dialogueErrors))).toEqual([]);
  });

  it('rejects what is not a script at all', () => {
    expect(problems(null)[0]?.code).toBe('CALLBOT_SCRIPT_SHAPE_INVALID');
    expect(problems('话术')[0]?.code).toBe('CALLBOT_SCRIPT_SHAPE_INVALID');
  });
});
