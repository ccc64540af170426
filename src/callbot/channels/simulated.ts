/**
 * Simulated callees (模拟被叫): a CallChannel for tests and benchmarks, through the same interface a
 * telephone line implements. dial() picks an outcome with a PRNG seeded by (seed, number, attempt),
 * so a run is repeatable; an answered session replies to each question with a labelled utterance
 * for the question its prompt asks (the driver's say hint), with silence, noise and hang-ups at
 * configurable rates — or, for a number that has a persona, with exactly the persona's answers
 * (see ./simulated-persona.ts), so a test can predict the result. Replies come at once (the
 * benchmark) or after a delay; a delay longer than the listen timeout is silence.
 */
import type { QuestionId, YesNo } from '../nlu/model.ts';
import type { CallChannel, CallSession, DialOutcome, DialRequest, DialResult, Heard, SayHint } from './channel.ts';
import { personaFor, pickWeighted, seededRandom, type Persona } from './simulated-persona.ts';
import { NOISE_FILLERS, type LabelledUtterance } from './simulated-utterances.ts';

export * from './simulated-persona.ts';

export const DEFAULT_DIAL_OUTCOMES: Partial<Record<DialOutcome, number>> = {
  connected: 80, no_answer: 7, busy: 5, powered_off: 3, rejected: 2, empty_number: 1, unreachable: 1, suspended: 1,
};

export interface SimulatedRates {
  /** Chance per reply of silence, of noise (filler that answers nothing), of hanging up. */
  silence: number;
  noise: number;
  hangUp: number;
}

export const DEFAULT_RATES: SimulatedRates = { silence: 0.03, noise: 0.03, hangUp: 0.005 };

export interface SimulatedChannelOptions {
  seed: string | number;
  utterances: readonly LabelledUtterance[];
  /** Weights of dial outcomes for numbers without a persona dial list. */
  outcomes?: Partial<Record<DialOutcome, number>>;
  /** Rates for numbers without a persona (personas are never random). */
  rates?: SimulatedRates;
  /** The person behind a number, when a test wants to predict the call. */
  persona?: (phone: string) => Persona | undefined;
  /** Reply delay in ms, fixed or a [min, max] range; 0 or absent: at once. */
  answerDelayMs?: number | readonly [number, number];
}

export interface SimulatedChannel extends CallChannel {
  /** Dial attempts so far per number. */
  readonly attempts: ReadonlyMap<string, number>;
}

export function createSimulatedChannel(options: SimulatedChannelOptions): SimulatedChannel {
  const pool = indexUtterances(options.utterances);
  const attempts = new Map<string, number>();
  return {
    name: 'simulated',
    attempts,
    async dial(request: DialRequest): Promise<DialResult> {
      const attempt = attempts.get(request.phone) ?? 0;
      attempts.set(request.phone, attempt + 1);
      const persona = options.persona?.(request.phone);
      const random = seededRandom(options.seed, request.phone, attempt);
      const outcome = persona
        ? (persona.dial ? persona.dial[Math.min(attempt, persona.dial.length - 1)] as DialOutcome : 'connected')
        : pickWeighted(random, options.outcomes ?? DEFAULT_DIAL_OUTCOMES);
      if (outcome !== 'connected') return { outcome };
      return { outcome, session: new SimulatedSession(pool, random, persona, options.rates ?? DEFAULT_RATES, options.answerDelayMs) };
    },
  };
}

/**
 * Simulated callees as an installation runs them (the 模拟外呼 channel of the demo and of load
 * tests): each number plays its persona (mostly well, some abnormal, unsure, busy, refusing,
 * hanging up or never answering: DEFAULT_PERSONA_MIX), answering with utterances of the labelled
 * sets. Without personas every answer would be drawn at random, and half the callees would refuse.
 */
export function createPersonaChannel(seed: string | number, utterances: readonly LabelledUtterance[]): SimulatedChannel {
  return createSimulatedChannel({ seed, utterances, persona: (phone) => personaFor(seed, phone) });
}

interface UtterancePool {
  byQuestion: Map<QuestionId, LabelledUtterance[]>;
  all: LabelledUtterance[];
  noise: string[];
  /** Utterances fitting a persona's answer, by question and the answer's values (filled lazily). */
  fitting: Map<string, LabelledUtterance[]>;
}

function indexUtterances(rows: readonly LabelledUtterance[]): UtterancePool {
  const byQuestion = new Map<QuestionId, LabelledUtterance[]>();
  for (const row of rows) byQuestion.set(row.question, [...(byQuestion.get(row.question) ?? []), row]);
  const noise = rows.filter((r) => !r.expected.intent && Object.keys(r.expected.slots).length === 0).map((r) => r.utterance);
  return { byQuestion, all: [...rows], noise: noise.length > 0 ? noise : [...NOISE_FILLERS], fitting: new Map() };
}

const pickFrom = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

/** Said when the labelled set has no fitting utterance for a persona's answer. */
const FALLBACK_INTENTS: Record<string, string> = {
  busy: '我现在很忙，晚点再打吧', wrong_number: '你打错了', refuse: '我不想回答', dnc: '以后别给我打电话了', human: '我要找人工', repeat: '你再说一遍',
};
function fallbackAnswer(question: QuestionId, value: YesNo | number): string {
  if (typeof value === 'number') return `${value}度`;
  if (value === 'unsure') return '说不好';
  if (question === 'identity' || question === 'in_town') return value === 'yes' ? '是的' : '不是';
  if (question === 'travel' && value === 'yes') return '去过武汉';
  return value === 'yes' ? '有' : '没有';
}

/** A persona's utterance for a question: labelled with exactly the question's own slots, as the persona would answer. */
function fitsPersona(row: LabelledUtterance, persona: Persona, question: QuestionId): boolean {
  const { intent, slots } = row.expected;
  if (intent) return false;
  const keys = Object.keys(slots) as (keyof typeof slots)[];
  const own = question === 'temperature' ? ['temperature', 'fever'] : [question];
  if (keys.length === 0 || keys.some((k) => !own.includes(k))) return false;
  if (question === 'temperature' && persona.slots.temperature !== undefined && slots.temperature === undefined) return false;
  return keys.every((k) => (k === 'temperature'
    ? persona.slots.temperature !== undefined && Math.abs(persona.slots.temperature - (slots.temperature as number)) <= 0.05
    : slots[k] === persona.slots[k]));
}

export class SimulatedSession implements CallSession {
  /** Everything said to this callee, in order (tests read it). */
  readonly said: string[] = [];
  hungUp = false;
  private question: QuestionId | null = null;
  private readonly silencesLeft: Partial<Record<QuestionId, number>>;
  private readonly pool: UtterancePool;
  private readonly random: () => number;
  private readonly persona: Persona | undefined;
  private readonly rates: SimulatedRates;
  private readonly delayMs: number | readonly [number, number] | undefined;

  constructor(pool: UtterancePool, random: () => number, persona: Persona | undefined, rates: SimulatedRates, delayMs?: number | readonly [number, number]) {
    this.pool = pool;
    this.random = random;
    this.persona = persona;
    this.rates = rates;
    this.delayMs = delayMs;
    this.silencesLeft = { ...persona?.silences };
  }

  async say(text: string, hint?: SayHint): Promise<void> {
    this.said.push(text);
    this.question = hint?.question ?? null;
  }

  async listen(timeoutMs: number): Promise<Heard> {
    if (this.hungUp) return { kind: 'hangup' };
    const heard = this.persona ? this.personaReply(this.persona) : this.randomReply();
    if (heard.kind === 'hangup') this.hungUp = true;
    const delay = typeof this.delayMs === 'number' ? this.delayMs : this.delayMs ? this.delayMs[0] + this.random() * (this.delayMs[1] - this.delayMs[0]) : 0;
    if (delay <= 0) return heard;
    await new Promise((resolve) => setTimeout(resolve, Math.min(delay, timeoutMs)));
    return delay >= timeoutMs && heard.kind !== 'hangup' ? { kind: 'silence' } : heard;
  }

  async hangUp(): Promise<void> {
    this.hungUp = true;
  }

  private randomReply(): Heard {
    const roll = this.random();
    if (roll < this.rates.hangUp) return { kind: 'hangup' };
    if (roll < this.rates.hangUp + this.rates.silence) return { kind: 'silence' };
    if (roll < this.rates.hangUp + this.rates.silence + this.rates.noise) return { kind: 'speech', text: pickFrom(this.random, this.pool.noise) };
    const rows = (this.question && this.pool.byQuestion.get(this.question)) || this.pool.all;
    return rows.length > 0 ? { kind: 'speech', text: pickFrom(this.random, rows).utterance } : { kind: 'silence' };
  }

  private personaReply(persona: Persona): Heard {
    const question = this.question;
    if (!question) return { kind: 'speech', text: pickFrom(this.random, this.pool.noise) };
    if (persona.hangUpAt === question) return { kind: 'hangup' };
    const silences = this.silencesLeft[question] ?? 0;
    if (silences > 0) {
      this.silencesLeft[question] = silences - 1;
      return { kind: 'silence' };
    }
    if (persona.intentAt?.question === question) {
      const intent = persona.intentAt.intent;
      const rows = this.pool.all.filter((r) => r.expected.intent === intent && Object.keys(r.expected.slots).length === 0);
      const own = rows.filter((r) => r.question === question);
      const chosen = own.length > 0 ? own : rows;
      return { kind: 'speech', text: chosen.length > 0 ? pickFrom(this.random, chosen).utterance : FALLBACK_INTENTS[intent] as string };
    }
    const value = question === 'temperature' ? persona.slots.temperature ?? persona.slots.fever : persona.slots[question];
    if (value === undefined) return { kind: 'speech', text: pickFrom(this.random, this.pool.noise) };
    const key = question === 'temperature' ? `temperature|${persona.slots.temperature}|${persona.slots.fever}` : `${question}|${value}`;
    let rows = this.pool.fitting.get(key);
    if (!rows) this.pool.fitting.set(key, (rows = (this.pool.byQuestion.get(question) ?? []).filter((r) => fitsPersona(r, persona, question))));
    return { kind: 'speech', text: rows.length > 0 ? pickFrom(this.random, rows).utterance : fallbackAnswer(question, value) };
  }
}
