/**
 * The console's first look at an edited script, before the server's own validation: readable JSON,
 * the parts every script has, and every `next` naming a node that exists. Each problem names its path
 * (`nodes.temperature.branches[0].next`) so the editor can point at it. Pure.
 */
import type { Script } from '../../api/callbot.ts';

export interface ScriptProblem { path: string; message: string }

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseScript(text: string): { script: Script | null; problems: ScriptProblem[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { script: null, problems: [{ path: '$', message: (error as Error).message }] };
  }
  const problems = checkScript(value);
  return { script: problems.length === 0 ? (value as Script) : null, problems };
}

export function checkScript(value: unknown): ScriptProblem[] {
  if (!isObject(value)) return [{ path: '$', message: 'not an object' }];
  const problems: ScriptProblem[] = [];
  const need = (path: string, ok: boolean, message: string) => { if (!ok) problems.push({ path, message }); };
  for (const key of ['key', 'name', 'start', 'reaskPrompt', 'silencePrompt'] as const) need(key, typeof value[key] === 'string' && value[key] !== '', 'required text');
  need('variables', Array.isArray(value.variables), 'a list of variable names');
  for (const part of ['closings', 'globals', 'reasks'] as const) need(part, isObject(value[part]), 'required');
  if (isObject(value.closings)) for (const r of ['normal', 'abnormal', 'needs_checking']) need(`closings.${r}`, typeof value.closings[r] === 'string', 'required text');
  if (!isObject(value.nodes)) {
    problems.push({ path: 'nodes', message: 'required' });
    return problems;
  }
  const nodes = value.nodes;
  const exists = (id: unknown) => typeof id === 'string' && id in nodes;
  need('start', exists(value.start), 'no such node');
  for (const [id, node] of Object.entries(nodes)) {
    const at = `nodes.${id}`;
    if (!isObject(node)) { problems.push({ path: at, message: 'not an object' }); continue; }
    if (node.kind === 'end') continue;
    if (node.kind !== 'ask' && node.kind !== 'say') { problems.push({ path: `${at}.kind`, message: 'ask, say or end' }); continue; }
    need(`${at}.prompt`, typeof node.prompt === 'string' && node.prompt.trim() !== '', 'required text');
    need(`${at}.next`, exists(node.next), 'no such node');
    if (node.kind === 'ask') {
      need(`${at}.question`, typeof node.question === 'string', 'required');
      need(`${at}.expects`, Array.isArray(node.expects), 'a list of slots');
      if (!Array.isArray(node.branches)) problems.push({ path: `${at}.branches`, message: 'a list' });
      else node.branches.forEach((b: unknown, i: number) => {
        need(`${at}.branches[${i}].next`, isObject(b) && exists(b.next), 'no such node');
        need(`${at}.branches[${i}].when`, isObject(b) && Array.isArray(b.when), 'a list of conditions');
      });
    }
  }
  return problems;
}

/** The nodes in the order a call meets them (breadth first from the start), then any not reached. */
export function nodeOrder(script: Script): string[] {
  const seen: string[] = [];
  const queue = [script.start];
  while (queue.length) {
    const id = queue.shift()!;
    const node = script.nodes[id];
    if (!node || seen.includes(id)) continue;
    seen.push(id);
    if (node.kind === 'ask') queue.push(...node.branches.map((b) => b.next), node.next);
    else if (node.kind === 'say') queue.push(node.next);
  }
  return [...seen, ...Object.keys(script.nodes).filter((id) => !seen.includes(id))];
}
