/**
 * Which guard signed in on this device, remembered for a day so the scan page still opens after a
 * reload with the network off (the session cannot be checked then). It only unlocks the offline,
 * in-browser verification of public signatures; live checks and lookups need the real session.
 */
import type { Me } from '../../common/api/me.ts';
import { PERMISSIONS } from '../../../src/kernel/access.ts';
import type { KeyValueStore } from './trust-cache.ts';

const KEY = 'fy.scan.guard';
const MAX_AGE_MS = 24 * 60 * 60 * 1000;

export interface RememberedGuard {
  displayName: string;
  username: string | null;
  at: number;
}

export function canCheckCodes(me: Me | null): boolean {
  const allowed: readonly string[] = PERMISSIONS['code.check'];
  return me !== null && me.kind === 'staff' && me.roles.some((g) => allowed.includes(g.role));
}

export function rememberGuard(storage: KeyValueStore, me: Me, now: Date): void {
  storage.setItem(KEY, JSON.stringify({ displayName: me.displayName, username: me.username, at: now.getTime() } satisfies RememberedGuard));
}

export function forgetGuard(storage: KeyValueStore & { removeItem(key: string): void }): void {
  storage.removeItem(KEY);
}

export function rememberedGuard(storage: KeyValueStore, now: Date): RememberedGuard | null {
  try {
    const value = JSON.parse(storage.getItem(KEY) ?? 'null') as RememberedGuard | null;
    if (!value || typeof value.at !== 'number' || now.getTime() - value.at > MAX_AGE_MS || value.at > now.getTime()) return null;
    return value;
  } catch {
    return null;
  }
}
