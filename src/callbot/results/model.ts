/**
 * Results of the screening robot (外呼结果): the campaign report's shape (外呼报告), what a final
 * call result leaves behind (a task 随访任务: 随访核实 for an abnormal callee, 上门核查 for one not
 * reached; a health-code fact for a matched person) and the task list's cursor. Pure: no I/O.
 */
import { DIAL_OUTCOMES, type DialOutcome } from '../channels/channel.ts';
import { ABNORMAL_REASONS, CALL_RESULTS, type AbnormalReason, type CallResult } from '../dialogue/model.ts';

export const TASK_STATUSES = ['open', 'done'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
/** follow_up (随访核实): an abnormal callee, checked by phone or at home; home_visit (上门核查): a callee never reached, visited. */
export const TASK_KINDS = ['follow_up', 'home_visit'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/** The task a final result opens: abnormal → follow_up, not reached → home_visit, anything else none. */
export function taskKindOf(result: CallResult): TaskKind | null {
  if (result === 'abnormal') return 'follow_up';
  if (result === 'not_reached') return 'home_visit';
  return null;
}

/** Lists in the report are capped (the whole list is in the Excel export and the callee list). */
export const REPORT_LIST_LIMIT = 200;

export interface Funnel {
  /** Callees of the campaign (cancelled ones included: they were meant to be called). */
  total: number;
  /** Dialled at least once. */
  dialled: number;
  /** Answered at least once. */
  connected: number;
  /** Ended with a dialogue's result: normal, abnormal, needs checking or refused. */
  completed: number;
}

export type ResultCounts = Record<CallResult, number>;
export type OutcomeCounts = Record<DialOutcome, number>;
export type SymptomCounts = Record<AbnormalReason, number>;

export interface CommunityRow {
  regionCode: string;
  regionName: string;
  total: number;
  completed: number;
  abnormal: number;
  notReached: number;
}

export interface AbnormalPerson {
  calleeId: string;
  maskedName: string;
  maskedPhone: string;
  regionCode: string;
  reasons: AbnormalReason[];
  temperature: number | null;
  /** The follow-up task (随访核实) the result opened, if there is one. */
  taskId: string | null;
}

export interface NotReachedPerson {
  calleeId: string;
  maskedName: string;
  maskedPhone: string;
  regionCode: string;
  attempts: number;
  lastOutcome: DialOutcome | null;
  /** The home-visit task (上门核查) the result opened, if there is one. */
  taskId: string | null;
}

export interface CampaignReport {
  campaignId: string;
  name: string;
  regionCode: string;
  status: string;
  funnel: Funnel;
  results: ResultCounts;
  /** Dial attempts by outcome (a callee dialled three times counts three times). */
  outcomes: OutcomeCounts;
  /** Abnormal callees by reason (one callee may count under several). */
  symptoms: SymptomCounts;
  communities: CommunityRow[];
  abnormal: { total: number; items: AbnormalPerson[] };
  notReached: { total: number; items: NotReachedPerson[] };
}

/** The aggregate row the store counts in one pass over the campaign's callees. */
export interface CalleeAggregate {
  total: number;
  dialled: number;
  connected: number;
  results: Partial<Record<CallResult, number>>;
  symptoms: Partial<Record<AbnormalReason, number>>;
}

const zeros = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** Completed = a dialogue ended with a result (not `not_reached`). */
export function completedOf(results: Partial<Record<CallResult, number>>): number {
  return (results.normal ?? 0) + (results.abnormal ?? 0) + (results.needs_checking ?? 0) + (results.refused ?? 0);
}

/** The report's counts from the store's aggregates: every key present (zeros), the funnel consistent. */
export function reportCounts(aggregate: CalleeAggregate, outcomes: Partial<Record<string, number>>): Pick<CampaignReport, 'funnel' | 'results' | 'outcomes' | 'symptoms'> {
  const results = { ...zeros(CALL_RESULTS), ...pick(aggregate.results, CALL_RESULTS) };
  return {
    funnel: { total: aggregate.total, dialled: aggregate.dialled, connected: aggregate.connected, completed: completedOf(results) },
    results,
    outcomes: { ...zeros(DIAL_OUTCOMES), ...pick(outcomes, DIAL_OUTCOMES) },
    symptoms: { ...zeros(ABNORMAL_REASONS), ...pick(aggregate.symptoms, ABNORMAL_REASONS) },
  };
}

function pick<K extends string>(counts: Partial<Record<string, number>>, keys: readonly K[]): Partial<Record<K, number>> {
  const out: Partial<Record<K, number>> = {};
  for (const k of keys) if (counts[k] !== undefined) out[k] = Number(counts[k]);
  return out;
}

/** Abnormal reasons as the callee row keeps them, in the catalogue's order; unknown words dropped. */
export function abnormalReasonsOf(reasons: readonly string[]): AbnormalReason[] {
  return ABNORMAL_REASONS.filter((r) => reasons.includes(r));
}

/** A temperature worth keeping: a finite number of one decimal within what a thermometer shows; else null. */
export function keptTemperature(value: unknown): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 30 || value > 45) return null;
  return Math.round(value * 10) / 10;
}

export interface ScreeningFactRow {
  answeredAt: Date;
  abnormal: boolean;
  reasons: AbnormalReason[];
  temperature: number | null;
}

/**
 * The health-code fact a final result gives a matched person: normal and abnormal results are facts
 * (an abnormal call is yellow, a later normal call releases it); needs checking, refused and not
 * reached say nothing either way and give none.
 */
export function screeningFactOf(result: CallResult, reasons: readonly string[], temperature: unknown, answeredAt: Date): ScreeningFactRow | null {
  if (result !== 'normal' && result !== 'abnormal') return null;
  const abnormal = result === 'abnormal';
  return { answeredAt, abnormal, reasons: abnormal ? abnormalReasonsOf(reasons) : [], temperature: keptTemperature(temperature) };
}

/** Chinese words of the reasons, for sheets and lists. */
export const REASON_ZH: Record<AbnormalReason, string> = {
  fever: '发热', cough: '咳嗽', diarrhea: '腹泻', fatigue: '乏力', breathing: '呼吸困难', travel: '到访风险地区', contact: '接触史',
};
export const RESULT_ZH: Record<CallResult, string> = {
  normal: '正常', abnormal: '异常', needs_checking: '需核实', not_reached: '未接通', refused: '拒访/打错',
};
export const OUTCOME_ZH: Record<DialOutcome, string> = {
  connected: '接通', busy: '忙线', no_answer: '无人接听', rejected: '拒接', powered_off: '关机', suspended: '停机', empty_number: '空号',
  unreachable: '无法接通', unknown: '未知',
};

// ---- follow-up tasks ----

export const TASK_NOTE_MAX = 500;

/** A note closing a task: trimmed, at most TASK_NOTE_MAX characters; empty → null. Undefined when too long. */
export function taskNote(raw: string | null | undefined): string | null | undefined {
  const note = (raw ?? '').trim();
  if (Array.from(note).length > TASK_NOTE_MAX) return undefined;
  return note === '' ? null : note;
}
