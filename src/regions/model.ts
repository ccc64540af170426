/** Regions and tenants: shapes and pure rules (prefix ranges, who can be onboarded, default settings). */
import { randomInt } from 'node:crypto';
import { regionPrefix } from '../kernel/regions-scope.ts';

export interface Region {
  code: string;
  name: string;
  fullName: string;
  level: number;
  parentCode: string | null;
  isTenant: boolean;
}

export interface RegionStats {
  regionCode: string;
  residents: number;
  venues: number;
  organisations: number;
  staffAccounts: number;
  /** When these figures were counted (they may be served from a short cache). */
  countedAt: Date;
}

export interface OnboardResult {
  regionCode: string;
  displayName: string;
  adminUsername: string;
  adminPassword: string;
  signingKeyId: string;
}

/** Tenants are cities: tenant lookup elsewhere goes through cityOf(code). */
export const ONBOARDABLE_LEVEL = 2;

/**
 * The next prefix of the same length ('3301' → '3302', '3309' → '3310'), or null when there is
 * none ('99', ''): then no upper bound is needed, since codes are digits only.
 */
export function nextPrefix(prefix: string): string | null {
  if (!/^[0-9]*$/.test(prefix)) throw new Error('region prefixes are digits');
  const digits = prefix.split('');
  for (let i = digits.length - 1; i >= 0; i--) {
    if (digits[i] !== '9') {
      digits[i] = String(Number(digits[i]) + 1);
      return digits.join('');
    }
    digits[i] = '0';
  }
  return null;
}

/**
 * Codes a region covers as a half-open range [from, to): a plain btree range scan, with no LIKE
 * and no sentinel characters whose order depends on the server's collation.
 */
export function coveredCodeRange(code: string): { from: string; to: string | null } {
  const prefix = regionPrefix(code);
  return { from: prefix, to: nextPrefix(prefix) };
}

export function defaultTenantSettings(): Record<string, unknown> {
  return {
    locale: 'zh-CN',
    timeZone: 'Asia/Shanghai',
    signingAlgorithm: 'Ed25519',
    checkinRetentionDays: 28,
  };
}

export function defaultAdminUsername(regionCode: string): string {
  return `admin-${regionCode}`;
}

const PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** 4 × 5 characters without look-alikes (about 115 bits), always with letters and digits. */
export function generateAdminPassword(): string {
  for (;;) {
    const groups = Array.from({ length: 4 }, () => Array.from({ length: 5 }, () => PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)]).join(''));
    const password = groups.join('-');
    if (/[A-Za-z]/.test(password) && /[0-9]/.test(password)) return password;
  }
}
