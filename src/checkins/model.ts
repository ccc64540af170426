/**
 * Check-ins (场所登记): types, rules and answers. Pure: no database, no HTTP.
 * A check-in is one row per person per entry; what a request answers (the success screen) is a
 * CheckinAnswer, kept as its JSON text with the request's idempotency key so a retry gets the same answer.
 */
import type { LocalizedMessage } from '../kernel/errors.ts';
import { DAY_MS, MINUTE_MS } from '../kernel/time.ts';

export const COLOURS = ['green', 'yellow', 'red'] as const;
export type Colour = (typeof COLOURS)[number];

/** scan: the resident scanned the venue's code; guard_*: a guard recorded it from a code, a printed code or an ID number. */
export const CHECKIN_METHODS = ['scan', 'guard_code', 'guard_printed', 'guard_id'] as const;
export type CheckinMethod = (typeof CHECKIN_METHODS)[number];

/** Two check-ins of one person at one venue this close together are one (a double tap, a second scan). */
export const MERGE_WINDOW_MS = 2 * MINUTE_MS;
export const DEFAULT_DAILY_LIMIT = 30;
/** The resident's own history (我的行程): the shortest retention a region may set. */
export const RESIDENT_HISTORY_DAYS = 14;
/** 离开 can be recorded this long after the check-in. */
export const LEAVE_WINDOW_MS = DAY_MS;
/** Persons checked in by one request: oneself and dependants (a guardian has at most 10). */
export const MAX_PERSONS_PER_REQUEST = 11;

export const RETENTION = { min: 14, max: 60, default: 28 } as const;

export function isValidRetention(days: unknown): days is number {
  return typeof days === 'number' && Number.isInteger(days) && days >= RETENTION.min && days <= RETENTION.max;
}

/** Idempotency keys: what clients send in the Idempotency-Key header (a UUID fits). */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

export function isIdempotencyKey(value: unknown): value is string {
  return typeof value === 'string' && IDEMPOTENCY_KEY.test(value);
}

/** The daily limit from FANGYI_CHECKIN_DAILY_LIMIT (1–1000), else 30. */
export function dailyLimitFrom(env: NodeJS.ProcessEnv): number {
  const raw = env.FANGYI_CHECKIN_DAILY_LIMIT;
  if (raw === undefined || raw === '') return DEFAULT_DAILY_LIMIT;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 1000) throw new Error(`FANGYI_CHECKIN_DAILY_LIMIT must be a whole number from 1 to 1000, got "${raw}"`);
  return value;
}

// ---- geofence ---------------------------------------------------------------------------------

export interface ReportedLocation {
  latitude: number;
  longitude: number;
  /** The browser's accuracy radius in metres. */
  accuracyM: number;
}

export interface VenuePlace {
  latitude: number | null;
  longitude: number | null;
  geofenceRadiusM: number | null;
}

/** Used when a venue has coordinates but no radius. */
export const DEFAULT_GEOFENCE_RADIUS_M = 200;
/**
 * A reported accuracy counts at most this much: a phone that only knows it is "somewhere within
 * 20 km" must not make every venue of the city look near.
 */
export const MAX_ACCOUNTED_ACCURACY_M = 1000;

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine; WGS-84 coordinates on a mean-radius sphere). */
export function haversineMetres(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const dLat = rad(b.latitude - a.latitude);
  const dLon = rad(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface GeofenceFlags {
  geofenceFar: boolean;
  /** Metres between the venue and the reported location; null when either is unknown. */
  distanceM: number | null;
}

/**
 * Far when the reported location lies outside the venue's radius even allowing for the reported
 * accuracy (capped). Without venue coordinates or a location nothing can be said: not far.
 */
export function geofenceFlags(venue: VenuePlace, location: ReportedLocation | undefined): GeofenceFlags {
  if (!location || venue.latitude === null || venue.longitude === null) return { geofenceFar: false, distanceM: null };
  const distanceM = Math.round(haversineMetres({ latitude: venue.latitude, longitude: venue.longitude }, location));
  const radius = venue.geofenceRadiusM ?? DEFAULT_GEOFENCE_RADIUS_M;
  const slack = Math.min(Math.max(location.accuracyM, 0), MAX_ACCOUNTED_ACCURACY_M);
  return { geofenceFar: distanceM > radius + slack, distanceM };
}

// ---- answers ----------------------------------------------------------------------------------

export interface CheckinVenue {
  id: string;
  name: string;
  kind: string;
  number: string;
  address: string;
  regionCode: string;
}

export interface CheckinItemAnswer {
  /** The check-in's id (a decimal string); a merged request answers with the earlier check-in's. */
  checkinId: string;
  personId: string;
  nameMasked: string;
  /** The live health-code colour at check-in; null when the person has no code yet. */
  colour: Colour | null;
  checkedInAt: Date;
  leaveAt: Date;
  /** True when this was a repeat within 2 minutes at the same venue, answered with the earlier check-in. */
  merged: boolean;
  geofenceFar: boolean;
  distanceM: number | null;
}

export interface CheckinAnswer {
  venue: CheckinVenue;
  method: CheckinMethod;
  items: CheckinItemAnswer[];
  /** Someone checked in has a yellow or red code: the screen says so and the venue's staff are alerted. */
  alert: boolean;
  message: LocalizedMessage;
}

export function isAbnormal(colour: Colour | null): boolean {
  return colour === 'yellow' || colour === 'red';
}

export function answerMessage(items: readonly Pick<CheckinItemAnswer, 'colour'>[]): LocalizedMessage {
  if (items.some((i) => i.colour === 'red')) return { zh: '已登记。红码：请配合工作人员处置，不要进入', en: 'Recorded. Red code: follow the staff\'s instructions; do not enter' };
  if (items.some((i) => i.colour === 'yellow')) return { zh: '已登记。黄码：请配合工作人员核验', en: 'Recorded. Yellow code: the staff will check with you' };
  if (items.some((i) => i.colour === null)) return { zh: '已登记。尚未申领健康码的人员请先完成健康申报', en: 'Recorded. Anyone without a health code yet should declare first' };
  return { zh: '登记成功', en: 'Checked in' };
}

/**
 * What is kept with an idempotency key: the status and body given, a success or a business error.
 * A success's body is JSON text, made once: it is the reply, and it is stored inside
 * `{"status":201,"body":…}` (keptAnswerText), so a replay sends the very same bytes.
 */
export type KeptAnswer =
  | { status: 201; bodyJson: string }
  | { status: number; error: { code: string; details?: unknown } };

export function keptAnswerText(kept: KeptAnswer): string {
  return 'bodyJson' in kept ? `{"status":${kept.status},"body":${kept.bodyJson}}` : JSON.stringify(kept);
}

/** The stored text back into the answer it was (a body parsed and written again gives the same text). */
export function parseKeptAnswer(text: string): KeptAnswer {
  const parsed = JSON.parse(text) as { status: number; body?: unknown; error?: { code: string; details?: unknown } };
  if (parsed.body !== undefined) return { status: 201, bodyJson: JSON.stringify(parsed.body) };
  return { status: parsed.status, error: parsed.error! };
}

// ---- cursors ----------------------------------------------------------------------------------

export interface CheckinCursor {
  at: Date;
  id: number;
}

/** `<epoch ms>.<id>`: the (checked_in_at, id) of a page's last row. */
export function encodeCursor(cursor: CheckinCursor): string {
  return `${cursor.at.getTime()}.${cursor.id}`;
}

export function decodeCursor(text: string): CheckinCursor | undefined {
  const match = /^([0-9]{1,15})\.([0-9]{1,18})$/.exec(text);
  if (!match) return undefined;
  const id = Number(match[2]);
  if (!Number.isSafeInteger(id)) return undefined;
  return { at: new Date(Number(match[1])), id };
}

/** Longest window a staff search or export may span. */
export const MAX_WINDOW_MS = 31 * DAY_MS;

export function isValidWindow(from: Date, to: Date): boolean {
  return from.getTime() < to.getTime() && to.getTime() - from.getTime() <= MAX_WINDOW_MS;
}
