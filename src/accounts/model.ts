/** Accounts, sessions and one-time codes: types and pure rules. */
import type { RoleGrant } from '../kernel/access.ts';

export interface Account {
  id: string;
  kind: 'resident' | 'staff';
  personId: string | null;
  username: string | null;
  displayName: string;
  passwordHash: string | null;
  phoneMasked: string | null;
  phoneHash: string | null;
  otpRequired: boolean;
  status: 'active' | 'disabled';
  failedSignIns: number;
  lockedUntil: Date | null;
}

export interface SessionRecord {
  accountId: string;
  csrfToken: string;
  expiresAt: Date;
}

export const MAX_FAILED_SIGN_INS = 5;
export const LOCK_MINUTES = 15;
export const OTP_TTL_SECONDS = 300;
export const OTP_MAX_ATTEMPTS = 5;
export const OTP_RESEND_SECONDS = 60;
export const OTP_MAX_PER_DAY = 10;

export function isLocked(account: Pick<Account, 'lockedUntil'>, now: Date): boolean {
  return account.lockedUntil !== null && account.lockedUntil.getTime() > now.getTime();
}

/** After a failed password: the new counter and, at the limit, the lock's end (counter starts over). */
export function afterFailedSignIn(failedSignIns: number, now: Date): { failedSignIns: number; lockedUntil: Date | null } {
  const failed = failedSignIns + 1;
  if (failed >= MAX_FAILED_SIGN_INS) return { failedSignIns: 0, lockedUntil: new Date(now.getTime() + LOCK_MINUTES * 60_000) };
  return { failedSignIns: failed, lockedUntil: null };
}

export interface Me {
  accountId: string;
  kind: 'resident' | 'staff';
  displayName: string;
  username: string | null;
  phoneMasked: string | null;
  personId: string | null;
  roles: (RoleGrant & { regionName: string })[];
  csrfToken: string;
}

/** Mainland mobile numbers: 11 digits starting 1[3-9]; +86 / 0086 prefixes and separators removed. */
export function normalizeMobile(raw: string): string | undefined {
  const digits = raw.replace(/[\s-]/g, '').replace(/^(\+86|0086)/, '');
  return /^1[3-9][0-9]{9}$/.test(digits) ? digits : undefined;
}
