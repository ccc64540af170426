/**
 * What the screening robot's answer understanding (智能外呼 · 语义理解) takes and gives. Pure and
 * browser-safe: the chat page may import it. The dialogue engine depends only on these types, so
 * speech recognition, keypad digits, SMS replies and typed chat all feed it the same way.
 */

/** The questions a script may ask; each names the slot it is mainly after. */
export const QUESTION_IDS = [
  'identity', 'in_town', 'temperature', 'fever', 'cough', 'diarrhea', 'fatigue', 'breathing', 'travel', 'contact',
] as const;
export type QuestionId = (typeof QUESTION_IDS)[number];

/** Yes/no slots. `temperature` is the only numeric slot. */
export const YES_NO_SLOTS = ['identity', 'in_town', 'fever', 'cough', 'diarrhea', 'fatigue', 'breathing', 'travel', 'contact'] as const;
export type YesNoSlot = (typeof YES_NO_SLOTS)[number];
export type YesNo = 'yes' | 'no' | 'unsure';

/** Slots heard in one answer; a slot not heard is absent (never guessed). */
export interface Slots {
  identity?: YesNo;
  in_town?: YesNo;
  fever?: YesNo;
  cough?: YesNo;
  diarrhea?: YesNo;
  fatigue?: YesNo;
  breathing?: YesNo;
  travel?: YesNo;
  contact?: YesNo;
  /** Degrees Celsius as heard, one decimal. */
  temperature?: number;
}

/** Requests that work at any point of a call, whatever was asked. */
export const GLOBAL_INTENTS = ['busy', 'wrong_number', 'refuse', 'dnc', 'repeat', 'human'] as const;
export type GlobalIntent = (typeof GLOBAL_INTENTS)[number];

export interface Understanding {
  intent: GlobalIntent | null;
  slots: Slots;
}

/** What the robot knows beyond the words: today's risk areas decide whether a named place counts as risk travel. */
export interface UnderstandingContext {
  /** GB/T 2260 codes of risk areas (any level); a place inside one of them is risk travel. */
  riskRegionCodes: readonly string[];
}

export type Understand = (question: QuestionId, utterance: string, context: UnderstandingContext) => Understanding;
