/**
 * Scoring answer understanding against a labelled set (data/nlu/labelled.tsv, the public dev set):
 * an utterance is correct when the intent matches and the slots are exactly equal (temperature
 * within 0.05). Used by bench/nlu.ts, bench/callbot.ts (nlu_accuracy) and the tests. Also a naive
 * keyword matcher as the baseline the figures are compared with. Pure and browser-safe.
 */
import { GLOBAL_INTENTS, QUESTION_IDS, YES_NO_SLOTS, type GlobalIntent, type QuestionId, type Slots, type Understand, type Understanding, type UnderstandingContext, type YesNo } from './model.ts';

export interface LabelledUtterance {
  question: QuestionId;
  utterance: string;
  expected: Understanding;
  /** 1-based line in the file. */
  line: number;
  /** The `# part N` section the line is in (0 before any). */
  part: number;
}

/**
 * Parses the TSV format of ../shared/data/nlu-dev.tsv: question<TAB>utterance<TAB>expected, where
 * expected is `slot=value` pairs separated by ';' (an `intent=NAME` among them), or '-' / empty for
 * nothing. Lines starting with '#' are comments; "# part N" starts part N. Throws on a malformed line.
 */
export function parseLabelled(text: string): LabelledUtterance[] {
  const items: LabelledUtterance[] = [];
  let part = 0;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (!raw.trim()) return;
    if (raw.startsWith('#')) {
      const section = /^#\s*part\s+(\d+)/i.exec(raw);
      if (section) part = Number(section[1]);
      return;
    }
    const fields = raw.split('\t');
    if (fields.length < 2 || fields.length > 3) throw new Error(`line ${line}: expected question<TAB>utterance<TAB>expected`);
    const [question, utterance, expectedText = ''] = fields as [string, string, string?];
    if (!(QUESTION_IDS as readonly string[]).includes(question)) throw new Error(`line ${line}: unknown question ${question}`);
    items.push({ question: question as QuestionId, utterance, expected: parseExpected(expectedText.trim(), line), line, part });
  });
  return items;
}

function parseExpected(text: string, line: number): Understanding {
  const expected: Understanding = { intent: null, slots: {} };
  if (text === '' || text === '-') return expected;
  for (const pair of text.split(';')) {
    const [key, value] = pair.split('=').map((s) => s.trim()) as [string, string | undefined];
    if (value === undefined) throw new Error(`line ${line}: ${pair} is not key=value`);
    if (key === 'intent') {
      if (!(GLOBAL_INTENTS as readonly string[]).includes(value)) throw new Error(`line ${line}: unknown intent ${value}`);
      expected.intent = value as GlobalIntent;
    } else if (key === 'temperature') {
      const celsius = Number(value);
      if (!Number.isFinite(celsius)) throw new Error(`line ${line}: temperature ${value}`);
      expected.slots.temperature = celsius;
    } else if ((YES_NO_SLOTS as readonly string[]).includes(key) && ['yes', 'no', 'unsure'].includes(value)) {
      (expected.slots as Record<string, YesNo>)[key] = value as YesNo;
    } else {
      throw new Error(`line ${line}: unknown slot ${pair}`);
    }
  }
  return expected;
}

/** An understanding in the file's notation, slots in question order (for reports and comparisons). */
export function formatUnderstanding(u: Understanding): string {
  const parts: string[] = [];
  if (u.intent) parts.push(`intent=${u.intent}`);
  const slots = u.slots as Record<string, unknown>;
  for (const key of QUESTION_IDS) if (slots[key] !== undefined) parts.push(`${key}=${slots[key]}`);
  return parts.length ? parts.join(';') : '-';
}

/** Intent equal and slots exactly equal (temperature within 0.05 °C). */
export function sameUnderstanding(actual: Understanding, expected: Understanding): boolean {
  if (actual.intent !== expected.intent) return false;
  const a = actual.slots as Record<string, unknown>;
  const e = expected.slots as Record<string, unknown>;
  const keys = new Set([...Object.keys(a).filter((k) => a[k] !== undefined), ...Object.keys(e).filter((k) => e[k] !== undefined)]);
  for (const key of keys) {
    if (key === 'temperature') {
      if (typeof a[key] !== 'number' || typeof e[key] !== 'number' || Math.abs((a[key] as number) - (e[key] as number)) > 0.05) return false;
    } else if (a[key] !== e[key]) {
      return false;
    }
  }
  return true;
}

export interface Failure { line: number; question: QuestionId; utterance: string; expected: string; actual: string }

export interface Score {
  utterances: number;
  correct: number;
  accuracy: number;
  perQuestion: Partial<Record<QuestionId, { n: number; correct: number; accuracy: number }>>;
  failures: Failure[];
}

const round4 = (x: number) => Math.round(x * 10000) / 10000;

/** Scores `understand` over labelled utterances. */
export function scoreUnderstanding(understand: Understand, items: readonly LabelledUtterance[], context: UnderstandingContext): Score {
  const perQuestion: Score['perQuestion'] = {};
  const failures: Failure[] = [];
  let correct = 0;
  for (const item of items) {
    const actual = understand(item.question, item.utterance, context);
    const ok = sameUnderstanding(actual, item.expected);
    const bucket = (perQuestion[item.question] ??= { n: 0, correct: 0, accuracy: 0 });
    bucket.n++;
    if (ok) { correct++; bucket.correct++; } else {
      failures.push({ line: item.line, question: item.question, utterance: item.utterance, expected: formatUnderstanding(item.expected), actual: formatUnderstanding(actual) });
    }
  }
  for (const bucket of Object.values(perQuestion)) bucket!.accuracy = round4(bucket!.correct / bucket!.n);
  return { utterances: items.length, correct, accuracy: items.length ? round4(correct / items.length) : 0, perQuestion, failures };
}

/**
 * The default risk areas of the labelled sets: 湖北省 (420000), the setting of early 2020 the public
 * dev set is written for ("去过荆州" = risk travel). `fangyi nlu` and the bench use the same default.
 */
export const DEFAULT_RISK_REGION_CODES: readonly string[] = ['420000'];

/**
 * The baseline: a naive keyword matcher — the first Arabic number for the temperature, otherwise
 * 没/不 → no, 有/是/嗯/对 → yes for the asked slot; no intents, no other slots.
 */
export const baselineUnderstand: Understand = (question, utterance) => {
  const slots: Slots = {};
  if (question === 'temperature') {
    const number = /\d+(?:\.\d+)?/.exec(utterance);
    if (number) slots.temperature = Number(number[0]);
    return { intent: null, slots };
  }
  const slot = question;
  if (/没|不/.test(utterance)) slots[slot] = 'no';
  else if (/有|是|嗯|对/.test(utterance)) slots[slot] = 'yes';
  return { intent: null, slots };
};
