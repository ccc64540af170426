/**
 * Travel declarations (出行申报) and return declarations (返程申报), pure: the lists, the checks a
 * declaration must pass before it is stored, and when a return starts home observation (居家观察).
 */
import { DAY_MS } from '../kernel/time.ts';
import type { TravelErrorCode } from './errors.ts';

export const TRANSPORTS = ['train', 'flight', 'coach', 'car', 'ship', 'other'] as const;
export type Transport = (typeof TRANSPORTS)[number];
export const HEALTH_NOW = ['well', 'fever', 'symptoms'] as const;
export type HealthNow = (typeof HEALTH_NOW)[number];
export const TRIP_STATUSES = ['planned', 'returned', 'cancelled'] as const;
export type TripStatus = (typeof TRIP_STATUSES)[number];

export const MAX_VIA = 10;
export const MAX_VISITED = 20;
export const MAX_TRIP_DAYS = 180;
export const MAX_LEAVE_AHEAD_DAYS = 180;
/** 返回后居家观察14天: the home observation a return from a risk area starts (2020 practice). */
export const OBSERVATION_DAYS = 14;

const REGION_CODE = /^[0-9]{6}([0-9]{3})?$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** 车次: G/D/C/Z/T/K/Y/S/L + 1–4 digits, or 4 digits (普快 such as 1461). */
const TRAIN_NUMBER = /^(?:[GDCZTKYSL]\d{1,4}|\d{4})$/;
/** 航班号: two-character IATA airline code (at least one letter) + 3–4 digits. */
const FLIGHT_NUMBER = /^(?:[A-Z]{2}|[A-Z][0-9]|[0-9][A-Z])\d{3,4}$/;

export interface TripInput {
  personId: string;
  fromRegionCode: string;
  toRegionCode: string;
  viaRegionCodes?: readonly string[];
  leaveOn: string;
  returnOn: string;
  transport: string;
  transportNumber?: string | null;
  purpose: string;
}

export interface CheckedTrip {
  personId: string;
  fromRegionCode: string;
  toRegionCode: string;
  viaRegionCodes: string[];
  leaveOn: string;
  returnOn: string;
  transport: Transport;
  transportNumber: string | null;
  purpose: string;
}

export type Check<T> = { ok: true; value: T } | { ok: false; code: TravelErrorCode; field: string };

function isDay(value: string): boolean {
  if (!DAY.test(value)) return false;
  const t = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === value;
}

/** Whole days from `a` to `b` (YYYY-MM-DD). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** "g 7512" → "G7512"; undefined when it is not a train or flight number of that transport. */
export function normaliseTransportNumber(transport: Transport, raw: string): string | undefined {
  const value = raw.replace(/\s+/g, '').toUpperCase();
  if (transport === 'train') return TRAIN_NUMBER.test(value) ? value : undefined;
  if (transport === 'flight') return FLIGHT_NUMBER.test(value) ? value : undefined;
  return undefined;
}

/** A trip before it: region code formats, dates (`today` is the Asia/Shanghai day), transport, purpose. */
export function checkTrip(input: TripInput, today: string): Check<CheckedTrip> {
  const via = [...new Set(input.viaRegionCodes ?? [])];
  if (!REGION_CODE.test(input.fromRegionCode)) return { ok: false, code: 'TRAVEL_REGION_UNKNOWN', field: 'fromRegionCode' };
  if (!REGION_CODE.test(input.toRegionCode)) return { ok: false, code: 'TRAVEL_REGION_UNKNOWN', field: 'toRegionCode' };
  if (input.fromRegionCode === input.toRegionCode) return { ok: false, code: 'TRAVEL_SAME_PLACE', field: 'toRegionCode' };
  if (via.length > MAX_VIA) return { ok: false, code: 'TRAVEL_TOO_MANY_VIA', field: 'viaRegionCodes' };
  if (via.some((c) => !REGION_CODE.test(c))) return { ok: false, code: 'TRAVEL_REGION_UNKNOWN', field: 'viaRegionCodes' };
  if (!isDay(input.leaveOn)) return { ok: false, code: 'TRAVEL_DATE_INVALID', field: 'leaveOn' };
  if (!isDay(input.returnOn)) return { ok: false, code: 'TRAVEL_DATE_INVALID', field: 'returnOn' };
  if (input.leaveOn < today) return { ok: false, code: 'TRAVEL_LEAVE_IN_PAST', field: 'leaveOn' };
  if (daysBetween(today, input.leaveOn) > MAX_LEAVE_AHEAD_DAYS) return { ok: false, code: 'TRAVEL_LEAVE_TOO_FAR', field: 'leaveOn' };
  if (input.returnOn < input.leaveOn) return { ok: false, code: 'TRAVEL_RETURN_BEFORE_LEAVE', field: 'returnOn' };
  if (daysBetween(input.leaveOn, input.returnOn) > MAX_TRIP_DAYS) return { ok: false, code: 'TRAVEL_TOO_LONG', field: 'returnOn' };
  if (!(TRANSPORTS as readonly string[]).includes(input.transport)) return { ok: false, code: 'TRAVEL_TRANSPORT_INVALID', field: 'transport' };
  const transport = input.transport as Transport;
  const rawNumber = input.transportNumber?.trim() ?? '';
  let transportNumber: string | null = null;
  if (transport === 'train' || transport === 'flight') {
    const normalised = normaliseTransportNumber(transport, rawNumber);
    if (!normalised) return { ok: false, code: 'TRAVEL_NUMBER_INVALID', field: 'transportNumber' };
    transportNumber = normalised;
  } else if (rawNumber !== '') {
    return { ok: false, code: 'TRAVEL_NUMBER_NOT_ALLOWED', field: 'transportNumber' };
  }
  const purpose = input.purpose.trim().replace(/\s+/g, ' ');
  const length = Array.from(purpose).length;
  if (length < 1 || length > 100) return { ok: false, code: 'TRAVEL_PURPOSE_INVALID', field: 'purpose' };
  return {
    ok: true,
    value: {
      personId: input.personId, fromRegionCode: input.fromRegionCode, toRegionCode: input.toRegionCode, viaRegionCodes: via.filter((c) => c !== input.toRegionCode),
      leaveOn: input.leaveOn, returnOn: input.returnOn, transport, transportNumber, purpose,
    },
  };
}

export interface ReturnInput {
  returnedOn: string;
  visitedRegionCodes: readonly string[];
  health: string;
}

export interface CheckedReturn {
  returnedOn: string;
  visitedRegionCodes: string[];
  health: HealthNow;
}

/** A return declaration: the actual return day between the leave day and today, the places, health. */
export function checkReturn(input: ReturnInput, trip: { leaveOn: string }, today: string): Check<CheckedReturn> {
  if (!isDay(input.returnedOn)) return { ok: false, code: 'TRAVEL_DATE_INVALID', field: 'returnedOn' };
  if (input.returnedOn < trip.leaveOn || input.returnedOn > today) return { ok: false, code: 'TRAVEL_RETURN_DATE_INVALID', field: 'returnedOn' };
  const visited = [...new Set(input.visitedRegionCodes)];
  if (visited.length === 0 || visited.length > MAX_VISITED || visited.some((c) => !REGION_CODE.test(c))) return { ok: false, code: 'TRAVEL_VISITED_INVALID', field: 'visitedRegionCodes' };
  if (!(HEALTH_NOW as readonly string[]).includes(input.health)) return { ok: false, code: 'TRAVEL_HEALTH_INVALID', field: 'health' };
  return { ok: true, value: { returnedOn: input.returnedOn, visitedRegionCodes: visited, health: input.health as HealthNow } };
}

/**
 * Home observation (居家观察) after a return: required when a current risk area (any level, high or
 * medium) covers a place really visited; `riskRegionCodes` are those visited codes. It lasts
 * OBSERVATION_DAYS from the return day.
 */
export function observationFor(returnedOn: string, riskRegionCodes: readonly string[]): { required: boolean; until: string | null } {
  if (riskRegionCodes.length === 0) return { required: false, until: null };
  return { required: true, until: addDays(returnedOn, OBSERVATION_DAYS) };
}

export interface TripCursor { declaredAt: Date; id: string }

export function encodeCursor(cursor: TripCursor): string {
  return Buffer.from(`${cursor.declaredAt.toISOString()}|${cursor.id}`).toString('base64url');
}

export function decodeCursor(raw: string): TripCursor | undefined {
  const [at, id] = Buffer.from(raw, 'base64url').toString('utf8').split('|');
  if (!at || !id || !/^[0-9a-f-]{36}$/.test(id)) return undefined;
  const declaredAt = new Date(at);
  return Number.isNaN(declaredAt.getTime()) ? undefined : { declaredAt, id };
}
