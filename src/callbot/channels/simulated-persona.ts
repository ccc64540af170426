/**
 * Personas of simulated callees (模拟被叫画像): the truth a callee answers with — identity, whereabouts,
 * temperature, symptoms, travel, contact — plus what they do instead (a global intent at a question,
 * silences, a hang-up) and how their phone answers dial attempts. `expectedDialogueEnd` runs the
 * engine with a perfect understanding of the persona, so tests compare a campaign's results with
 * what each persona must give instead of hard-coded numbers. Pure.
 */
import { continueDialogue, currentQuestion, startDialogue } from '../dialogue/engine.ts';
import type { DialogueEnd, HeardInput, Script } from '../dialogue/model.ts';
import { ABNORMAL_REASONS, type AbnormalReason } from '../dialogue/model.ts';
import type { GlobalIntent, QuestionId, Slots, Understand, Understanding, UnderstandingContext } from '../nlu/model.ts';
import type { DialOutcome } from './channel.ts';

export interface Persona {
  /** What the person would answer to each question; a question without a value gets noise. */
  slots: Slots;
  /** Answers this question with a global intent instead. */
  intentAt?: { question: QuestionId; intent: GlobalIntent };
  /** Hangs up when this question is asked. */
  hangUpAt?: QuestionId;
  /** Stays silent this many times before answering a question. */
  silences?: Partial<Record<QuestionId, number>>;
  /** Outcome of each dial attempt in order; the last repeats. Absent: always connected. */
  dial?: DialOutcome[];
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over the parts: one seed per (campaign seed, number, attempt, …). */
export function hashSeed(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const char of parts.join('\u0000')) {
    h ^= char.codePointAt(0) as number;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export const seededRandom = (...parts: (string | number)[]): (() => number) => mulberry32(hashSeed(...parts));

/** Picks a key by weight; weights need not sum to 1. */
export function pickWeighted<K extends string>(random: () => number, weights: Partial<Record<K, number>>): K {
  const entries = Object.entries(weights).filter(([, w]) => (w as number) > 0) as [K, number][];
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let r = random() * total;
  for (const [key, w] of entries) {
    r -= w;
    if (r < 0) return key;
  }
  return (entries[entries.length - 1] as [K, number])[0];
}

/** The understanding a persona's answer to `question` should produce (a perfect NLU). */
export function personaUnderstanding(persona: Persona, question: QuestionId): Understanding {
  if (persona.intentAt?.question === question) return { intent: persona.intentAt.intent, slots: {} };
  if (question === 'temperature') {
    if (persona.slots.temperature !== undefined) return { intent: null, slots: { temperature: persona.slots.temperature } };
    return { intent: null, slots: persona.slots.fever !== undefined ? { fever: persona.slots.fever } : {} };
  }
  const value = persona.slots[question];
  return { intent: null, slots: value !== undefined ? { [question]: value } : {} };
}

/**
 * The end of a connected call with this persona under a perfect understanding: what the engine
 * must produce for a simulated callee playing it with verified utterances.
 */
export function expectedDialogueEnd(script: Script, persona: Persona, variables: Readonly<Record<string, string>>, context: UnderstandingContext = { riskRegionCodes: [] }): DialogueEnd {
  // The "utterance" is the persona's understanding as JSON; the oracle reads it back.
  const oracle: Understand = (_question, text) => JSON.parse(text) as Understanding;
  const silencesLeft: Partial<Record<QuestionId, number>> = { ...persona.silences };
  let step = startDialogue(script, variables, context, oracle);
  while (!step.end) {
    const question = currentQuestion(script, step.state) as QuestionId;
    let heard: HeardInput;
    if (persona.hangUpAt === question) heard = { kind: 'hangup' };
    else if ((silencesLeft[question] ?? 0) > 0) {
      silencesLeft[question] = (silencesLeft[question] ?? 0) - 1;
      heard = { kind: 'silence' };
    } else heard = { kind: 'speech', text: JSON.stringify(personaUnderstanding(persona, question)) };
    step = continueDialogue(script, step.state, heard, context, oracle);
  }
  return step.end;
}

export interface PersonaMix {
  /** Share of people with one abnormal answer (a reason picked at random). */
  abnormal: number;
  /** Share answering one risk question 'unsure'. */
  unsure: number;
  /** Shares ending the call with an intent at a random question. */
  intents: Partial<Record<Exclude<GlobalIntent, 'repeat'>, number>>;
  /** Share hanging up at a random question. */
  hangUp: number;
  /** Share whose phone never answers, with the outcome weights. */
  unreachable: number;
  unreachableOutcomes: Partial<Record<Exclude<DialOutcome, 'connected'>, number>>;
}

export const DEFAULT_PERSONA_MIX: PersonaMix = {
  abnormal: 0.08,
  unsure: 0.03,
  intents: { busy: 0.02, refuse: 0.01, dnc: 0.005, wrong_number: 0.005, human: 0.005 },
  hangUp: 0.02,
  unreachable: 0.12,
  unreachableOutcomes: { no_answer: 4, busy: 2, powered_off: 2, rejected: 1, empty_number: 1, unreachable: 1, suspended: 1 },
};

const SCREENING_QUESTIONS: QuestionId[] = ['temperature', 'fever', 'cough', 'diarrhea', 'fatigue', 'breathing', 'travel', 'contact'];

/**
 * A persona drawn from (seed, phone): the same number always plays the same person. Normal
 * temperatures and fever temperatures come from `temperatures` (e.g. those the labelled set says),
 * so a callee can answer with an utterance that carries exactly its temperature.
 */
export function personaFor(seed: string | number, phone: string, mix: PersonaMix = DEFAULT_PERSONA_MIX, temperatures: readonly number[] = [36.2, 36.5, 36.8, 37.8, 38.2]): Persona {
  const random = seededRandom(seed, 'persona', phone);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const normalTemps = temperatures.filter((t) => t < 37.3);
  const feverTemps = temperatures.filter((t) => t >= 37.3);
  const slots: Slots = { identity: 'yes', in_town: 'yes', temperature: pick(normalTemps.length ? normalTemps : [36.5]) };
  for (const reason of ABNORMAL_REASONS) slots[reason] = 'no';
  const persona: Persona = { slots };
  if (random() < mix.unreachable) persona.dial = [pickWeighted(random, mix.unreachableOutcomes)];
  const roll = random();
  if (roll < mix.abnormal) {
    const reason: AbnormalReason = pick(ABNORMAL_REASONS);
    slots[reason] = 'yes';
    if (reason === 'fever') slots.temperature = pick(feverTemps.length ? feverTemps : [38.2]);
  } else if (roll < mix.abnormal + mix.unsure) {
    slots[pick(ABNORMAL_REASONS.filter((r) => r !== 'fever'))] = 'unsure';
  }
  let acts = random();
  for (const [intent, share] of Object.entries(mix.intents) as [Exclude<GlobalIntent, 'repeat'>, number][]) {
    if (acts < share) {
      persona.intentAt = { question: pick(['identity', ...SCREENING_QUESTIONS] as QuestionId[]), intent };
      return persona;
    }
    acts -= share;
  }
  if (acts < mix.hangUp) persona.hangUpAt = pick(SCREENING_QUESTIONS);
  return persona;
}
