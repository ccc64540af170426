/** Resident sign-in endpoints (src/accounts/routes.ts). */
import { request } from '../../common/request.ts';
import type { Me } from '../../common/api/me.ts';

export { fetchMe, signOut, type Me } from '../../common/api/me.ts';

/** Sends a 6-digit code by SMS. 429 AUTH_OTP_RESEND_TOO_SOON carries details.retryAfterSeconds. */
export function requestSignInCode(phone: string): Promise<{ expiresInSeconds: number }> {
  return request.post('/api/auth/resident/code', { phone });
}

export function signInWithCode(phone: string, code: string): Promise<Me> {
  return request.post('/api/auth/resident/sign-in', { phone, code });
}
