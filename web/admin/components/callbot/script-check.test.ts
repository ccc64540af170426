import { describe, expect, it } from 'vitest';
import { checkScript, nodeOrder, parseScript } from './script-check.ts';
import type { Script } from '../../api/callbot.ts';

const script = (): Script => ({
  key: 'k', name: '测试', variables: ['name'], start: 'hello',
  nodes: {
    hello: { kind: 'say', prompt: '您好', next: 'temp' },
    temp: { kind: 'ask', prompt: '体温多少?', question: 'temperature', expects: ['temperature'], branches: [{ when: [{ slot: 'temperature', atLeast: 37.3 }], next: 'sick' }], next: 'bye' },
    sick: { kind: 'say', prompt: '请就医', next: 'bye' },
    bye: { kind: 'end' },
    orphan: { kind: 'end' },
  },
  closings: { normal: '再见', abnormal: '请居家观察', needs_checking: '稍后核实' },
  globals: { busy: 'b', wrong_number: 'w', refuse: 'r', dnc: 'd', repeat: 'p', human: 'h' },
  reaskPrompt: '没听清', silencePrompt: '您还在吗', reasks: { notUnderstood: 1, silence: 1 },
});

describe('script check', () => {
  it('accepts a complete script', () => {
    expect(checkScript(script())).toEqual([]);
    expect(parseScript(JSON.stringify(script())).script?.key).toBe('k');
  });

  it('names the path of each problem', () => {
    const s = script() as unknown as { nodes: Record<string, Record<string, unknown>>; closings: Record<string, unknown> };
    (s.nodes.temp!.branches as { next: string }[])[0]!.next = 'nowhere';
    s.nodes.hello!.prompt = ' ';
    delete s.closings.abnormal;
    expect(checkScript(s).map((p) => p.path)).toEqual(['closings.abnormal', 'nodes.hello.prompt', 'nodes.temp.branches[0].next']);
  });

  it('reports unreadable JSON at the root', () => {
    const parsed = parseScript('{"key": ');
    expect(parsed.script).toBeNull();
    expect(parsed.problems[0]!.path).toBe('$');
  });

  it('orders nodes as a call meets them, unreachable ones last', () => {
    expect(nodeOrder(script())).toEqual(['hello', 'temp', 'sick', 'bye', 'orphan']);
  });
});
