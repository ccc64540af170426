/**
 * Monitoring plans (监测计划) and follow-ups (随访), pure: how long a plan runs, what a follow-up must
 * hold, when a plan completes, and the flags the lists show. No I/O. Decision 0009 explains the
 * completion rule.
 */
import { SYMPTOMS, type Symptom } from '../codes/declarations/code-lists.ts';
import { DAY_MS } from '../kernel/time.ts';
import type { MonitoringErrorCode } from './errors.ts';

export { SYMPTOMS, type Symptom };

/** Why a plan watches a person: a return from a risk area (出行申报), or a close contact found by tracing (流调). */
export const PLAN_REASONS = ['travel_return', 'close_contact'] as const;
export type PlanReason = (typeof PLAN_REASONS)[number];
export const PLAN_STATUSES = ['active', 'completed', 'ended'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
/** List filters: a past day without a reached follow-up, fever or symptoms at the last reached one, past the end day and not completed, nobody assigned. */
export const PLAN_FLAGS = ['missed', 'symptomatic', 'overdue', 'unassigned'] as const;
export type PlanFlag = (typeof PLAN_FLAGS)[number];

/** 居家观察14天 (2020 practice); a city may set 7–28 days (tenant setting `monitoringPlanDays`). */
export const DEFAULT_PLAN_DAYS = 14;
export const MIN_PLAN_DAYS = 7;
export const MAX_PLAN_DAYS = 28;
export const PLAN_DAYS_SETTING = 'monitoringPlanDays';

/** The same range as daily check-ins (src/orgs/daily/model.ts). */
export const MIN_TEMPERATURE = 35.0;
export const MAX_TEMPERATURE = 42.0;
/** 37.3 °C and above is fever (发热), as for the health code. */
export const FEVER_CELSIUS = 37.3;
export const MAX_NOTE_LENGTH = 200;

export function isValidPlanDays(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= MIN_PLAN_DAYS && value <= MAX_PLAN_DAYS;
}

/** The city's setting when it is a valid number of days, else the default. */
export function planDaysFrom(setting: unknown): number {
  return isValidPlanDays(setting) ? setting : DEFAULT_PLAN_DAYS;
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

export interface PlanWindow {
  startOn: string;
  /** The last day of the plan (inclusive): `days` days after the start day, as 居家观察14天 counts from the return day. */
  endOn: string;
  /** The first day a follow-up is expected: the start day, or today for a plan starting in the past. */
  followUpFrom: string;
}

/** The plan's days; undefined when they are all over already (nothing left to watch). */
export function planWindow(startOn: string, days: number, today: string): PlanWindow | undefined {
  const endOn = addDays(startOn, days);
  if (endOn < today) return undefined;
  return { startOn, endOn, followUpFrom: startOn > today ? startOn : today };
}

export interface FollowUpInput {
  reached: boolean;
  temperature?: number | null;
  symptoms?: readonly string[] | null;
  note?: string | null;
}

export interface FollowUpAnswers {
  reached: boolean;
  temperature: number | null;
  symptoms: Symptom[];
  note: string | null;
}

export type Check<T> = { ok: true; value: T } | { ok: false; code: MonitoringErrorCode; field: string };

/** One decimal, 35.0–42.0. */
export function isValidTemperature(value: number): boolean {
  if (!Number.isFinite(value) || value < MIN_TEMPERATURE || value > MAX_TEMPERATURE) return false;
  return Math.abs(Math.round(value * 10) - value * 10) < 1e-6;
}

/**
 * A follow-up: reached → temperature and symptoms (the declaration's codes, `none` exclusive);
 * not reached → neither. The note is optional, at most 200 characters.
 */
export function checkFollowUp(input: FollowUpInput): Check<FollowUpAnswers> {
  const note = input.note?.trim() ? input.note.trim() : null;
  if (note !== null && Array.from(note).length > MAX_NOTE_LENGTH) return { ok: false, code: 'MONITORING_NOTE_TOO_LONG', field: 'note' };
  const hasTemperature = input.temperature !== undefined && input.temperature !== null;
  const symptoms = [...new Set(input.symptoms ?? [])];
  if (!input.reached) {
    if (hasTemperature) return { ok: false, code: 'MONITORING_UNREACHED_WITH_ANSWERS', field: 'temperature' };
    if (symptoms.length > 0) return { ok: false, code: 'MONITORING_UNREACHED_WITH_ANSWERS', field: 'symptoms' };
    return { ok: true, value: { reached: false, temperature: null, symptoms: [], note } };
  }
  if (!hasTemperature) return { ok: false, code: 'MONITORING_ANSWERS_REQUIRED', field: 'temperature' };
  if (symptoms.length === 0) return { ok: false, code: 'MONITORING_ANSWERS_REQUIRED', field: 'symptoms' };
  if (!isValidTemperature(input.temperature!)) return { ok: false, code: 'MONITORING_TEMPERATURE_INVALID', field: 'temperature' };
  if (symptoms.some((s) => !(SYMPTOMS as readonly string[]).includes(s)) || (symptoms.includes('none') && symptoms.length > 1)) {
    return { ok: false, code: 'MONITORING_SYMPTOMS_INVALID', field: 'symptoms' };
  }
  return { ok: true, value: { reached: true, temperature: Math.round(input.temperature! * 10) / 10, symptoms: symptoms as Symptom[], note } };
}

export function isFever(temperature: number | null): boolean {
  return temperature !== null && temperature >= FEVER_CELSIUS;
}

export function hasSymptoms(symptoms: readonly string[]): boolean {
  return symptoms.some((s) => s !== 'none');
}

/** A reached follow-up with a normal temperature and no symptom. */
export function isClean(followUp: { reached: boolean; temperature: number | null; symptoms: readonly string[] }): boolean {
  return followUp.reached && !isFever(followUp.temperature) && !hasSymptoms(followUp.symptoms) && followUp.symptoms.length > 0;
}

/**
 * Decision 0009: an active plan completes once its end day is over (today is after it) and the
 * latest follow-up that reached the person, recorded on the end day or later, is clean. Missed
 * days do not hold it back (they are the worker's flag, not the resident's fault); fever or
 * symptoms at that follow-up do, until a later clean one or an official's decision.
 */
export function completes(
  plan: { status: PlanStatus; endOn: string },
  latestReached: { day: string; reached: boolean; temperature: number | null; symptoms: readonly string[] } | null,
  today: string,
): boolean {
  return plan.status === 'active' && today > plan.endOn && latestReached !== null && latestReached.day >= plan.endOn && isClean(latestReached);
}

export interface PlanFlags {
  /** Past days of the plan (from the first follow-up day to the end day, before today) without a reached follow-up. */
  missedDays: number;
  /** At the latest reached follow-up. */
  fever: boolean;
  symptoms: boolean;
  /** Active, its end day over, not completed (no clean follow-up since the end day). */
  overdue: boolean;
  unassigned: boolean;
}

export function flagsOf(
  plan: { status: PlanStatus; endOn: string; assignedAccountId: string | null; dueDays: number; reachedDays: number },
  lastReached: { temperature: number | null; symptoms: readonly string[] } | null,
  today: string,
): PlanFlags {
  return {
    missedDays: Math.max(0, plan.dueDays - plan.reachedDays),
    fever: lastReached !== null && isFever(lastReached.temperature),
    symptoms: lastReached !== null && hasSymptoms(lastReached.symptoms),
    overdue: plan.status === 'active' && today > plan.endOn,
    unassigned: plan.status === 'active' && plan.assignedAccountId === null,
  };
}

/** Round-robin (轮流分配): the worker after the last one given a plan here, in a stable order; the first after the end. */
export function nextAssignee(workerIds: readonly string[], lastAccountId: string | null): string | null {
  if (workerIds.length === 0) return null;
  const sorted = [...workerIds].sort();
  if (lastAccountId === null) return sorted[0]!;
  return sorted.find((id) => id > lastAccountId) ?? sorted[0]!;
}

/**
 * The next `count` turns at once, as `count` successive nextAssignee calls would give them (each
 * after the one before): from the worker after `lastAccountId` — which may have left — round the
 * stable order, wrapping as often as needed. All null when there is no worker.
 */
export function nextAssignees(workerIds: readonly string[], lastAccountId: string | null, count: number): (string | null)[] {
  if (workerIds.length === 0) return Array.from({ length: count }, () => null);
  const sorted = [...new Set(workerIds)].sort();
  const after = lastAccountId === null ? -1 : sorted.findIndex((id) => id > lastAccountId);
  const first = after === -1 ? 0 : after;
  return Array.from({ length: count }, (_, i) => sorted[(first + i) % sorted.length]!);
}

export interface PlanCursor { startOn: string; id: string }

export function encodeCursor(cursor: PlanCursor): string {
  return Buffer.from(`${cursor.startOn}|${cursor.id}`).toString('base64url');
}

export function decodeCursor(raw: string): PlanCursor | undefined {
  const [startOn, id] = Buffer.from(raw, 'base64url').toString('utf8').split('|');
  if (!startOn || !id || !/^\d{4}-\d{2}-\d{2}$/.test(startOn) || !/^[0-9a-f-]{36}$/.test(id)) return undefined;
  return { startOn, id };
}
