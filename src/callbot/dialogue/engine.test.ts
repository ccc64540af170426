/**
 * Engine mechanics on a small script with a table-driven understanding (the bundled templates are
 * tested on the real NLU in ../scripts/templates/templates.test.ts).
 */
import { describe, expect, it } from 'vitest';
import type { Understand, Understanding } from '../nlu/model.ts';
import { MAX_TURNS_PER_NODE, conditionHolds, continueDialogue, startDialogue } from './engine.ts';
import type { DialogueStep, HeardInput, Script } from './model.ts';
import { missingVariables, scriptVariables } from './variables.ts';

const TABLE: Record<string, Understanding> = {
  yes: { intent: null, slots: { identity: 'yes' } },
  no: { intent: null, slots: { identity: 'no' } },
  t365: { intent: null, slots: { temperature: 36.5 } },
  t373: { intent: null, slots: { temperature: 37.3 } },
  t372: { intent: null, slots: { temperature: 37.2 } },
  't365+cough': { intent: null, slots: { temperature: 36.5, cough: 'no' } },
  'cough-yes': { intent: null, slots: { cough: 'yes' } },
  'cough-no': { intent: null, slots: { cough: 'no' } },
  'cough-unsure': { intent: null, slots: { cough: 'unsure' } },
  'cough-no+travel-yes': { intent: null, slots: { cough: 'no', travel: 'yes' } },
  'fever-no+busy': { intent: 'busy', slots: { fever: 'no' } },
  'fever-yes': { intent: null, slots: { fever: 'yes' } },
  'travel-no': { intent: null, slots: { travel: 'no' } },
};
for (const intent of ['busy', 'wrong_number', 'refuse', 'dnc', 'repeat', 'human'] as const) TABLE[intent] = { intent, slots: {} };
const table: Understand = (_q, text) => TABLE[text] ?? { intent: null, slots: {} };
const ctx = { riskRegionCodes: [] };

const script: Script = {
  key: 'mini', name: 'mini', variables: ['name'], start: 'hello',
  nodes: {
    hello: { kind: 'say', prompt: '您好，${name}。', next: 'identity' },
    identity: { kind: 'ask', prompt: '是${name}吗？', question: 'identity', expects: ['identity'], branches: [{ when: [{ slot: 'identity', is: 'no' }], next: 'bye' }], next: 'temperature' },
    temperature: {
      kind: 'ask', prompt: '体温多少？', question: 'temperature', expects: ['temperature', 'fever'], reaskPrompt: '请说体温度数。',
      branches: [{ when: [{ slot: 'temperature', atLeast: 37.3 }], next: 'hot' }], next: 'cough', reasks: { notUnderstood: 1, silence: 1 },
    },
    hot: { kind: 'say', prompt: '您有点发烧。', next: 'cough' },
    cough: { kind: 'ask', prompt: '咳嗽吗？', question: 'cough', expects: ['cough'], branches: [], next: 'travel' },
    travel: { kind: 'ask', prompt: '去过外地吗？', question: 'travel', expects: ['travel'], branches: [], next: 'end' },
    end: { kind: 'end' },
    bye: { kind: 'end', result: 'refused', intent: 'wrong_number', closing: '打扰了。' },
  },
  closings: { normal: '正常，再见。', abnormal: '异常，请居家观察。', needs_checking: '稍后核实。' },
  globals: { repeat: '我再说一遍。', busy: '稍后再打。', wrong_number: '打错了。', refuse: '不打扰了。', dnc: '不再打扰。', human: '转人工。' },
  reaskPrompt: '没听清。', silencePrompt: '您还在吗？', reasks: { notUnderstood: 2, silence: 2 },
};

const say = (text: string): HeardInput => ({ kind: 'speech', text });
const SILENCE: HeardInput = { kind: 'silence' };

/** Runs answers through the engine; returns every step. */
function run(answers: HeardInput[], variables: Record<string, string> = { name: '张三' }): DialogueStep[] {
  const steps = [startDialogue(script, variables, ctx, table)];
  for (const heard of answers) steps.push(continueDialogue(script, (steps[steps.length - 1] as DialogueStep).state, heard, ctx, table));
  return steps;
}
const last = (steps: DialogueStep[]) => steps[steps.length - 1] as DialogueStep;

describe('dialogue engine', () => {
  it('says the opening with variables filled and waits at the first question', () => {
    const [first] = run([]);
    expect(first?.say).toEqual(['您好，张三。', '是张三吗？']);
    expect(first?.state.node).toBe('identity');
    expect(first?.end).toBeNull();
    expect(first?.state.transcript.map((t) => t.heard)).toEqual(['none', 'none']);
  });

  it('refuses to start without a variable the script speaks, never saying "undefined"', () => {
    expect(() => run([], {})).toThrow(/CALLBOT_DIALOGUE_VARIABLES_MISSING/);
    expect(() => run([], { name: '  ' })).toThrow(/CALLBOT_DIALOGUE_VARIABLES_MISSING/);
    expect(scriptVariables(script)).toEqual(['name']);
    expect(missingVariables(script, { name: '李四' })).toEqual([]);
  });

  it('runs a normal dialogue to the normal closing with a transcript of every prompt and answer', () => {
    const steps = run([say('yes'), say('t365'), say('cough-no'), say('travel-no')]);
    const end = last(steps);
    expect(end.end).toMatchObject({ result: 'normal', reasons: [], unresolved: [], intent: null, retry: false });
    expect(end.say).toEqual(['正常，再见。']);
    const transcript = end.state.transcript;
    expect(transcript.map((t) => [t.node, t.answer])).toEqual([
      ['hello', null], ['identity', 'yes'], ['temperature', 't365'], ['cough', 'cough-no'], ['travel', 'travel-no'], ['end', null],
    ]);
    expect(transcript[2]?.slots).toEqual({ temperature: 36.5 });
  });

  it('branches on a temperature condition at 37.3 and not at 37.2', () => {
    const hot = run([say('yes'), say('t373')]);
    expect(last(hot).say).toEqual(['您有点发烧。', '咳嗽吗？']);
    const fine = run([say('yes'), say('t372')]);
    expect(last(fine).say).toEqual(['咳嗽吗？']);
  });

  it('takes the first matching branch to a forced ending', () => {
    const end = last(run([say('no')]));
    expect(end.end).toMatchObject({ result: 'refused', intent: 'wrong_number', retry: false });
    expect(end.say).toEqual(['打扰了。']);
  });

  it('skips a later question whose slot an earlier answer already gave', () => {
    const step = last(run([say('yes'), say('t365+cough')]));
    expect(step.state.node).toBe('travel');
    expect(step.say).toEqual(['去过外地吗？']);
    expect(step.state.transcript.some((t) => t.node === 'cough')).toBe(false);
  });

  it('does not skip a question answered only "unsure" before', () => {
    const step = last(run([say('yes'), say('cough-unsure')]));
    // cough-unsure does not answer the temperature question: re-asked with the node's own re-ask prompt.
    expect(step.say).toEqual(['请说体温度数。']);
    const unsureFirst = last(run([say('yes'), say('t365'), say('cough-unsure')]));
    expect(unsureFirst.state.node).toBe('travel');
  });

  it('re-asks when not understood, then marks the question 需核实 and goes on via next', () => {
    const steps = run([say('yes'), say('t365'), say('???'), say('???'), say('???')]);
    expect(steps[3]?.say).toEqual(['没听清。', '咳嗽吗？']);
    expect(steps[4]?.say).toEqual(['没听清。', '咳嗽吗？']);
    expect(steps[5]?.state.node).toBe('travel');
    expect(steps[5]?.state.unresolved).toEqual(['cough']);
    const end = last(run([say('yes'), say('t365'), say('???'), say('???'), say('???'), say('cough-no+travel-yes')]));
    // a later answer can still give the slot, and abnormal wins over 需核实
    expect(end.end).toMatchObject({ result: 'abnormal', reasons: ['travel'] });
    const checking = last(run([say('yes'), say('t365'), say('???'), say('???'), say('???'), say('cough-unsure')]));
    expect(checking.state.node).toBe('travel');
  });

  it('uses the node re-ask counts and the silence prompt, then 需核实', () => {
    const steps = run([say('yes'), SILENCE, SILENCE]);
    expect(steps[2]?.say).toEqual(['您还在吗？', '体温多少？']);
    expect(steps[3]?.state.unresolved).toEqual(['temperature']);
    expect(steps[3]?.say).toEqual(['咳嗽吗？']);
    expect(steps[2]?.state.transcript.at(-3)).toMatchObject({ node: 'temperature', answer: null, heard: 'silence' });
    const end = last(run([say('yes'), SILENCE, SILENCE, say('cough-no'), say('no'), say('no'), say('no')]));
    expect(end.end).toMatchObject({ result: 'needs_checking', unresolved: expect.arrayContaining(['temperature', 'travel']) });
    expect(end.say).toEqual(['稍后核实。']);
  });

  it('counts not-understood and silence separately', () => {
    const step = last(run([say('yes'), SILENCE, say('???')]));
    expect(step.state.node).toBe('temperature');
    expect(step.state.attempts).toEqual({ notUnderstood: 1, silence: 1 });
  });

  it('repeats the last question with the say nodes before it, without counting it', () => {
    const steps = run([say('repeat'), say('repeat')]);
    expect(steps[1]?.say).toEqual(['我再说一遍。', '您好，张三。是张三吗？']);
    expect(steps[2]?.state.attempts).toEqual({ notUnderstood: 0, silence: 0 });
    expect(steps[2]?.state.node).toBe('identity');
    expect(last(run([say('repeat'), say('yes')])).state.node).toBe('temperature');
  });

  it('gives up a question after MAX_TURNS_PER_NODE answers of any kind', () => {
    const steps = run([say('yes'), ...Array.from({ length: MAX_TURNS_PER_NODE }, () => say('repeat'))]);
    expect(last(steps).state.node).toBe('cough');
    expect(last(steps).state.unresolved).toEqual(['temperature']);
  });

  it.each([
    ['busy', 'not_reached', true],
    ['wrong_number', 'refused', false],
    ['refuse', 'refused', false],
    ['dnc', 'refused', false],
    ['human', 'needs_checking', false],
  ] as const)('ends on %s with %s (retry %s) and its reply', (intent, result, retry) => {
    const end = last(run([say('yes'), say(intent)]));
    expect(end.end).toMatchObject({ result, intent, retry, reasons: [] });
    expect(end.say).toEqual([script.globals[intent]]);
    expect(end.state.transcript.at(-2)).toMatchObject({ node: 'temperature', answer: intent, intent });
  });

  it('keeps slots heard with an intent, and an abnormal answer wins over the intent', () => {
    const busy = last(run([say('yes'), say('fever-no+busy')]));
    expect(busy.end).toMatchObject({ result: 'not_reached', retry: true, slots: { identity: 'yes', fever: 'no' } });
    const sick = last(run([say('yes'), say('fever-yes'), say('busy')]));
    expect(sick.end).toMatchObject({ result: 'abnormal', reasons: ['fever'], retry: false, intent: 'busy' });
  });

  it('ends at once on a hang-up: not reached before any health answer, needs checking after, abnormal wins', () => {
    const early = last(run([{ kind: 'hangup' }]));
    expect(early.say).toEqual([]);
    expect(early.end).toMatchObject({ result: 'not_reached', retry: true, intent: null });
    expect(early.state.transcript.at(-1)).toMatchObject({ node: 'identity', heard: 'hangup', answer: null });
    expect(last(run([say('yes'), say('t365'), { kind: 'hangup' }])).end).toMatchObject({ result: 'needs_checking', retry: true, slots: { temperature: 36.5 } });
    expect(last(run([say('yes'), say('t373'), { kind: 'hangup' }])).end).toMatchObject({ result: 'abnormal', reasons: ['fever'], retry: false });
  });

  it('returns the ended state unchanged when fed after the end', () => {
    const end = last(run([say('no')]));
    const again = continueDialogue(script, end.state, say('yes'), ctx, table);
    expect(again.say).toEqual([]);
    expect(again.state).toBe(end.state);
  });

  it('feeds keypad digits to the understanding as text', () => {
    const digits: Understand = (q, text) => (q === 'identity' && text === '1' ? { intent: null, slots: { identity: 'yes' } } : { intent: null, slots: {} });
    const first = startDialogue(script, { name: '张三' }, ctx, digits);
    const next = continueDialogue(script, first.state, { kind: 'digits', digits: '1' }, ctx, digits);
    expect(next.state.node).toBe('temperature');
    expect(next.state.transcript.at(-2)).toMatchObject({ heard: 'digits', answer: '1' });
  });

  it('keeps the state plain JSON', () => {
    const step = last(run([say('yes'), say('t365')]));
    expect(JSON.parse(JSON.stringify(step.state))).toEqual(step.state);
  });

  it('evaluates conditions', () => {
    expect(conditionHolds({ slot: 'temperature', atLeast: 37.3 }, { temperature: 37.3 })).toBe(true);
    expect(conditionHolds({ slot: 'temperature', below: 37.3 }, { temperature: 37.3 })).toBe(false);
    expect(conditionHolds({ slot: 'temperature', below: 37.3 }, {})).toBe(false);
    expect(conditionHolds({ slot: 'cough', heard: false }, {})).toBe(true);
    expect(conditionHolds({ slot: 'cough', heard: true }, { cough: 'unsure' })).toBe(true);
    expect(conditionHolds({ slot: 'cough', is: 'yes' }, { cough: 'no' })).toBe(false);
  });
});
