/**
 * Signing in: residents with phone + one-time code, staff with username + password (and a
 * one-time code when their account asks for it). Every attempt, good or bad, is audited.
 */
import { createHmac, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { recordAudit } from '../audit/service.ts';
import { blindIndex, decryptField, encryptField } from '../kernel/crypto/field-encryption.ts';
import { maskPhone } from '../kernel/masking.ts';
import { findPersonForPhone } from '../people/service.ts';
import type { AccountsDeps } from './deps.ts';
import { accountFail } from './errors.ts';
import {
  afterFailedSignIn, isLocked, normalizeMobile, OTP_MAX_ATTEMPTS, OTP_MAX_PER_DAY, OTP_RESEND_SECONDS, OTP_TTL_SECONDS, type Account,
} from './model.ts';
import { createSession } from './sessions.ts';
import {
  countOtpChallengesSince, findAccountByUsername, findLatestOtpChallenge, findResidentAccountByPhoneHash, findStaffPhoneEnc,
  insertAccount, insertOtpChallenge, recordOtpAttempt, updateSignInState,
} from './store.ts';
import { UNKNOWN_USER_HASH, verifyPassword } from './password.ts';
import { kernelFail } from '../kernel/errors.ts';

type OtpPurpose = 'resident_sign_in' | 'staff_sign_in';

export interface SignedIn {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  accountId: string;
}

export function phoneHashOf(deps: AccountsDeps, phone: string): string {
  return blindIndex(deps.keyring, 'phone', phone);
}

function codeHash(deps: AccountsDeps, challengeId: string, code: string): string {
  return createHmac('sha256', deps.keyring.indexKey).update(`otp\u0000${challengeId}\u0000${code}`).digest('base64url');
}

function requireMobile(raw: string): string {
  const phone = normalizeMobile(raw);
  if (!phone) throw kernelFail('VALIDATION_FAILED', { field: 'phone', zh: '请输入 11 位手机号码', en: 'Enter an 11-digit mainland mobile number' });
  return phone;
}

async function sendCode(deps: AccountsDeps, phone: string, purpose: OtpPurpose): Promise<{ expiresInSeconds: number }> {
  const phoneHash = phoneHashOf(deps, phone);
  const now = deps.clock.now();
  const latest = await findLatestOtpChallenge(deps.db, phoneHash, purpose);
  if (latest && now.getTime() - latest.createdAt.getTime() < OTP_RESEND_SECONDS * 1000) {
    throw accountFail('AUTH_OTP_RESEND_TOO_SOON', { retryAfterSeconds: Math.ceil(OTP_RESEND_SECONDS - (now.getTime() - latest.createdAt.getTime()) / 1000) });
  }
  if ((await countOtpChallengesSince(deps.db, phoneHash, new Date(now.getTime() - 86_400_000))) >= OTP_MAX_PER_DAY) {
    throw accountFail('AUTH_OTP_DAILY_LIMIT');
  }
  const id = randomUUID();
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await insertOtpChallenge(deps.db, { id, phoneHash, purpose, codeHash: codeHash(deps, id, code), createdAt: now, expiresAt: new Date(now.getTime() + OTP_TTL_SECONDS * 1000) });
  await deps.sms.send({ phone, body: `【防疫】您的验证码是 ${code}，${OTP_TTL_SECONDS / 60} 分钟内有效。请勿告诉他人。` });
  return { expiresInSeconds: OTP_TTL_SECONDS };
}

/** Checks a code against the newest challenge for the number; each try counts, success consumes it. */
async function consumeCode(deps: AccountsDeps, phoneHash: string, purpose: OtpPurpose, code: string): Promise<void> {
  const ok = await deps.db.transaction().execute(async (trx) => {
    const challenge = await findLatestOtpChallenge(trx, phoneHash, purpose);
    const now = deps.clock.now();
    if (!challenge || challenge.consumedAt || challenge.expiresAt.getTime() <= now.getTime()) return 'invalid' as const;
    if (challenge.attempts >= OTP_MAX_ATTEMPTS) return 'too_many' as const;
    const expected = Buffer.from(challenge.codeHash);
    const actual = Buffer.from(codeHash(deps, challenge.id, code));
    const matches = expected.length === actual.length && timingSafeEqual(expected, actual);
    await recordOtpAttempt(trx, challenge.id, matches ? now : null);
    return matches ? ('ok' as const) : challenge.attempts + 1 >= OTP_MAX_ATTEMPTS ? ('too_many' as const) : ('invalid' as const);
  });
  if (ok === 'too_many') throw accountFail('AUTH_OTP_TOO_MANY_ATTEMPTS');
  if (ok === 'invalid') throw accountFail('AUTH_OTP_INVALID');
}

export async function requestResidentCode(deps: AccountsDeps, rawPhone: string): Promise<{ expiresInSeconds: number }> {
  return sendCode(deps, requireMobile(rawPhone), 'resident_sign_in');
}

/** A resident's first sign-in creates the account, linked to the registry entry with that phone if any. */
async function residentAccountFor(deps: AccountsDeps, phone: string, phoneHash: string): Promise<Account> {
  const existing = await findResidentAccountByPhoneHash(deps.db, phoneHash);
  if (existing) return existing;
  const person = await findPersonForPhone(deps.db, phoneHash);
  const id = randomUUID();
  await insertAccount(deps.db, {
    id, kind: 'resident', personId: person?.id ?? null, username: null, displayName: person?.nameMasked ?? maskPhone(phone),
    passwordHash: null, phoneEnc: encryptField(deps.keyring, phone), phoneHash, phoneMasked: maskPhone(phone), otpRequired: false,
  }).catch(async (error: { code?: string }) => {
    if (error.code !== '23505') throw error; // the same number signing in twice at once: use the winner's account
  });
  return (await findResidentAccountByPhoneHash(deps.db, phoneHash))!;
}

export async function signInResident(deps: AccountsDeps, rawPhone: string, code: string): Promise<SignedIn> {
  const phone = requireMobile(rawPhone);
  const phoneHash = phoneHashOf(deps, phone);
  try {
    await consumeCode(deps, phoneHash, 'resident_sign_in', code);
  } catch (error) {
    await recordAudit(deps.db, { system: 'auth' }, { action: 'auth.sign_in_failed', targetType: 'phone', targetId: maskPhone(phone), detail: { method: 'otp' } }, deps.clock);
    throw error;
  }
  const account = await residentAccountFor(deps, phone, phoneHash);
  if (account.status !== 'active') throw accountFail('AUTH_ACCOUNT_DISABLED');
  await updateSignInState(deps.db, account.id, { failedSignIns: 0, lockedUntil: null, lastSignInAt: deps.clock.now() });
  const session = await createSession(deps, account.id);
  await recordAudit(deps.db, { accountId: account.id, label: account.displayName, kind: 'resident', personId: account.personId, roles: [] },
    { action: 'auth.sign_in', targetType: 'account', targetId: account.id, detail: { method: 'otp' } }, deps.clock);
  return { ...session, accountId: account.id };
}

export async function signInStaff(deps: AccountsDeps, username: string, password: string, otp: string | undefined): Promise<SignedIn> {
  const account = await findAccountByUsername(deps.db, username.trim().toLowerCase());
  const now = deps.clock.now();
  const passwordOk = await verifyPassword(password, account?.passwordHash ?? UNKNOWN_USER_HASH);
  if (!account || account.kind !== 'staff') {
    await recordAudit(deps.db, { system: 'auth' }, { action: 'auth.sign_in_failed', targetType: 'username', targetId: username.slice(0, 40), detail: { method: 'password', problem: 'unknown_user' } }, deps.clock);
    throw accountFail('AUTH_INVALID_CREDENTIALS');
  }
  const actor = { accountId: account.id, label: account.username ?? account.displayName, kind: 'staff' as const, personId: null, roles: [] };
  if (isLocked(account, now)) {
    await recordAudit(deps.db, actor, { action: 'auth.sign_in_failed', targetType: 'account', targetId: account.id, detail: { method: 'password', problem: 'locked' } }, deps.clock);
    throw accountFail('AUTH_ACCOUNT_LOCKED', { lockedUntil: account.lockedUntil!.toISOString() });
  }
  if (!passwordOk) {
    const next = afterFailedSignIn(account.failedSignIns, now);
    await updateSignInState(deps.db, account.id, next);
    await recordAudit(deps.db, actor, { action: next.lockedUntil ? 'auth.locked' : 'auth.sign_in_failed', targetType: 'account', targetId: account.id, detail: { method: 'password', problem: 'wrong_password' } }, deps.clock);
    throw accountFail(next.lockedUntil ? 'AUTH_ACCOUNT_LOCKED' : 'AUTH_INVALID_CREDENTIALS');
  }
  if (account.status !== 'active') throw accountFail('AUTH_ACCOUNT_DISABLED');
  if (account.otpRequired) {
    const phoneEnc = await findStaffPhoneEnc(deps.db, account.id);
    if (!phoneEnc) throw accountFail('AUTH_ACCOUNT_DISABLED');
    const phone = decryptField(deps.keyring, phoneEnc);
    if (!otp) {
      await sendCode(deps, phone, 'staff_sign_in').catch((error: { code?: string }) => {
        if (error.code !== 'AUTH_OTP_RESEND_TOO_SOON') throw error; // a code is already on its way
      });
      throw accountFail('AUTH_OTP_REQUIRED', { phoneMasked: account.phoneMasked });
    }
    await consumeCode(deps, phoneHashOf(deps, phone), 'staff_sign_in', otp);
  }
  await updateSignInState(deps.db, account.id, { failedSignIns: 0, lockedUntil: null, lastSignInAt: now });
  const session = await createSession(deps, account.id);
  await recordAudit(deps.db, actor, { action: 'auth.sign_in', targetType: 'account', targetId: account.id, detail: { method: account.otpRequired ? 'password+otp' : 'password' } }, deps.clock);
  return { ...session, accountId: account.id };
}
