/**
 * Daily health check-ins (健康打卡), pure: what a member submits, the checks it must pass, when it
 * is abnormal, and the shapes of the statistics. No I/O.
 */
import { SYMPTOMS, type Symptom } from '../../codes/declarations/code-lists.ts';
import type { DailyErrorCode } from './errors.ts';

export { SYMPTOMS, type Symptom };

export const MIN_DAILY_TEMPERATURE = 35.0;
export const MAX_DAILY_TEMPERATURE = 42.0;
/** 37.3 °C and above is fever (发热), as for the health code. */
export const FEVER_CELSIUS = 37.3;
export const LOCATIONS = ['home', 'work'] as const;
export type DailyLocation = (typeof LOCATIONS)[number];
export const ABNORMAL_REASONS = ['fever', 'symptoms', 'risk_area'] as const;
export type AbnormalReason = (typeof ABNORMAL_REASONS)[number];
export const DEFAULT_REMIND_AT = '10:00';
/** How many days the console's trend shows. */
export const TREND_DAYS = 14;

const REGION_CODE = /^[0-9]{6}([0-9]{3})?$/;
const REMIND_AT = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

export interface DailyInput {
  personId: string;
  temperature: number;
  symptoms: readonly string[];
  /** GB/T 2260 code of the city (or a division in it) where the person is today. */
  cityCode: string;
  location: string;
}

export interface DailyAnswers {
  temperature: number;
  symptoms: Symptom[];
  cityCode: string;
  location: DailyLocation;
}

export type DailyCheck = { ok: true; value: DailyAnswers } | { ok: false; code: DailyErrorCode; field: string };

/** One decimal, 35.0–42.0. */
export function isValidDailyTemperature(value: number): boolean {
  if (!Number.isFinite(value) || value < MIN_DAILY_TEMPERATURE || value > MAX_DAILY_TEMPERATURE) return false;
  return Math.abs(Math.round(value * 10) - value * 10) < 1e-6;
}

/** Checks the answers; `none` is exclusive, codes from the declaration's list, each once. */
export function checkDailyAnswers(input: Omit<DailyInput, 'personId'>): DailyCheck {
  if (!isValidDailyTemperature(input.temperature)) return { ok: false, code: 'DAILY_TEMPERATURE_INVALID', field: 'temperature' };
  const symptoms = [...new Set(input.symptoms)];
  if (symptoms.length === 0 || symptoms.some((s) => !(SYMPTOMS as readonly string[]).includes(s))) return { ok: false, code: 'DAILY_SYMPTOMS_INVALID', field: 'symptoms' };
  if (symptoms.includes('none') && symptoms.length > 1) return { ok: false, code: 'DAILY_SYMPTOMS_INVALID', field: 'symptoms' };
  if (!REGION_CODE.test(input.cityCode)) return { ok: false, code: 'DAILY_CITY_INVALID', field: 'cityCode' };
  if (!(LOCATIONS as readonly string[]).includes(input.location)) return { ok: false, code: 'DAILY_LOCATION_INVALID', field: 'location' };
  return { ok: true, value: { temperature: Math.round(input.temperature * 10) / 10, symptoms: symptoms as Symptom[], cityCode: input.cityCode, location: input.location as DailyLocation } };
}

/** Why a check-in is abnormal (empty = normal): fever ≥ 37.3 °C, any symptom, or today's city in a current risk area. */
export function abnormalReasons(answers: Pick<DailyAnswers, 'temperature' | 'symptoms'>, cityInRiskArea: boolean): AbnormalReason[] {
  const reasons: AbnormalReason[] = [];
  if (answers.temperature >= FEVER_CELSIUS) reasons.push('fever');
  if (answers.symptoms.some((s) => s !== 'none')) reasons.push('symptoms');
  if (cityInRiskArea) reasons.push('risk_area');
  return reasons;
}

export function isValidRemindAt(value: string): boolean {
  return REMIND_AT.test(value);
}

/** Whether a reminder set for `remindAt` (HH:MM) is due at this Shanghai time of day (HH:MM). */
export function reminderDue(remindAt: string, shanghaiTimeOfDay: string): boolean {
  return shanghaiTimeOfDay >= remindAt.slice(0, 5);
}

/** HH:MM of an instant in Asia/Shanghai. */
export function shanghaiTimeOfDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(11, 16);
}

/** The `count` Shanghai days ending with `lastDay`, oldest first. */
export function daysEndingWith(lastDay: string, count: number): string[] {
  const end = Date.parse(`${lastDay}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => new Date(end - (count - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}

/** A person's facts for the rules engine: per day, normal only when every check-in of that day (as corrected) was normal. */
export function dailyFacts(rows: readonly { day: string; abnormal: boolean }[]): { day: string; normal: boolean }[] {
  const byDay = new Map<string, boolean>();
  for (const r of rows) byDay.set(r.day, (byDay.get(r.day) ?? true) && !r.abnormal);
  return [...byDay.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, normal]) => ({ day, normal }));
}

export interface DailyCounts {
  members: number;
  submitted: number;
  missing: number;
  abnormal: number;
}

export interface UnitCounts extends DailyCounts {
  unitId: string | null;
  name: string;
  /** Counts of the unit and every unit below it. */
  path: string;
}

/** Adds a unit's own counts to itself and every ancestor (units' counts include units below). */
export function rollUpUnits(
  units: readonly { id: string; parentId: string | null; name: string }[],
  own: ReadonlyMap<string | null, { members: number; submitted: number; abnormal: number }>,
): UnitCounts[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const totals = new Map<string, { members: number; submitted: number; abnormal: number }>(units.map((u) => [u.id, { members: 0, submitted: 0, abnormal: 0 }]));
  for (const [unitId, c] of own) {
    const seen = new Set<string>();
    let id: string | null = unitId;
    while (id && byId.has(id) && !seen.has(id)) {
      seen.add(id);
      const t = totals.get(id)!;
      t.members += c.members; t.submitted += c.submitted; t.abnormal += c.abnormal;
      id = byId.get(id)!.parentId;
    }
  }
  const pathOf = (id: string): string => {
    const names: string[] = [];
    const seen = new Set<string>();
    let cur: string | null = id;
    while (cur && byId.has(cur) && !seen.has(cur)) { seen.add(cur); names.unshift(byId.get(cur)!.name); cur = byId.get(cur)!.parentId; }
    return names.join(' / ');
  };
  const rows: UnitCounts[] = units.map((u) => {
    const t = totals.get(u.id)!;
    return { unitId: u.id, name: u.name, path: pathOf(u.id), members: t.members, submitted: t.submitted, missing: t.members - t.submitted, abnormal: t.abnormal };
  });
  const none = own.get(null);
  if (none && none.members > 0) rows.push({ unitId: null, name: '', path: '', members: none.members, submitted: none.submitted, missing: none.members - none.submitted, abnormal: none.abnormal });
  return rows.sort((a, b) => (a.unitId === null ? 1 : b.unitId === null ? -1 : a.path.localeCompare(b.path, 'zh-CN')));
}
