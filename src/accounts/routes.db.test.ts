import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount } from './service.ts';
import { createTestPlatform, type TestPlatform } from '../../test/support/platform.ts';

let t: TestPlatform;

beforeAll(async () => {
  t = await createTestPlatform();
  await createStaffAccount(t.platform, { system: 'test' }, {
    username: 'official1', displayName: '王官员', password: 'correct-horse-9', roles: [{ role: 'health_official', regionCode: '330100' }],
  });
});
afterAll(async () => t.close());

function cookiesOf(response: { cookies: { name: string; value: string }[] }): Record<string, string> {
  return Object.fromEntries(response.cookies.map((c) => [c.name, c.value]));
}

async function latestCode(): Promise<string> {
  const row = await t.database.db.selectFrom('smsOutbox').select('body').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
  return /([0-9]{6})/.exec(row.body)![1]!;
}

describe('staff sign-in', () => {
  it('signs in with the right password and shows roles with region names', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/staff/sign-in', payload: { username: 'official1', password: 'correct-horse-9' } });
    expect(res.statusCode).toBe(200);
    const me = res.json();
    expect(me.roles).toEqual([{ role: 'health_official', regionCode: '330100', regionName: '浙江省杭州市' }]);
    const cookies = cookiesOf(res);
    expect(cookies.fy_session).toBeTruthy();
    const again = await t.app.inject({ method: 'GET', url: '/api/me', cookies: { fy_session: cookies.fy_session! } });
    expect(again.statusCode).toBe(200);
    expect(again.json().username).toBe('official1');
  });

  it('rejects a wrong password with a stable code and both languages', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/staff/sign-in', payload: { username: 'official1', password: 'wrong-password-1' } });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'AUTH_INVALID_CREDENTIALS', zh: expect.stringContaining('密码'), en: expect.any(String) });
  });

  it('locks the account after five failures, even for the right password', async () => {
    await createStaffAccount(t.platform, { system: 'test' }, { username: 'locky', displayName: 'L', password: 'correct-horse-9', roles: [{ role: 'auditor', regionCode: '330100' }] });
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/staff/sign-in', payload: { username: 'locky', password: `nope-nope-${i}` } });
      codes.push(res.json().code);
    }
    expect(codes.slice(0, 4)).toEqual(Array(4).fill('AUTH_INVALID_CREDENTIALS'));
    expect(codes[4]).toBe('AUTH_ACCOUNT_LOCKED');
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/staff/sign-in', payload: { username: 'locky', password: 'correct-horse-9' } });
    expect(res.json().code).toBe('AUTH_ACCOUNT_LOCKED');
  });
});

describe('resident sign-in by phone and one-time code', () => {
  it('sends a code to the outbox and signs in with it once', async () => {
    const sent = await t.app.inject({ method: 'POST', url: '/api/auth/resident/code', payload: { phone: '+86 138-0000-1234' } });
    expect(sent.statusCode).toBe(200);
    const code = await latestCode();
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/resident/sign-in', payload: { phone: '13800001234', code } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ kind: 'resident', phoneMasked: '138****1234' });
    const reuse = await t.app.inject({ method: 'POST', url: '/api/auth/resident/sign-in', payload: { phone: '13800001234', code } });
    expect(reuse.json().code).toBe('AUTH_OTP_INVALID');
  });

  it('refuses a malformed phone number with VALIDATION_FAILED', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/resident/code', payload: { phone: '12345' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
  });

  it('does not resend within a minute', async () => {
    await t.app.inject({ method: 'POST', url: '/api/auth/resident/code', payload: { phone: '13900000001' } });
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/resident/code', payload: { phone: '13900000001' } });
    expect(res.json().code).toBe('AUTH_OTP_RESEND_TOO_SOON');
  });
});

describe('sessions', () => {
  it('requires the CSRF token to sign out, and sign-out ends the session', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/staff/sign-in', payload: { username: 'official1', password: 'correct-horse-9' } });
    const cookies = cookiesOf(res);
    const noCsrf = await t.app.inject({ method: 'POST', url: '/api/auth/sign-out', cookies: { fy_session: cookies.fy_session! } });
    expect(noCsrf.json().code).toBe('CSRF_TOKEN_INVALID');
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/sign-out', cookies: { fy_session: cookies.fy_session! }, headers: { 'x-csrf-token': cookies.fy_csrf! } });
    expect(out.statusCode).toBe(204);
    const me = await t.app.inject({ method: 'GET', url: '/api/me', cookies: { fy_session: cookies.fy_session! } });
    expect(me.json().code).toBe('AUTH_REQUIRED');
  });
});
