/** Checkpoint endpoints for the guard's scan page (src/codes/checkpoint, src/people, src/accounts). */
import { request } from '../../common/request.ts';
import type { Me } from '../../common/api/me.ts';
import type { TrustStoreJson } from '../../../src/codes/token/trust-store.ts';
import type { VerifyOutcome } from '../../../src/codes/token/verify.ts';
import type { Colour, TokenKind } from '../../../src/codes/token/model.ts';

export interface LiveCheck {
  outcome: VerifyOutcome;
  message: { zh: string; en: string };
  issuer: string | null;
  kind: TokenKind | null;
  maskedName: string | null;
  tokenColour: Colour | null;
  liveColour: Colour | null;
  liveSince: string | null;
  colour: Colour | null;
  expiresAt: string | null;
  checkedAt: string;
}

export interface LookupResult {
  idType: string;
  idNumberMasked: string;
  nameMasked: string;
  homeRegionCode: string;
  homeRegionName: string;
}

export function signInGuard(username: string, password: string): Promise<Me> {
  return request.post('/api/auth/staff/sign-in', { username, password });
}

export function fetchTrustStore(): Promise<TrustStoreJson> {
  return request.get('/api/codes/trust-store');
}

export function checkCodeLive(token: string): Promise<LiveCheck> {
  return request.post('/api/codes/check', { token });
}

/** Audited on the server with the reason. */
export function lookupPersonById(idType: string, idNumber: string, reason: string): Promise<LookupResult> {
  return request.post('/api/people/lookup', { idType, idNumber, reason });
}
