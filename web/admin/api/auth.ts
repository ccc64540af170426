/** Staff sign-in (src/accounts/routes.ts). */
import { request } from '../../common/request.ts';
import type { Me } from '../../common/api/me.ts';

export { fetchMe, signOut, type Me } from '../../common/api/me.ts';

/**
 * 401 AUTH_OTP_REQUIRED (details.phoneMasked) means the password was right and a code went out
 * by SMS: call again with `otp`. 401 AUTH_INVALID_CREDENTIALS, 423 AUTH_ACCOUNT_LOCKED otherwise.
 */
export function signInStaff(input: { username: string; password: string; otp?: string }): Promise<Me> {
  return request.post('/api/auth/staff/sign-in', input);
}
