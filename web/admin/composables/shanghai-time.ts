/**
 * Time windows typed by staff are Asia/Shanghai wall-clock times whatever the computer's zone
 * (a "day" is a Shanghai day everywhere in fangyi). Native date inputs give and take local
 * strings; these convert them. Pure.
 */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/** 2026-03-02T14:05 — the value of an <input type="datetime-local"> showing this instant in Shanghai. */
export function toShanghaiInput(date: Date): string {
  return new Date(date.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16);
}

/** The instant an <input type="datetime-local"> value names, read as Shanghai time; null when empty or unreadable. */
export function fromShanghaiInput(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const date = new Date(`${value.length === 16 ? `${value}:00` : value}+08:00`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** 2026-03-02 — the Shanghai day of an instant. */
export function shanghaiDayOf(date: Date): string {
  return new Date(date.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The day `n` days before a YYYY-MM-DD day. */
export function daysBefore(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
}
