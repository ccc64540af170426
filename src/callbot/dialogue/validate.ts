/**
 * Checks a script before it is saved or used (话术校验): its shape (zod), then the graph — the start
 * node exists, every target exists, every node is reachable from the start (an unreachable node is
 * an error, not a warning: scripts are versioned and immutable, so a stray node would stay forever),
 * every node can reach an end node — and the content: conditions only on slots some question asks,
 * prompts at most 300 characters, re-ask counts 0–3, every ${variable} declared. Each problem is
 * reported with a path into the script and a stable code from ./errors.ts. Pure.
 */
import { z } from 'zod';
import type { LocalizedMessage } from '../../kernel/errors.ts';
import { GLOBAL_INTENTS, QUESTION_IDS, YES_NO_SLOTS } from '../nlu/model.ts';
import { dialogueErrors, type DialogueErrorCode } from './errors.ts';
import type { Script } from './model.ts';
import { scriptTexts, textVariables } from './variables.ts';

export const MAX_PROMPT_CHARS = 300;
export const MAX_REASKS = 3;

export interface ScriptProblem {
  /** Dotted path into the script, e.g. 'nodes.fever.branches.0.next'. */
  path: string;
  code: DialogueErrorCode;
  message: LocalizedMessage;
}

export type ScriptValidation = { ok: true; script: Script } | { ok: false; errors: ScriptProblem[] };

const nodeId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/);
const text = z.string().trim().min(1).max(2000);
const slot = z.enum([...YES_NO_SLOTS, 'temperature']);
const reasks = z.strictObject({ notUnderstood: z.number().int(), silence: z.number().int() });

const condition = z.union([
  z.strictObject({ slot: z.enum(YES_NO_SLOTS), is: z.enum(['yes', 'no', 'unsure']) }),
  z.strictObject({ slot: z.literal('temperature'), atLeast: z.number().optional(), below: z.number().optional() })
    .refine((c) => c.atLeast !== undefined || c.below !== undefined, 'atLeast or below is required'),
  z.strictObject({ slot, heard: z.boolean() }),
]);

const askNode = z.strictObject({
  kind: z.literal('ask'),
  prompt: text,
  question: z.enum(QUESTION_IDS),
  expects: z.array(slot).min(1),
  branches: z.array(z.strictObject({ when: z.array(condition).min(1), next: nodeId })).max(20),
  next: nodeId,
  reaskPrompt: text.optional(),
  reasks: reasks.optional(),
  askAgain: z.boolean().optional(),
});
const sayNode = z.strictObject({ kind: z.literal('say'), prompt: text, next: nodeId });
const endNode = z.strictObject({
  kind: z.literal('end'),
  result: z.enum(['refused', 'needs_checking', 'not_reached']).optional(),
  intent: z.enum(GLOBAL_INTENTS).optional(),
  closing: text.optional(),
});

export const scriptSchema = z.strictObject({
  key: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/),
  name: z.string().trim().min(1).max(100),
  description: z.string().max(500).optional(),
  variables: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/)).max(20),
  start: nodeId,
  nodes: z.record(nodeId, z.discriminatedUnion('kind', [askNode, sayNode, endNode]))
    .refine((nodes) => Object.keys(nodes).length >= 1 && Object.keys(nodes).length <= 100, 'a script has 1 to 100 nodes'),
  closings: z.strictObject({ normal: text, abnormal: text, needs_checking: text }),
  globals: z.strictObject(Object.fromEntries(GLOBAL_INTENTS.map((intent) => [intent, text])) as Record<(typeof GLOBAL_INTENTS)[number], typeof text>),
  reaskPrompt: text,
  silencePrompt: text,
  reasks,
  recordings: z.record(text, z.string().regex(/^[\w\u4e00-\u9fff-]{1,80}\.wav$/, 'a recording is a .wav file name in the recordings folder'))
    .refine((r) => Object.keys(r).length <= 200, 'at most 200 recordings').optional(),
});

const problem = (path: string, code: DialogueErrorCode, detail?: string): ScriptProblem => ({
  path,
  code,
  message: { zh: dialogueErrors[code].zh, en: detail ? `${dialogueErrors[code].en}: ${detail}` : dialogueErrors[code].en },
});

export function validateScript(input: unknown): ScriptValidation {
  const parsed = scriptSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((issue) => problem(issue.path.map(String).join('.'), 'CALLBOT_SCRIPT_SHAPE_INVALID', issue.message)) };
  }
  const script = parsed.data as Script;
  const errors = [...graphProblems(script), ...contentProblems(script)];
  return errors.length > 0 ? { ok: false, errors } : { ok: true, script };
}

/** Outgoing edges of each node with their paths. */
function edges(script: Script): { from: string; to: string; path: string }[] {
  return Object.entries(script.nodes).flatMap(([id, node]) => {
    if (node.kind === 'end') return [];
    const out = [{ from: id, to: node.next, path: `nodes.${id}.next` }];
    if (node.kind === 'ask') node.branches.forEach((b, i) => out.push({ from: id, to: b.next, path: `nodes.${id}.branches.${i}.next` }));
    return out;
  });
}

function closure(seeds: string[], step: Map<string, string[]>): Set<string> {
  const seen = new Set(seeds);
  const queue = [...seeds];
  for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
    for (const next of step.get(id) ?? []) if (!seen.has(next)) { seen.add(next); queue.push(next); }
  }
  return seen;
}

function graphProblems(script: Script): ScriptProblem[] {
  const errors: ScriptProblem[] = [];
  const ids = Object.keys(script.nodes);
  const all = edges(script);
  for (const edge of all) if (!(edge.to in script.nodes)) errors.push(problem(edge.path, 'CALLBOT_SCRIPT_TARGET_MISSING', edge.to));
  const forward = new Map<string, string[]>();
  const backward = new Map<string, string[]>();
  for (const { from, to } of all.filter((e) => e.to in script.nodes)) {
    forward.set(from, [...(forward.get(from) ?? []), to]);
    backward.set(to, [...(backward.get(to) ?? []), from]);
  }
  if (!(script.start in script.nodes)) errors.push(problem('start', 'CALLBOT_SCRIPT_START_MISSING', script.start));
  else {
    const reachable = closure([script.start], forward);
    for (const id of ids) if (!reachable.has(id)) errors.push(problem(`nodes.${id}`, 'CALLBOT_SCRIPT_NODE_UNREACHABLE', id));
  }
  const ending = closure(ids.filter((id) => script.nodes[id]?.kind === 'end'), backward);
  for (const id of ids) if (!ending.has(id)) errors.push(problem(`nodes.${id}`, 'CALLBOT_SCRIPT_NO_END', id));
  return errors;
}

function contentProblems(script: Script): ScriptProblem[] {
  const errors: ScriptProblem[] = [];
  const asked = new Set<string>();
  for (const node of Object.values(script.nodes)) if (node.kind === 'ask') node.expects.forEach((s) => asked.add(s));
  const checkReasks = (path: string, r: { notUnderstood: number; silence: number }) => {
    for (const key of ['notUnderstood', 'silence'] as const) {
      if (r[key] < 0 || r[key] > MAX_REASKS) errors.push(problem(`${path}.${key}`, 'CALLBOT_SCRIPT_REASKS_OUT_OF_RANGE', String(r[key])));
    }
  };
  checkReasks('reasks', script.reasks);
  for (const [id, node] of Object.entries(script.nodes)) {
    if (node.kind !== 'ask') continue;
    if (node.reasks) checkReasks(`nodes.${id}.reasks`, node.reasks);
    node.branches.forEach((branch, i) => branch.when.forEach((c, j) => {
      if (!asked.has(c.slot)) errors.push(problem(`nodes.${id}.branches.${i}.when.${j}.slot`, 'CALLBOT_SCRIPT_CONDITION_SLOT_NOT_ASKED', c.slot));
    }));
  }
  const declared = new Set(script.variables);
  for (const { path, text: said } of scriptTexts(script)) {
    if ([...said].length > MAX_PROMPT_CHARS) errors.push(problem(path, 'CALLBOT_SCRIPT_PROMPT_TOO_LONG', `${[...said].length} > ${MAX_PROMPT_CHARS}`));
    for (const name of textVariables(said)) if (!declared.has(name)) errors.push(problem(path, 'CALLBOT_SCRIPT_VARIABLE_UNDECLARED', name));
  }
  return errors;
}
