import { describe, expect, it } from 'vitest';
import { afterFailedSignIn, isLocked, MAX_FAILED_SIGN_INS, normalizeMobile } from './model.ts';

describe('accounts model', () => {
  it('normalises mainland mobile numbers and rejects others', () => {
    expect(normalizeMobile('+86 138-0000-1234')).toBe('13800001234');
    expect(normalizeMobile('008613800001234')).toBe('13800001234');
    expect(normalizeMobile('12800001234')).toBeUndefined();
    expect(normalizeMobile('1380000123')).toBeUndefined();
    expect(normalizeMobile('0571-88886666')).toBeUndefined();
  });
  it('locks after the last allowed failure and starts the counter over', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(afterFailedSignIn(MAX_FAILED_SIGN_INS - 2, now)).toEqual({ failedSignIns: MAX_FAILED_SIGN_INS - 1, lockedUntil: null });
    const locked = afterFailedSignIn(MAX_FAILED_SIGN_INS - 1, now);
    expect(locked.failedSignIns).toBe(0);
    expect(isLocked(locked, now)).toBe(true);
    expect(isLocked(locked, new Date(now.getTime() + 16 * 60_000))).toBe(false);
  });
});
