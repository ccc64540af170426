/**
 * Keypad answers (按键应答): on a phone line every question can be answered with the keys, so a
 * caller who can't or won't speak is still understood. Yes/no questions: 1 = yes, 2 = no;
 * temperature: the digits then #, e.g. 365# (= 36.5 °C, read by the same understanding as a spoken
 * "三六五"); * asks for the question again; 0 asks for a person. The prompts that tell the caller
 * so are here too, so the keys said and the keys understood cannot drift apart.
 */
import type { QuestionId, Understand, Understanding, UnderstandingContext, YesNoSlot } from './model.ts';

export const KEYPAD_YES = '1';
export const KEYPAD_NO = '2';
export const KEYPAD_REPEAT = '*';
export const KEYPAD_HUMAN = '0';
/** Ends a multi-digit answer (the temperature). */
export const KEYPAD_END = '#';

/** What each question tells the caller to press, said after the question on a phone line. */
export const KEYPAD_INSTRUCTIONS: Readonly<Record<QuestionId, string>> = {
  identity: '是请按1，不是请按2。',
  in_town: '已经回来请按1，还没回来请按2。',
  temperature: '请用电话按键输入体温，如365，以井号键结束。',
  fever: '有请按1，没有请按2。',
  cough: '有请按1，没有请按2。',
  diarrhea: '有请按1，没有请按2。',
  fatigue: '有请按1，没有请按2。',
  breathing: '有请按1，没有请按2。',
  travel: '去过请按1，没去过请按2。',
  contact: '有请按1，没有请按2。',
};

/**
 * The first complete answer in keys typed so far (typed ahead of the prompts, too): one key for a
 * yes/no question, the digits up to # for a temperature; * (repeat) and 0 (a person) alone are
 * answers anywhere. Null while the answer is still being typed.
 */
export function takeKeypadAnswer(question: QuestionId, keys: string): { answer: string; rest: string } | null {
  if (keys.length === 0) return null;
  const cut = (n: number) => ({ answer: keys.slice(0, n), rest: keys.slice(n) });
  if (keys[0] === KEYPAD_REPEAT) return cut(1);
  if (question !== 'temperature') return cut(1);
  if (keys[0] === KEYPAD_HUMAN) return cut(keys[1] === KEYPAD_END ? 2 : 1);
  const end = keys.search(/[#*]/);
  return end < 0 ? null : cut(end + 1);
}

/** Understands keys pressed after a question; digits of a temperature go through `understand`. */
export function understandKeypad(question: QuestionId, keys: string, understand: Understand, context: UnderstandingContext): Understanding {
  const pressed = keys.replace(/[^0-9*#A-D]/g, '');
  const none: Understanding = { intent: null, slots: {} };
  if (pressed.startsWith(KEYPAD_REPEAT)) return { intent: 'repeat', slots: {} };
  if (pressed === KEYPAD_HUMAN || pressed === KEYPAD_HUMAN + KEYPAD_END) return { intent: 'human', slots: {} };
  const digits = pressed.replace(/#+$/, '');
  if (question === 'temperature') return /^\d{2,4}$/.test(digits) ? understand('temperature', digits, context) : none;
  const slot: YesNoSlot = question;
  if (digits === KEYPAD_YES) return { intent: null, slots: { [slot]: 'yes' } };
  if (digits === KEYPAD_NO) return { intent: null, slots: { [slot]: 'no' } };
  return none;
}
