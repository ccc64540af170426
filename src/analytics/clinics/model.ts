/**
 * Fever clinics (发热门诊), pure: what a desk registration (就诊登记) must hold, what a result may
 * change, what a visit means for the case registry, and the daily report's shape. No I/O.
 * Temperatures and symptoms reuse the ranges and codes of follow-ups and declarations, so a
 * patient's fever means the same everywhere (≥ 37.3 °C; 35.0–42.0 °C, one decimal).
 */
import { FEVER_CELSIUS, isValidTemperature, MAX_TEMPERATURE, MIN_TEMPERATURE, SYMPTOMS, type Symptom } from '../../monitoring/model.ts';
import type { ClinicErrorCode } from './errors.ts';

export { FEVER_CELSIUS, MAX_TEMPERATURE, MIN_TEMPERATURE, SYMPTOMS, type Symptom };

/** 分诊去向: 留观 observe, 居家 home, 转诊（定点医院）transfer, 收治 admit. */
export const TRIAGES = ['observe', 'home', 'transfer', 'admit'] as const;
export type Triage = (typeof TRIAGES)[number];
/** 检测项目: none, 核酸 nucleic_acid, 抗原 antigen, both. */
export const TESTS = ['none', 'nucleic_acid', 'antigen', 'both'] as const;
export type TestOrdered = (typeof TESTS)[number];
export const RESULTS = ['pending', 'negative', 'positive'] as const;
export type TestResult = (typeof RESULTS)[number];
export const FINAL_RESULTS = ['negative', 'positive'] as const;
export type FinalResult = (typeof FINAL_RESULTS)[number];

export const MAX_EPI_NOTE = 500;

export const TRIAGE_NAMES: Record<Triage, string> = { observe: '留观', home: '居家', transfer: '转诊', admit: '收治' };
export const TEST_NAMES: Record<TestOrdered, string> = { none: '未检测', nucleic_acid: '核酸', antigen: '抗原', both: '核酸+抗原' };

export interface EpiHistory {
  /** 旅居史: stayed in or passed through a risk area in the last 14 days. */
  travel: boolean;
  /** 接触史: contact with a case or a suspected case. */
  contact: boolean;
  /** 聚集性发病: part of a cluster (two or more ill in a household, class, workplace). */
  cluster: boolean;
  note?: string | null;
}

export interface VisitInput {
  temperature: number;
  symptoms: readonly string[];
  onsetOn?: string | null;
  epi: EpiHistory;
  triage: string;
  suspected: boolean;
  testOrdered: string;
}

export interface CheckedVisit {
  temperature: number;
  symptoms: Symptom[];
  onsetOn: string | null;
  epi: { travel: boolean; contact: boolean; cluster: boolean; note: string | null };
  triage: Triage;
  suspected: boolean;
  testOrdered: TestOrdered;
  result: TestResult | null;
}

export type Check<T> = { ok: true; value: T } | { ok: false; code: ClinicErrorCode; field: string };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
export const isDay = (d: string): boolean => DAY.test(d) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);

/** A registration on `visitDay`: temperature in range, known symptoms (`none` alone), onset not after the visit, known triage and test. */
export function checkVisit(input: VisitInput, visitDay: string): Check<CheckedVisit> {
  if (typeof input.temperature !== 'number' || !isValidTemperature(input.temperature)) return { ok: false, code: 'CLINIC_TEMPERATURE_INVALID', field: 'temperature' };
  const symptoms = [...new Set(input.symptoms)];
  if (symptoms.length === 0 || symptoms.some((s) => !(SYMPTOMS as readonly string[]).includes(s)) || (symptoms.includes('none') && symptoms.length > 1)) {
    return { ok: false, code: 'CLINIC_SYMPTOMS_INVALID', field: 'symptoms' };
  }
  const onsetOn = input.onsetOn ?? null;
  if (onsetOn !== null && (!isDay(onsetOn) || onsetOn > visitDay)) return { ok: false, code: 'CLINIC_ONSET_INVALID', field: 'onsetOn' };
  if (!(TRIAGES as readonly string[]).includes(input.triage)) return { ok: false, code: 'CLINIC_TRIAGE_INVALID', field: 'triage' };
  if (!(TESTS as readonly string[]).includes(input.testOrdered)) return { ok: false, code: 'CLINIC_TEST_INVALID', field: 'testOrdered' };
  const note = input.epi.note?.trim() ? input.epi.note.trim() : null;
  if (note !== null && Array.from(note).length > MAX_EPI_NOTE) return { ok: false, code: 'CLINIC_EPI_NOTE_TOO_LONG', field: 'epi.note' };
  const testOrdered = input.testOrdered as TestOrdered;
  return {
    ok: true,
    value: {
      temperature: Math.round(input.temperature * 10) / 10, symptoms: symptoms as Symptom[], onsetOn,
      epi: { travel: input.epi.travel, contact: input.epi.contact, cluster: input.epi.cluster, note },
      triage: input.triage as Triage, suspected: input.suspected, testOrdered, result: testOrdered === 'none' ? null : 'pending',
    },
  };
}

/** A result is entered once, for a visit with a test ordered, at a time between the visit and now. */
export function checkResult(visit: { testOrdered: TestOrdered; result: TestResult | null; visitedAt: Date }, result: string, at: Date, now: Date): Check<FinalResult> {
  if (!(FINAL_RESULTS as readonly string[]).includes(result)) return { ok: false, code: 'CLINIC_RESULT_INVALID', field: 'result' };
  if (visit.testOrdered === 'none' || visit.result === null) return { ok: false, code: 'CLINIC_NO_TEST_ORDERED', field: 'result' };
  if (visit.result !== 'pending') return { ok: false, code: 'CLINIC_RESULT_FINAL', field: 'result' };
  if (at.getTime() < visit.visitedAt.getTime() || at.getTime() > now.getTime()) return { ok: false, code: 'CLINIC_RESULT_TIME_INVALID', field: 'resultAt' };
  return { ok: true, value: result as FinalResult };
}

export function isFever(temperature: number): boolean {
  return temperature >= FEVER_CELSIUS;
}

/**
 * What a visit asks of the case registry: a positive result → confirmed (tested positive on the
 * result's day); a visit judged suspected → suspected; anything else → nothing.
 */
export type CaseWish = { classification: 'confirmed'; testedPositiveOn: string } | { classification: 'suspected'; testedPositiveOn: null };

export function caseWish(visit: { suspected: boolean; result: TestResult | null }, resultDay: string | null): CaseWish | undefined {
  if (visit.result === 'positive' && resultDay) return { classification: 'confirmed', testedPositiveOn: resultDay };
  if (visit.suspected) return { classification: 'suspected', testedPositiveOn: null };
  return undefined;
}

/**
 * What to do with the person's open case (if any) for a wish: register a new one; promote a
 * suspected case to confirmed; or join the case as it is (already confirmed or asymptomatic, or
 * a suspected case for a suspected visit) — never a second open case.
 */
export type CasePlan = { action: 'register' } | { action: 'promote'; caseId: string } | { action: 'join'; caseId: string };

export function casePlan(wish: CaseWish, open: { id: string; classification: string } | undefined): CasePlan {
  if (!open) return { action: 'register' };
  if (wish.classification === 'confirmed' && open.classification === 'suspected') return { action: 'promote', caseId: open.id };
  return { action: 'join', caseId: open.id };
}

/** One clinic's (or a region's) day: 就诊人数, 发热, 疑似, 阳性 (results reported that day), 转诊. */
export interface ReportCounts {
  patients: number;
  fever: number;
  suspected: number;
  positive: number;
  transferred: number;
}

export const REPORT_MEASURES = ['patients', 'fever', 'suspected', 'positive', 'transferred'] as const satisfies readonly (keyof ReportCounts)[];

export function sumCounts(rows: readonly ReportCounts[]): ReportCounts {
  const total: ReportCounts = { patients: 0, fever: 0, suspected: 0, positive: 0, transferred: 0 };
  for (const r of rows) for (const m of REPORT_MEASURES) total[m] += r[m];
  return total;
}
