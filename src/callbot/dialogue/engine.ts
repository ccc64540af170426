/**
 * The dialogue engine (对话引擎): a pure step function over a script. `startDialogue` says the
 * opening up to the first question; `continueDialogue` takes what was heard and says what comes
 * next, until an end. No I/O and no clock: the chat channel keeps the JSON state in a row between
 * requests, a phone call keeps it in memory (../channels/driver.ts), and both get the same turns.
 *
 * Rules (decided for issue 8; docs/glossary.md names the terms):
 * - An ask node is answered when the answer gives at least one of its `expects` slots ('unsure'
 *   counts). Every slot heard is merged, later answers replacing earlier ones, so an answer may
 *   fill later questions: a later ask node whose expects all have a definite value (yes/no or a
 *   number; not 'unsure') is skipped silently — nothing is said, so the transcript has no entry.
 * - Not understood → the node's reaskPrompt (a full rephrasing) or the script's reaskPrompt and
 *   the question again, up to reasks.notUnderstood times; silence → silencePrompt and the question,
 *   up to reasks.silence times; then the question is marked unresolved (需核实) and the dialogue
 *   goes on via `next`. At most MAX_TURNS_PER_NODE answers per node (repeats included).
 * - Global intents at any question: repeat says the last question again and counts as nothing;
 *   busy ends with retry (result not_reached: reached but not screened); wrong_number, refuse and
 *   dnc end as refused (dnc keeps the intent so the campaign adds the number to the do-not-call
 *   list); human ends as needs_checking (a person calls back).
 * - Hang-up: ends at once, nothing said, retry; not_reached when no health or risk answer was
 *   heard yet, needs_checking when some were.
 * - Abnormal always wins: an ending of any kind after an abnormal answer (fever, a symptom, risk
 *   travel, contact) is abnormal with its reasons and no retry, so a follow-up task is created.
 * - Transcript: one entry per prompt said; the prompt that was listened after carries the answer.
 */
import type { GlobalIntent, QuestionId, Slots, Understand, UnderstandingContext } from '../nlu/model.ts';
import { understandKeypad } from '../nlu/keypad.ts';
import { dialogueFail } from './errors.ts';
import type { AskNode, Condition, DialogueEnd, DialogueState, DialogueStep, EndNode, HeardInput, Script, TranscriptEntry } from './model.ts';
import { abnormalReasons, screenedAnything, screeningResult } from './result.ts';
import { fillVariables, missingVariables, scriptVariables } from './variables.ts';

/** Answers at one node before it is given up as unresolved, whatever they were (stops endless "repeat"). */
export const MAX_TURNS_PER_NODE = 8;

/** A step under construction: what is said this turn and the transcript so far. */
interface Turn {
  script: Script;
  state: DialogueState;
  say: string[];
  transcript: TranscriptEntry[];
}

export function startDialogue(
  script: Script,
  variables: Readonly<Record<string, string>>,
  _context: UnderstandingContext,
  _understand: Understand,
): DialogueStep {
  const missing = missingVariables(script, variables);
  if (missing.length > 0) throw dialogueFail('CALLBOT_DIALOGUE_VARIABLES_MISSING', { missing });
  const kept: Record<string, string> = {};
  for (const name of scriptVariables(script)) kept[name] = variables[name] as string;
  const state: DialogueState = {
    scriptKey: script.key,
    node: script.start,
    slots: {},
    attempts: { notUnderstood: 0, silence: 0 },
    turnsAtNode: 0,
    variables: kept,
    unresolved: [],
    transcript: [],
    lastPrompt: '',
    end: null,
  };
  return advance({ script, state, say: [], transcript: [] }, script.start);
}

export function continueDialogue(
  script: Script,
  state: DialogueState,
  heard: HeardInput,
  context: UnderstandingContext,
  understand: Understand,
): DialogueStep {
  if (state.end) return { state, say: [], end: state.end };
  const node = script.nodes[state.node];
  if (!node || node.kind !== 'ask') throw dialogueFail('CALLBOT_DIALOGUE_SCRIPT_BROKEN', { node: state.node });
  const turn: Turn = { script, state: { ...state, turnsAtNode: state.turnsAtNode + 1 }, say: [], transcript: state.transcript.slice() };

  if (heard.kind === 'hangup') {
    record(turn, null, 'hangup', {}, null);
    return close(turn, interruptedEnd(turn.state, null));
  }
  if (heard.kind === 'silence') {
    record(turn, null, 'silence', {}, null);
    const silence = turn.state.attempts.silence + 1;
    turn.state.attempts = { ...turn.state.attempts, silence };
    if (silence > reasksOf(script, node).silence || turn.state.turnsAtNode >= MAX_TURNS_PER_NODE) return giveUp(turn, node);
    return reask(turn, [fill(turn, script.silencePrompt), fill(turn, node.prompt)]);
  }

  const text = heard.kind === 'speech' ? heard.text : heard.digits;
  const understood = heard.kind === 'digits' ? understandKeypad(node.question, text, understand, context) : understand(node.question, text, context);
  record(turn, text, heard.kind, understood.slots, understood.intent);
  turn.state.slots = { ...turn.state.slots, ...understood.slots };

  if (understood.intent === 'repeat') {
    if (turn.state.turnsAtNode >= MAX_TURNS_PER_NODE) return giveUp(turn, node);
    return reask(turn, [fill(turn, script.globals.repeat), turn.state.lastPrompt]);
  }
  if (understood.intent) return close(turn, intentEnd(turn.state, understood.intent), fill(turn, script.globals[understood.intent]));

  if (node.expects.some((slot) => understood.slots[slot] !== undefined)) return advance(turn, chooseNext(node, turn.state.slots));
  const notUnderstood = turn.state.attempts.notUnderstood + 1;
  turn.state.attempts = { ...turn.state.attempts, notUnderstood };
  if (notUnderstood > reasksOf(script, node).notUnderstood || turn.state.turnsAtNode >= MAX_TURNS_PER_NODE) return giveUp(turn, node);
  const again = node.reaskPrompt !== undefined ? [fill(turn, node.reaskPrompt)] : [fill(turn, script.reaskPrompt), fill(turn, node.prompt)];
  return reask(turn, again);
}

/** Whether all of a branch's conditions hold for the slots heard so far. */
export function conditionHolds(condition: Condition, slots: Slots): boolean {
  const value = slots[condition.slot];
  if ('heard' in condition) return (value !== undefined) === condition.heard;
  if ('is' in condition) return value === condition.is;
  if (typeof value !== 'number') return false;
  const tenths = Math.round(value * 10);
  return (condition.atLeast === undefined || tenths >= Math.round(condition.atLeast * 10))
    && (condition.below === undefined || tenths < Math.round(condition.below * 10));
}

export function chooseNext(node: AskNode, slots: Slots): string {
  return node.branches.find((branch) => branch.when.every((c) => conditionHolds(c, slots)))?.next ?? node.next;
}

/** A slot value that settles a question for good ('unsure' does not). */
const definite = (value: Slots[keyof Slots]): boolean => value !== undefined && value !== 'unsure';

const reasksOf = (script: Script, node: AskNode) => node.reasks ?? script.reasks;

const fill = (turn: Turn, text: string): string => fillVariables(text, turn.state.variables);

/** Fills in the answer of the prompt that was listened after (the last transcript entry). */
function record(turn: Turn, answer: string | null, heard: TranscriptEntry['heard'], slots: Slots, intent: GlobalIntent | null): void {
  const last = turn.transcript[turn.transcript.length - 1];
  const entry: TranscriptEntry = { node: turn.state.node, prompt: last?.prompt ?? '', answer, heard, slots, intent };
  if (last && last.heard === 'none' && last.node === turn.state.node) turn.transcript[turn.transcript.length - 1] = entry;
  else turn.transcript.push(entry);
}

function speak(turn: Turn, node: string, text: string): void {
  turn.say.push(text);
  turn.transcript.push({ node, prompt: text, answer: null, heard: 'none', slots: {}, intent: null });
}

/** Says prompts and listens again at the same node. */
function reask(turn: Turn, prompts: string[]): DialogueStep {
  for (const text of prompts) speak(turn, turn.state.node, text);
  return step(turn, null);
}

/** The question could not be placed: 需核实, then on via `next`. */
function giveUp(turn: Turn, node: AskNode): DialogueStep {
  const unresolved = turn.state.unresolved.includes(node.question) ? turn.state.unresolved : [...turn.state.unresolved, node.question];
  turn.state.unresolved = unresolved;
  return advance(turn, node.next);
}

/** Walks from `nodeId` through say nodes and skipped questions to the next question or the end. */
function advance(turn: Turn, nodeId: string): DialogueStep {
  const { script } = turn;
  const spoken: string[] = [];
  let id = nodeId;
  for (let visits = 0; ; visits += 1) {
    const node = script.nodes[id];
    if (!node || visits > Object.keys(script.nodes).length) throw dialogueFail('CALLBOT_DIALOGUE_SCRIPT_BROKEN', { node: id });
    if (node.kind === 'say') {
      const text = fill(turn, node.prompt);
      speak(turn, id, text);
      spoken.push(text);
      id = node.next;
    } else if (node.kind === 'ask') {
      if (!node.askAgain && node.expects.every((slot) => definite(turn.state.slots[slot]))) {
        id = chooseNext(node, turn.state.slots);
        continue;
      }
      const text = fill(turn, node.prompt);
      speak(turn, id, text);
      spoken.push(text);
      turn.state = { ...turn.state, node: id, attempts: { notUnderstood: 0, silence: 0 }, turnsAtNode: 0, lastPrompt: spoken.join('') };
      return step(turn, null);
    } else {
      turn.state = { ...turn.state, node: id };
      return close(turn, nodeEnd(turn.state, node), fill(turn, closingOf(script, node, turn.state)));
    }
  }
}

function closingOf(script: Script, node: EndNode, state: DialogueState): string {
  const result = nodeEnd(state, node).result;
  if (result === 'abnormal' || node.closing === undefined) {
    if (result === 'normal' || result === 'abnormal' || result === 'needs_checking') return script.closings[result];
    return result === 'refused' ? script.globals.refuse : script.globals.busy;
  }
  return node.closing;
}

function nodeEnd(state: DialogueState, node: EndNode): DialogueEnd {
  const screening = screeningResult(state.slots, state.unresolved);
  const result = screening.result === 'abnormal' ? 'abnormal' : node.result ?? screening.result;
  return { result, reasons: screening.reasons, slots: state.slots, unresolved: state.unresolved, intent: node.intent ?? null, retry: false };
}

function intentEnd(state: DialogueState, intent: Exclude<GlobalIntent, 'repeat'>): DialogueEnd {
  const reasons = abnormalReasons(state.slots);
  const base = { reasons, slots: state.slots, unresolved: state.unresolved, intent };
  if (reasons.length > 0) return { ...base, result: 'abnormal', retry: false };
  if (intent === 'busy') return { ...base, result: 'not_reached', retry: true };
  if (intent === 'human') return { ...base, result: 'needs_checking', retry: false };
  return { ...base, result: 'refused', retry: false };
}

function interruptedEnd(state: DialogueState, intent: GlobalIntent | null): DialogueEnd {
  const reasons = abnormalReasons(state.slots);
  const base = { reasons, slots: state.slots, unresolved: state.unresolved, intent };
  if (reasons.length > 0) return { ...base, result: 'abnormal', retry: false };
  return { ...base, result: screenedAnything(state.slots) ? 'needs_checking' : 'not_reached', retry: true };
}

function close(turn: Turn, end: DialogueEnd, closing?: string): DialogueStep {
  if (closing) speak(turn, turn.state.node, closing);
  return step(turn, end);
}

function step(turn: Turn, end: DialogueEnd | null): DialogueStep {
  const state: DialogueState = { ...turn.state, transcript: turn.transcript, end };
  return { state, say: turn.say, end };
}

/** The question the dialogue is waiting on an answer to, or null once it ended (a hint for channels). */
export function currentQuestion(script: Script, state: DialogueState): QuestionId | null {
  if (state.end) return null;
  const node = script.nodes[state.node];
  return node?.kind === 'ask' ? node.question : null;
}
