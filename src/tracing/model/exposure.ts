/**
 * Venue exposures (场所暴露), pure: what a marked window must satisfy, and the notice the persons
 * who were there receive — the kind of place and the time only, never the venue's name or who
 * the case was (the same rule as a resident's own exposures, ../views.ts myExposures).
 */
import { DAY_MS } from '../../kernel/time.ts';
import type { TracingErrorCode } from '../errors.ts';

/** The longest window an official may mark: beyond two incubation weeks a notice helps nobody. */
export const EXPOSURE_MAX_MS = 14 * DAY_MS;
export const EXPOSURE_NOTE_MAX = 200;

export interface ExposureInput {
  from: Date;
  to: Date;
  note: string | null;
}

export type ExposureCheck = { ok: true } | { ok: false; code: TracingErrorCode; field: 'from' | 'to' | 'note' };

/** A note as stored: trimmed, and null when empty. */
export function normaliseNote(note: string | null | undefined): string | null {
  const trimmed = note?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

/** from < to, not ending after now, at most 14 days, a note of at most 200 characters (as the table counts them). */
export function checkExposure(input: ExposureInput, now: Date): ExposureCheck {
  const from = input.from.getTime();
  const to = input.to.getTime();
  if (Number.isNaN(from)) return { ok: false, code: 'TRACING_EXPOSURE_WINDOW_ORDER', field: 'from' };
  if (Number.isNaN(to) || from >= to) return { ok: false, code: 'TRACING_EXPOSURE_WINDOW_ORDER', field: 'to' };
  if (to > now.getTime()) return { ok: false, code: 'TRACING_EXPOSURE_WINDOW_FUTURE', field: 'to' };
  if (to - from > EXPOSURE_MAX_MS) return { ok: false, code: 'TRACING_EXPOSURE_WINDOW_TOO_LONG', field: 'from' };
  if (input.note !== null && [...input.note].length > EXPOSURE_NOTE_MAX) return { ok: false, code: 'TRACING_EXPOSURE_NOTE_TOO_LONG', field: 'note' };
  return { ok: true };
}

/** A check-in overlaps the window when it began before the window ended and ended after it began (touching ends do not). */
export function overlapsWindow(visit: { checkedInAt: Date; leaveAt: Date }, window: { from: Date; to: Date }): boolean {
  return visit.checkedInAt.getTime() < window.to.getTime() && visit.leaveAt.getTime() > window.from.getTime();
}

const KIND_EN: Record<string, string> = {
  residential: 'a residential compound', shop: 'a shop', restaurant: 'a restaurant', office: 'an office building', factory: 'a factory',
  school: 'a school', hospital: 'a hospital', transport: 'a transport hub', public_place: 'a public place',
};

const shanghai = (at: Date) => new Date(at.getTime() + 8 * 3600_000);
const pad = (n: number) => String(n).padStart(2, '0');
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 2026年3月9日 10:00 (Beijing time). */
export function timeZh(at: Date): string {
  const t = shanghai(at);
  return `${t.getUTCFullYear()}年${t.getUTCMonth() + 1}月${t.getUTCDate()}日 ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
}

/** 9 Mar 2026 10:00 (Beijing time). */
export function timeEn(at: Date): string {
  const t = shanghai(at);
  return `${t.getUTCDate()} ${MONTHS_EN[t.getUTCMonth()]} ${t.getUTCFullYear()} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
}

/** The app's health declaration page: the notice's action (each recipient opens it for themself or the dependant). */
export const EXPOSURE_NOTICE_ACTION = '/m/declare';

/**
 * The notice to the persons who were there, in Chinese then English: when, and what kind of place
 * (`kindZh`: the venue kind's Chinese name); to watch their health and declare.
 */
export function exposureNoticeText(kind: string, kindZh: string, window: { from: Date; to: Date }): { title: string; body: string } {
  const zh = `您于 ${timeZh(window.from)} 至 ${timeZh(window.to)} 期间到访过的一处场所（类型：${kindZh}）已被列为病例暴露场所。`
    + '请密切关注自身健康状况，如出现发热、干咳、乏力、咽痛等症状，请佩戴口罩及时到就近的发热门诊就诊；请尽快进行健康申报，并配合社区做好健康监测。';
  const en = `A place you visited between ${timeEn(window.from)} and ${timeEn(window.to)} (Beijing time), ${KIND_EN[kind] ?? 'a place'}, has been identified as an exposure site. `
    + 'Please watch your health; if you develop fever, dry cough, fatigue or a sore throat, wear a mask and go to the nearest fever clinic. Please submit a health declaration as soon as possible.';
  return { title: '场所暴露提示 / Venue exposure alert', body: `${zh}\n\n${en}` };
}

// ---- keyset cursors (base64url of the parts joined by '|') ----------------------------------------

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (text: string): boolean => UUID.test(text);

export function encodeTimeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
}

/** The (time, id) of a cursor made by encodeTimeCursor; undefined when it is not one. */
export function decodeTimeCursor(raw: string): { at: Date; id: string } | undefined {
  const parts = Buffer.from(raw, 'base64url').toString('utf8').split('|');
  if (parts.length !== 2 || !UUID.test(parts[1]!)) return undefined;
  const at = new Date(parts[0]!);
  return Number.isNaN(at.getTime()) ? undefined : { at, id: parts[1]! };
}
