import { describe, expect, it } from 'vitest';
import type { TokenClaims } from '../token/model.ts';
import { OUTCOME_MESSAGES, type VerifyResult } from '../token/verify.ts';
import { liveStatusApplies, toCheckResult } from './model.ts';

const claims: TokenClaims = {
  issuer: 330100, subject: new Uint8Array(10), maskedName: '林*', colour: 'green', issuedAt: 1_800_000_000, expiresAt: 1_800_000_180, kind: 'live',
};
const valid: VerifyResult = { outcome: 'valid', claims, message: { zh: '', en: '' }, detail: '' };
const at = new Date(1_800_000_010_000);
const live = (homeRegionCode: string, colour: 'green' | 'red' = 'red') => ({ colour, since: at, homeRegionCode });

describe('toCheckResult', () => {
  it('shows the live colour over the token\'s, for a person of the issuing city', () => {
    expect(toCheckResult(valid, live('330102'), at)).toMatchObject({ colour: 'red', tokenColour: 'green', liveColour: 'red', message: { zh: '红码，请按规定处置' } });
  });

  it('ignores a status whose person lives outside the issuer\'s city', () => {
    expect(liveStatusApplies(330100, live('330205'))).toBe(false);
    expect(toCheckResult(valid, live('330205'), at)).toMatchObject({ colour: 'green', liveColour: null });
  });

  it('gives no colour for a refused code, only its message', () => {
    const revoked: VerifyResult = { outcome: 'revoked', claims, message: OUTCOME_MESSAGES.revoked, detail: '' };
    expect(toCheckResult(revoked, live('330102'), at)).toMatchObject({ outcome: 'revoked', colour: null, liveColour: null, maskedName: '林*', message: OUTCOME_MESSAGES.revoked });
  });
});
