/**
 * Scripts (话术) and dialogues (对话) of the screening robot: the types every part shares. A script
 * is data — a state machine of nodes — edited in the console, versioned, and pinned by a campaign.
 * The engine (engine.ts) is a pure step function over these types: `startDialogue` then
 * `continueDialogue` once per thing heard, each returning what to say next and the new state.
 * The state is plain JSON, so the chat channel can keep it in a row between HTTP requests while
 * a phone call keeps it in memory (runDialogue in ../channels/driver.ts).
 */
import type { GlobalIntent, QuestionId, Slots, YesNoSlot } from '../nlu/model.ts';

/** A condition on the slots heard so far; a branch is taken when all its conditions hold. */
export type Condition =
  | { slot: YesNoSlot; is: 'yes' | 'no' | 'unsure' }
  | { slot: 'temperature'; atLeast?: number; below?: number }
  | { slot: YesNoSlot | 'temperature'; heard: boolean };

export interface Branch {
  when: Condition[];
  next: string;
}

/** Ask a question and branch on the answer. */
export interface AskNode {
  kind: 'ask';
  /** Text with variables: ${name}, ${community}, … */
  prompt: string;
  /** The question the answer is understood as (which slot a bare 嗯/没有 answers). */
  question: QuestionId;
  /** Slots that must be heard before the node is answered; otherwise it re-asks. */
  expects: (YesNoSlot | 'temperature')[];
  /** First match wins; `next` when none matches. */
  branches: Branch[];
  next: string;
  /** Re-ask prompts; defaults come from the script. */
  reaskPrompt?: string;
  /** How often to re-ask when not understood / when silent before marking the question 需核实. */
  reasks?: { notUnderstood: number; silence: number };
  /**
   * Ask even when every expected slot already has a definite value (normally such a node is
   * skipped), and let this answer replace it: a confirmation that reuses a question, e.g. 复工通知's
   * "听清楚了吗" understood as the identity question.
   */
  askAgain?: boolean;
}

/** Say something and go on without waiting (e.g. a notice); `confirm` waits for a yes. */
export interface SayNode {
  kind: 'say';
  prompt: string;
  next: string;
}

/** End the call with the closing chosen by the result. */
export interface EndNode {
  kind: 'end';
  /**
   * A result this ending stands for whatever was heard (e.g. 'refused' when the person is not the
   * callee). An abnormal answer heard earlier still wins: abnormal always leads to a follow-up.
   */
  result?: 'refused' | 'needs_checking' | 'not_reached';
  /** The intent recorded with this ending (e.g. 'wrong_number' after 不是本人). */
  intent?: GlobalIntent;
  /** Closing words instead of the script's closing for the result. */
  closing?: string;
}

export type ScriptNode = AskNode | SayNode | EndNode;

/** Person results (每人结果). */
export const CALL_RESULTS = ['normal', 'abnormal', 'needs_checking', 'not_reached', 'refused'] as const;
export type CallResult = (typeof CALL_RESULTS)[number];

/** Why a result is abnormal: fever ≥ 37.3 °C or said so, a symptom, risk travel, contact. */
export const ABNORMAL_REASONS = ['fever', 'cough', 'diarrhea', 'fatigue', 'breathing', 'travel', 'contact'] as const;
export type AbnormalReason = (typeof ABNORMAL_REASONS)[number];

export const FEVER_CELSIUS = 37.3;

export interface Script {
  /** Stable across versions, e.g. 'returnee-screening'. */
  key: string;
  name: string;
  description?: string;
  /** Variables a campaign must supply for each callee, e.g. ['name', 'community']. */
  variables: string[];
  start: string;
  nodes: Record<string, ScriptNode>;
  /** Closing words by result (advice: 请居家观察并每日测量体温 …). */
  closings: Record<'normal' | 'abnormal' | 'needs_checking', string>;
  /** Replies to global intents, said before the call ends (or, for repeat, before the prompt again). */
  globals: Record<GlobalIntent, string>;
  /** Defaults for nodes without their own. */
  reaskPrompt: string;
  silencePrompt: string;
  reasks: { notUnderstood: number; silence: number };
  /**
   * Recorded voice for prompts (录音): a prompt's exact text (as written here, without variables)
   * → a WAV file name in the installation's recordings folder. A phone call plays the recording
   * instead of synthesised speech; other channels show the text.
   */
  recordings?: Record<string, string>;
}

export type HeardInput =
  | { kind: 'speech'; text: string }
  | { kind: 'digits'; digits: string }
  | { kind: 'silence' }
  | { kind: 'hangup' };

export interface TranscriptEntry {
  node: string;
  /** What the robot said (variables filled in). */
  prompt: string;
  /** What was heard: text, digits, or null for silence / hang-up. */
  answer: string | null;
  /** 'none': a prompt that waits for no answer (say nodes, re-ask lead-ins, the closing). */
  heard: HeardInput['kind'] | 'none';
  slots: Slots;
  intent: GlobalIntent | null;
}

/** How a dialogue ended. */
export interface DialogueEnd {
  result: Exclude<CallResult, 'not_reached'> | 'not_reached';
  reasons: AbnormalReason[];
  slots: Slots;
  /** Questions not placed after the re-asks (需核实). */
  unresolved: QuestionId[];
  /** A global intent that ended the call, if one did. */
  intent: GlobalIntent | null;
  /** The person asked to be called back later (busy) or hung up mid-call: worth another attempt. */
  retry: boolean;
}

/** Plain JSON; kept between turns. */
export interface DialogueState {
  scriptKey: string;
  node: string;
  slots: Slots;
  attempts: { notUnderstood: number; silence: number };
  /** Answers heard at the current node of any kind (repeats included), capped by the engine. */
  turnsAtNode: number;
  /** The callee's variables (${name}, …), kept so each turn fills prompts the same way. */
  variables: Record<string, string>;
  unresolved: QuestionId[];
  transcript: TranscriptEntry[];
  /** The last prompt said, for 'repeat'. */
  lastPrompt: string;
  end: DialogueEnd | null;
}

/** One turn's output: the prompts to say in order, then listen unless the dialogue ended. */
export interface DialogueStep {
  state: DialogueState;
  say: string[];
  end: DialogueEnd | null;
}
