/**
 * A guard bound to a venue records the check-in of the code just scanned (门岗代登记). The server's
 * guard check-in verifies the code itself (live colour, revocations), so online it replaces the
 * separate live check: its answer — or its refusal — becomes the verdict on screen, and the line
 * under it says whether the entry was recorded. Offline nothing is recorded, and the screen says
 * so. Pure: the page renders these, tests build them directly.
 */
import { ApiError } from '../../common/http-error.ts';
import type { KeyValueStore } from './trust-cache.ts';
import type { Verdict } from './verdict.ts';
import type { BoundVenue, CheckinAnswer } from '../api/checkins.ts';
import { VERIFY_OUTCOMES, type VerifyOutcome } from '../../../src/codes/token/verify.ts';

/** recorded / merged: a row exists; offline, refused (the code is not valid), failed: none was written. */
export type GateState = 'pending' | 'recorded' | 'merged' | 'offline' | 'refused' | 'failed';

export interface GateCheckin {
  state: GateState;
  venueName: string;
  /** The server's reason when it failed (CHECKIN_CODE_FOREIGN, a network error…). */
  error: ApiError | null;
}

/** The verdict from the check-in's answer: the live colour and masked name the server recorded. */
export function verdictFromCheckin(local: Verdict, answer: CheckinAnswer): Verdict {
  const item = answer.items[0];
  if (!item) return local;
  const colour = item.colour ?? local.colour;
  const changed = colour !== local.colour || local.outcome !== 'valid';
  return {
    ...local,
    outcome: 'valid',
    colour,
    maskedName: item.nameMasked,
    printed: local.printed || answer.method === 'guard_printed',
    shownColour: changed && local.colour && local.colour !== colour ? local.colour : null,
    live: changed ? 'changed' : 'confirmed',
    checkedAt: new Date(item.checkedInAt),
  };
}

/** CHECKIN_CODE_INVALID names the verification outcome: the code was refused, nothing recorded. */
export function refusedOutcome(error: unknown): VerifyOutcome | null {
  if (!(error instanceof ApiError) || error.code !== 'CHECKIN_CODE_INVALID') return null;
  const outcome = (error.details as { outcome?: unknown } | undefined)?.outcome;
  return typeof outcome === 'string' && (VERIFY_OUTCOMES as readonly string[]).includes(outcome) ? (outcome as VerifyOutcome) : 'malformed';
}

export function verdictFromRefusal(local: Verdict, outcome: VerifyOutcome): Verdict {
  return { ...local, outcome, colour: null, shownColour: null, live: outcome === local.outcome ? 'confirmed' : 'changed' };
}

export function gateStateOf(answer: CheckinAnswer): GateState {
  return answer.items.some((i) => i.merged) ? 'merged' : 'recorded';
}

// ---- the venue this device records check-ins at, per guard --------------------------------

const VENUE_KEY = 'fy.scan.venue';

/** Remembered per staff account: another guard signing in on this phone does not inherit it. */
export function rememberVenue(storage: KeyValueStore, username: string, venue: BoundVenue | null): void {
  storage.setItem(VENUE_KEY, JSON.stringify(venue ? { username, venue } : null));
}

export function rememberedVenue(storage: KeyValueStore, username: string | null): BoundVenue | null {
  if (!username) return null;
  try {
    const value = JSON.parse(storage.getItem(VENUE_KEY) ?? 'null') as { username?: unknown; venue?: BoundVenue } | null;
    if (!value || value.username !== username || !value.venue || typeof value.venue.id !== 'string') return null;
    return { id: value.venue.id, name: String(value.venue.name ?? ''), number: String(value.venue.number ?? '') };
  } catch {
    return null;
  }
}
