/**
 * What the guard sees after a scan, from the in-browser verification first and the server's live
 * check when it answers. Pure: the page renders a verdict, tests build them directly.
 */
import type { Colour } from '../../../src/codes/token/model.ts';
import { verifyToken, type VerifyOutcome } from '../../../src/codes/token/verify.ts';
import type { LiveCheck } from '../api/scan.ts';
import type { TrustState } from './trust-cache.ts';

export type ScanOutcome = VerifyOutcome | 'trust_stale' | 'trust_missing';
export type LiveState = 'pending' | 'confirmed' | 'changed' | 'offline' | 'failed';

export interface Verdict {
  outcome: ScanOutcome;
  colour: Colour | null;
  maskedName: string | null;
  printed: boolean;
  /** The colour signed into the code, when the live one replaced it. */
  shownColour: Colour | null;
  live: LiveState;
  checkedAt: Date;
}

/** Grey screens: the code itself may be fine, the phone's clock or the list needs attention. */
const GREY: readonly ScanOutcome[] = ['expired', 'not_yet_valid', 'trust_stale', 'trust_missing'];

export function toneOf(verdict: Verdict): Colour | 'invalid' | 'grey' {
  if (verdict.colour) return verdict.colour;
  return GREY.includes(verdict.outcome) ? 'grey' : 'invalid';
}

/** Sound on yellow, red and anything refused: the guard may be looking at the person, not the screen. */
export function needsAlert(verdict: Verdict): boolean {
  return toneOf(verdict) !== 'green' && verdict.outcome !== 'trust_stale' && verdict.outcome !== 'trust_missing';
}

export function verifyLocally(text: string, trust: TrustState, now: Date): Verdict {
  const base = { printed: false, shownColour: null, live: 'pending' as LiveState, checkedAt: now };
  if (trust.kind !== 'ready') return { ...base, outcome: trust.kind === 'stale' ? 'trust_stale' : 'trust_missing', colour: null, maskedName: null };
  const result = verifyToken(text, trust.store, now);
  return {
    ...base,
    outcome: result.outcome,
    colour: result.outcome === 'valid' ? result.claims!.colour : null,
    maskedName: result.claims?.maskedName ?? null,
    printed: result.claims?.kind === 'printed',
  };
}

/** The server knows the live colour and the newest revocations: its answer wins, marked as such. */
export function withLiveCheck(local: Verdict, live: LiveCheck): Verdict {
  const colour = live.colour;
  const changed = colour !== local.colour || live.outcome !== local.outcome;
  return {
    ...local,
    outcome: live.outcome,
    colour,
    maskedName: live.maskedName ?? local.maskedName,
    printed: live.kind === 'printed' || local.printed,
    shownColour: changed && colour && live.tokenColour !== colour ? live.tokenColour : null,
    live: changed ? 'changed' : 'confirmed',
    checkedAt: new Date(live.checkedAt),
  };
}
