/**
 * One check-in attempt on the /v/ page: which venue code, who, where, and the Idempotency-Key made
 * once for it. Every retry of the attempt — an automatic one after a network failure, the 重试
 * button, a reload of the page — sends the same body with the same key, so the server answers with
 * the first answer and never writes a second row. The attempt lives in the browser history entry
 * (history.state): a reload or "back" to that entry is the same attempt, a new scan of the poster is
 * a new entry and a new attempt. Pure: no DOM, the page passes history.state in and out.
 */
import { ApiError } from '../../common/http-error.ts';
import { isIdempotencyKey, type ReportedLocation } from '../../../src/checkins/model.ts';
import type { ResidentCheckinBody } from '../api/checkins.ts';

/** The key under which the attempt is kept in history.state (next to vue-router's own fields). */
export const STATE_KEY = 'fyCheckin';
/** A reload this long after the attempt still shows its answer; the server keeps keys 24 h. */
export const ATTEMPT_REPLAY_MS = 12 * 60 * 60 * 1000;
/** Waits before the automatic retries of a failed send (then the page offers 重试, same key). */
export const RETRY_DELAYS_MS = [800, 2500] as const;

export interface CheckinAttempt {
  venueToken: string;
  personIds: string[];
  location: ReportedLocation | null;
  key: string;
  startedAt: number;
  /** Set when 离开 was recorded from this screen, so a reload still says so. */
  leftAt: string | null;
}

/**
 * A random key in UUID v4 form from getRandomValues (crypto.randomUUID exists only on HTTPS
 * pages; getRandomValues everywhere), which the server's Idempotency-Key rule accepts.
 */
export function newIdempotencyKey(fill: (bytes: Uint8Array<ArrayBuffer>) => void = (b) => { crypto.getRandomValues(b); }): string {
  const bytes = new Uint8Array(16);
  fill(bytes);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function startAttempt(venueToken: string, personIds: readonly string[], location: ReportedLocation | null, now: Date, key = newIdempotencyKey()): CheckinAttempt {
  return { venueToken, personIds: [...personIds], location, key, startedAt: now.getTime(), leftAt: null };
}

export function bodyOf(attempt: CheckinAttempt): ResidentCheckinBody {
  return { venueToken: attempt.venueToken, personIds: attempt.personIds, ...(attempt.location ? { location: attempt.location } : {}) };
}

/** history.state with the attempt written in (vue-router's fields kept). */
export function stateWith(state: unknown, attempt: CheckinAttempt | null): Record<string, unknown> {
  const base = state && typeof state === 'object' ? { ...(state as Record<string, unknown>) } : {};
  if (attempt) base[STATE_KEY] = attempt;
  else delete base[STATE_KEY];
  return base;
}

/** The attempt kept in this history entry for this venue code, if it is recent enough to replay. */
export function attemptFromState(state: unknown, venueToken: string, now: Date): CheckinAttempt | null {
  if (!state || typeof state !== 'object') return null;
  const raw = (state as Record<string, unknown>)[STATE_KEY] as Partial<CheckinAttempt> | undefined;
  if (!raw || typeof raw !== 'object') return null;
  if (raw.venueToken !== venueToken || !isIdempotencyKey(raw.key)) return null;
  if (!Array.isArray(raw.personIds) || raw.personIds.length === 0 || !raw.personIds.every((p) => typeof p === 'string')) return null;
  if (typeof raw.startedAt !== 'number' || now.getTime() - raw.startedAt > ATTEMPT_REPLAY_MS || raw.startedAt > now.getTime() + 60_000) return null;
  return {
    venueToken, personIds: raw.personIds, key: raw.key, startedAt: raw.startedAt,
    location: isLocation(raw.location) ? raw.location : null, leftAt: typeof raw.leftAt === 'string' ? raw.leftAt : null,
  };
}

function isLocation(value: unknown): value is ReportedLocation {
  const v = value as ReportedLocation | null;
  return !!v && typeof v === 'object' && Number.isFinite(v.latitude) && Number.isFinite(v.longitude) && Number.isFinite(v.accuracyM);
}

/**
 * Worth sending again with the same key: the request may never have arrived (network), or the
 * server said the batch failed (CHECKIN_UNAVAILABLE) or a proxy answered instead of it.
 */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  return error.status === 0 || error.code === 'CHECKIN_UNAVAILABLE' || (error.code === 'BAD_RESPONSE' && error.status >= 500);
}

/** Sends, retrying retryable failures after each delay; the last failure is thrown. */
export async function sendWithRetries<T>(
  send: () => Promise<T>, delays: readonly number[] = RETRY_DELAYS_MS, sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      if (!isRetryable(error) || attempt >= delays.length) throw error;
      await sleep(delays[attempt]!);
    }
  }
}
