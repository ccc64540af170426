/**
 * Reading one value of a case row, pure: the same parsers serve an Excel cell (text, a number, an
 * Excel serial date) and a JSON field, so both import paths accept the same spellings. Times
 * without a zone are Beijing wall-clock times (what an official types into a sheet).
 */
import { shanghaiDay } from '../../kernel/time.ts';

/** A cell or a JSON field before it is read: what exceljs or zod hands over. Date = an instant. */
export type RawValue = string | number | boolean | Date | null | undefined;

const BEIJING_OFFSET_MS = 8 * 3_600_000;
/** Excel's day 0 (its serial dates count days from 1899-12-30, with the 1900 leap-year bug folded in). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/** Text of a value, trimmed; undefined when empty. Whole numbers keep every digit (an ID number typed as a number). */
export function textOf(value: RawValue): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(Math.round(value)).toString() : String(value);
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

function realDay(y: number, m: number, d: number): string | undefined {
  const at = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || at.getUTCFullYear() !== y || at.getUTCMonth() !== m - 1 || at.getUTCDate() !== d) return undefined;
  return at.toISOString().slice(0, 10);
}

/** An Excel serial number as the wall-clock time it shows (as if UTC). */
function fromSerial(serial: number): Date | undefined {
  if (!(serial > 0 && serial < 2_958_466)) return undefined;
  return new Date(EXCEL_EPOCH_MS + Math.round(serial * DAY_MS / 60_000) * 60_000);
}

const DATE_TIME = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2})[:：时](\d{1,2})(?:[:：分](\d{1,2})(?:\.\d+)?)?秒?)?$/;
const ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

type WallClock = { day: string; minutes: number | null };

function wallClockOf(value: RawValue): WallClock | 'invalid' | null {
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) return null;
  if (typeof value === 'number') {
    const at = fromSerial(value);
    if (!at) return 'invalid';
    return { day: at.toISOString().slice(0, 10), minutes: at.getUTCHours() * 60 + at.getUTCMinutes() };
  }
  if (typeof value !== 'string') return 'invalid';
  const m = DATE_TIME.exec(value.trim());
  if (!m) return 'invalid';
  const day = realDay(Number(m[1]), Number(m[2]), Number(m[3]));
  if (!day) return 'invalid';
  if (m[4] === undefined) return { day, minutes: null };
  const [h, min, s] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  if (h > 23 || min > 59 || s > 59) return 'invalid';
  return { day, minutes: h * 60 + min };
}

/** A calendar day (YYYY-MM-DD): 2026-03-09, 2026/3/9, 2026年3月9日, an Excel date; a Date is read as its Beijing day. */
export function dayOf(value: RawValue): string | null | 'invalid' {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'invalid' : shanghaiDay(value);
  const wall = wallClockOf(value);
  if (wall === null || wall === 'invalid') return wall;
  return wall.day;
}

/** An instant: an ISO time with its zone, or a Beijing wall-clock time (2026-03-09 14:30; a day alone is its 00:00). */
export function instantOf(value: RawValue): Date | null | 'invalid' {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'invalid' : value;
  if (typeof value === 'string' && ZONED.test(value.trim())) {
    const at = new Date(value.trim());
    return Number.isNaN(at.getTime()) ? 'invalid' : at;
  }
  const wall = wallClockOf(value);
  if (wall === null || wall === 'invalid') return wall;
  return new Date(Date.parse(`${wall.day}T00:00:00Z`) + (wall.minutes ?? 0) * 60_000 - BEIJING_OFFSET_MS);
}

const YES = ['是', 'y', 'yes', 'true', '1', '估计'];
const NO = ['否', 'n', 'no', 'false', '0'];

/** 是/否 (also yes/no, true/false, 1/0); empty is 否. */
export function yesNoOf(value: RawValue): boolean | 'invalid' {
  if (typeof value === 'boolean') return value;
  const text = textOf(value)?.toLowerCase();
  if (text === undefined || NO.includes(text)) return false;
  return YES.includes(text) ? true : 'invalid';
}

/** The code a value names: the code itself, its Chinese name or a common word for it. */
export function choiceOf<T extends string>(value: RawValue, names: Record<T, { zh: string }>, words: Record<string, T> = {}): T | undefined {
  const text = textOf(value);
  if (text === undefined) return undefined;
  const entry = (Object.entries(names) as [T, { zh: string }][]).find(([code, name]) => code === text.toLowerCase() || name.zh === text);
  return entry?.[0] ?? words[text];
}
