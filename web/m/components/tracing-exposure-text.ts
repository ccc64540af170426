/**
 * An exposure in plain words, pure: which message (by place and by whom — a case or a close
 * contact), the time in Asia/Shanghai, the kind of place, and the duration in the unit a person
 * would say (minutes, hours, days). Never a name: the server sends none.
 */
import { VENUE_KINDS } from '../../../src/venues/model.ts';
import type { MyExposure } from '../api/tracing.ts';

export interface ExposureText {
  key: string;
  time: string;
  place: string;
  duration: { key: string; n: number };
}

/** About how long, rounded: up to 90 minutes in minutes, up to two days in hours, else in days. */
export function durationOf(minutes: number): { key: string; n: number } {
  const m = Math.max(1, Math.round(minutes));
  if (m <= 90) return { key: 'tracing.duration.minutes', n: m };
  if (m < 48 * 60) return { key: 'tracing.duration.hours', n: Math.round(m / 60) };
  return { key: 'tracing.duration.days', n: Math.round(m / (24 * 60)) };
}

/** 3月9日 10:10 / March 9 at 10:10, Asia/Shanghai whatever the phone's zone. */
export function exposureTime(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(locale, { timeZone: 'Asia/Shanghai', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).format(date);
}

export function exposureText(e: MyExposure, locale: string): ExposureText {
  const kind = e.venueKind && (VENUE_KINDS as readonly string[]).includes(e.venueKind) ? e.venueKind : 'other';
  return { key: `tracing.${e.place}.${e.kind}`, time: exposureTime(e.at, locale), place: `tracing.places.${kind}`, duration: durationOf(e.minutes) };
}

/** Newest first. */
export function newestFirst(items: readonly MyExposure[]): MyExposure[] {
  return [...items].sort((a, b) => b.at.localeCompare(a.at));
}
