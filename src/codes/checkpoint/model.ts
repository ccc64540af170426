/**
 * What a gate check answers (pure). The token's own colour is what the resident's phone showed;
 * the live colour comes from code_status and wins when they differ — a code that turned red after
 * it was shown (or a printed code whose colour changed since printing) is caught at the gate.
 */
import type { LocalizedMessage } from '../../kernel/errors.ts';
import { cityOf } from '../../kernel/regions-scope.ts';
import type { Colour, TokenKind } from '../token/model.ts';
import { VALID_MESSAGES, type VerifyOutcome, type VerifyResult } from '../token/verify.ts';

/** Longer than any token we issue (≤ 200 characters) with room for other installations' formats. */
export const MAX_SCANNED_CHARS = 512;

export interface LiveStatus {
  colour: Colour;
  since: Date;
  homeRegionCode: string;
}

export interface CheckResult {
  outcome: VerifyOutcome;
  message: LocalizedMessage;
  /** Issuing region (GB/T 2260), once the token could be decoded and its signature checked. */
  issuer: string | null;
  kind: TokenKind | null;
  maskedName: string | null;
  /** The colour signed into the token. */
  tokenColour: Colour | null;
  /** The colour now, for tokens this installation issued (null for other installations' codes). */
  liveColour: Colour | null;
  liveSince: Date | null;
  /** What the gate shows: live when known, otherwise the token's. Null unless valid. */
  colour: Colour | null;
  expiresAt: Date | null;
  checkedAt: Date;
}

/**
 * A live status only counts for the region that signed the token: a subject id presented under
 * another issuer is not this person's code.
 */
export function liveStatusApplies(issuer: number, live: LiveStatus | undefined): live is LiveStatus {
  return live !== undefined && cityOf(live.homeRegionCode) === String(issuer);
}

export function toCheckResult(verified: VerifyResult, live: LiveStatus | undefined, checkedAt: Date): CheckResult {
  const claims = verified.claims;
  const valid = verified.outcome === 'valid' && claims !== undefined;
  const liveHere = valid && liveStatusApplies(claims.issuer, live) ? live : undefined;
  const colour = valid ? (liveHere?.colour ?? claims.colour) : null;
  return {
    outcome: verified.outcome,
    message: colour ? VALID_MESSAGES[colour] : verified.message,
    issuer: claims ? String(claims.issuer) : null,
    kind: claims?.kind ?? null,
    maskedName: claims?.maskedName ?? null,
    tokenColour: claims?.colour ?? null,
    liveColour: liveHere?.colour ?? null,
    liveSince: liveHere?.since ?? null,
    colour,
    expiresAt: claims ? new Date(claims.expiresAt * 1000) : null,
    checkedAt,
  };
}
