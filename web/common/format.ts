/** Display formats. Times are shown in Asia/Shanghai whatever the device's zone (a "day" is a Shanghai day). */
import type { Locale } from './locale.ts';

export function formatDateTime(value: string | Date, locale: Locale): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(locale, {
    timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
  }).format(date);
}

/** 14:03 (or 14:03:09 with seconds) in Asia/Shanghai. */
export function formatTime(value: string | Date, seconds = false): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', ...(seconds ? { second: '2-digit' } : {}), hour12: false,
  }).format(date);
}

/** 3月2日 周一 / Mon, Mar 2 in Asia/Shanghai: the day of a check-in, a list's group heading. */
export function formatDayWithWeekday(value: string | Date, locale: Locale): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(locale, { timeZone: 'Asia/Shanghai', month: 'short', day: 'numeric', weekday: 'short' }).format(date);
}
