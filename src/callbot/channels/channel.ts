/**
 * The one interface between the dialogue engine and a line to a person (channel 通道): the chat
 * page, the simulated callees of tests and benchmarks, and (issue 9) a real SIP/RTP call all
 * implement it, so the engine drives each of them unchanged.
 */
import type { Script } from '../dialogue/model.ts';
import type { QuestionId } from '../nlu/model.ts';

/** How a dial attempt ended before or without a conversation (外呼结果). */
export const DIAL_OUTCOMES = [
  'connected', 'busy', 'no_answer', 'rejected', 'powered_off', 'suspended', 'empty_number', 'unreachable', 'unknown',
] as const;
export type DialOutcome = (typeof DIAL_OUTCOMES)[number];

/** What came back from the person after a prompt. */
export type Heard =
  | { kind: 'speech'; text: string }
  | { kind: 'digits'; digits: string }
  | { kind: 'silence' }
  | { kind: 'hangup' };

/** What the dialogue knows about a prompt beyond its words. */
export interface SayHint {
  /** The question this prompt asks; absent for prompts that await no reply. */
  question?: QuestionId;
  /** The call's variables (name, community …): a phone line synthesises the parts they fill, never storing them. */
  variables?: Readonly<Record<string, string>>;
  /** A recorded WAV for this exact prompt (the script's recordings), played instead of synthesised speech. */
  recording?: string;
}

/** An answered call: the engine says prompts and listens for the reply. */
export interface CallSession {
  /**
   * Speak (or show) a prompt; resolves when it has been delivered. `hint` names the question the
   * prompt asks when a reply is awaited after it; channels may ignore it (simulated callees use it
   * to pick an answer; a phone line could choose keypad instructions).
   */
  say(text: string, hint?: SayHint): Promise<void>;
  /** Wait for the reply to the last prompt, at most `timeoutMs`; silence when nothing came. */
  listen(timeoutMs: number): Promise<Heard>;
  /** End the call from our side (after the closing). */
  hangUp(): Promise<void>;
}

export interface DialRequest {
  /** Normalised number: 11-digit mobile or 0-prefixed fixed line, digits only. */
  phone: string;
  /** Opaque reference for logs and correlation (the attempt id); never personal data. */
  attemptId: string;
  /** The pinned script version the call will run (its id), when the channel prepared for it. */
  scriptVersionId?: string;
}

export type DialResult = { outcome: 'connected'; session: CallSession } | { outcome: Exclude<DialOutcome, 'connected'> };

/** A way to reach people: dial returns an answered session or why there is none. */
export interface CallChannel {
  readonly name: string;
  /** Calls the channel can carry at once (a trunk's lines); the dialer uses it instead of its default. */
  readonly lines?: number;
  /** Gets ready for calls of a script version before the first dial (a phone line renders its prompts once). */
  prepare?(script: Script, scriptVersionId: string): Promise<void>;
  dial(request: DialRequest): Promise<DialResult>;
}
