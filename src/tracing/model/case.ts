/**
 * Cases (病例), pure: classifications, sources, what a registration must hold, which changes of
 * classification are allowed, and when a change means tracing must run.
 */
import { shanghaiDay } from '../../kernel/time.ts';
import type { TracingErrorCode } from '../errors.ts';

export const CLASSIFICATIONS = ['suspected', 'confirmed', 'asymptomatic', 'excluded', 'recovered', 'died'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];
export const CASE_SOURCES = ['fever_clinic', 'lab', 'screening_call', 'self_report', 'other_region'] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];

/** Cases whose contacts are traced and count for the health code: infected, now or before. */
export const INFECTED: readonly Classification[] = ['confirmed', 'asymptomatic', 'recovered', 'died'];
/** A new registration is refused while the person has a case in one of these. */
export const OPEN: readonly Classification[] = ['suspected', 'confirmed', 'asymptomatic'];
export const MAX_NOTES_LENGTH = 500;

export const CLASSIFICATION_NAMES: Record<Classification, { zh: string; en: string }> = {
  suspected: { zh: '疑似病例', en: 'Suspected' },
  confirmed: { zh: '确诊病例', en: 'Confirmed' },
  asymptomatic: { zh: '无症状感染者', en: 'Asymptomatic' },
  excluded: { zh: '已排除', en: 'Excluded' },
  recovered: { zh: '治愈', en: 'Recovered' },
  died: { zh: '死亡', en: 'Died' },
};
export const SOURCE_NAMES: Record<CaseSource, { zh: string; en: string }> = {
  fever_clinic: { zh: '发热门诊', en: 'Fever clinic' },
  lab: { zh: '实验室检测', en: 'Laboratory' },
  screening_call: { zh: '智能外呼筛查', en: 'Screening call' },
  self_report: { zh: '主动报告', en: 'Self-report' },
  other_region: { zh: '外地推送', en: 'Another region' },
};

export function isInfected(c: Classification): boolean {
  return INFECTED.includes(c);
}

export interface CaseFields {
  classification: Classification;
  onsetOn: string | null;
  onsetApproximate: boolean;
  testedPositiveOn: string | null;
  reportedOn: string;
  isolatedAt: Date | null;
  source: CaseSource;
  issuingRegionCode: string | null;
  notes: string | null;
}

export type CaseCheck = { ok: true } | { ok: false; code: TracingErrorCode; field: string };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (d: string): boolean => DAY.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);

/** Dates are days not after today, the onset and the test not after the report; the source matches its region. */
export function checkCaseFields(f: CaseFields, today: string): CaseCheck {
  if (!CLASSIFICATIONS.includes(f.classification)) return { ok: false, code: 'TRACING_CLASSIFICATION_INVALID', field: 'classification' };
  for (const field of ['onsetOn', 'testedPositiveOn', 'reportedOn'] as const) {
    const day = f[field];
    if (day !== null && (!isDay(day) || day > today)) return { ok: false, code: 'TRACING_DATE_INVALID', field };
  }
  if (f.onsetOn && f.onsetOn > f.reportedOn) return { ok: false, code: 'TRACING_DATE_INVALID', field: 'onsetOn' };
  if (f.testedPositiveOn && f.testedPositiveOn > f.reportedOn) return { ok: false, code: 'TRACING_DATE_INVALID', field: 'testedPositiveOn' };
  if (!CASE_SOURCES.includes(f.source) || (f.source === 'other_region') !== (f.issuingRegionCode !== null)) return { ok: false, code: 'TRACING_SOURCE_INVALID', field: 'source' };
  if (f.notes !== null && [...f.notes].length > MAX_NOTES_LENGTH) return { ok: false, code: 'TRACING_NOTES_TOO_LONG', field: 'notes' };
  return { ok: true };
}

/** The isolation ends the infectious window: not in the future, and not before both its start and the report. */
export function isolationProblem(f: Pick<CaseFields, 'isolatedAt' | 'onsetOn' | 'testedPositiveOn' | 'reportedOn'>, now: Date): boolean {
  if (!f.isolatedAt) return false;
  const anchor = f.onsetOn ?? f.testedPositiveOn ?? f.reportedOn;
  const day = shanghaiDay(f.isolatedAt);
  return f.isolatedAt.getTime() > now.getTime() || (day < anchor && day < f.reportedOn);
}

/** A case who died keeps that classification; any other change is allowed (an excluded suspect may be confirmed later). */
export function checkReclassification(from: Classification, to: Classification): CaseCheck {
  if (!CLASSIFICATIONS.includes(to)) return { ok: false, code: 'TRACING_CLASSIFICATION_INVALID', field: 'classification' };
  if (from === to) return { ok: false, code: 'TRACING_CLASSIFICATION_UNCHANGED', field: 'classification' };
  if (from === 'died') return { ok: false, code: 'TRACING_CLASSIFICATION_FINAL', field: 'classification' };
  return { ok: true };
}

/**
 * Whether contacts must be (re)traced: the case became infected (confirmed or asymptomatic from
 * anything not infected), or its window moved while it is infected. Excluding a traced case
 * withdraws its links instead (they stop counting: see ../facts.ts).
 */
export function needsTracing(before: Classification | null, after: Classification, windowChanged: boolean): boolean {
  if (!isInfected(after)) return false;
  return before === null || !isInfected(before) || windowChanged;
}
