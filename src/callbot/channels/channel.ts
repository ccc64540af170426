/**
 * The one interface between the dialogue engine and a line to a person (channel 通道): the chat
 * page, the simulated callees of tests and benchmarks, and (issue 9) a real SIP/RTP call all
 * implement it, so the engine drives each of them unchanged.
 */
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
}

export type DialResult = { outcome: 'connected'; session: CallSession } | { outcome: Exclude<DialOutcome, 'connected'> };

/** A way to reach people: dial returns an answered session or why there is none. */
export interface CallChannel {
  readonly name: string;
  dial(request: DialRequest): Promise<DialResult>;
}
