/**
 * Sessions live in PostgreSQL so any server process can serve any request. Each process keeps a
 * short-lived cache of sessions it has checked (a hot route must not pay a query for it); a
 * sign-out is announced with NOTIFY so every process drops the session at once, and the cache's
 * time limit bounds the damage should a notification be missed.
 */
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { NotificationHub } from '../db/notifications.ts';
import type { Actor, Role, RoleGrant } from '../kernel/access.ts';
import { NATIONAL_REGION } from '../kernel/regions-scope.ts';
import { homeRegionOf } from '../people/service.ts';
import type { AccountsDeps } from './deps.ts';
import { deleteSession, findLiveSessionWithAccount, insertSession, touchSession } from './store.ts';

export const SESSION_REVOKED_CHANNEL = 'fangyi_session_revoked';
const CACHE_MS = 60_000;
const REFRESH_AFTER_MS = 45_000;
const REFRESH_JITTER_MS = 10_000;
const TOUCH_EVERY_MS = 5 * 60_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface LoadedSession {
  actor: Actor;
  csrfToken: string;
  expiresAt: Date;
}

export async function createSession(deps: AccountsDeps, accountId: string): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(deps.clock.now().getTime() + deps.sessionTtlHours * 3_600_000);
  await insertSession(deps.db, hashToken(token), { accountId, csrfToken, expiresAt });
  return { token, csrfToken, expiresAt };
}

/** One query for session, account and roles; a resident's home region from the people service. */
export async function loadSessionFromDb(deps: AccountsDeps, token: string): Promise<LoadedSession | undefined> {
  const found = await findLiveSessionWithAccount(deps.db, hashToken(token), deps.clock.now());
  if (!found || found.account.status !== 'active') return undefined;
  const { session, account } = found;
  let roles: RoleGrant[] = found.roles;
  if (account.kind === 'resident') {
    const home = account.personId ? await homeRegionOf(deps.db, account.personId) : undefined;
    roles = [{ role: 'resident' as Role, regionCode: home ?? NATIONAL_REGION }];
  }
  const actor: Actor = { accountId: account.id, kind: account.kind, personId: account.personId, label: account.username ?? account.displayName, roles };
  return { actor, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
}

export async function revokeSession(deps: AccountsDeps, token: string): Promise<void> {
  const tokenHash = hashToken(token);
  await deleteSession(deps.db, tokenHash);
  await sql`select pg_notify(${SESSION_REVOKED_CHANNEL}, ${tokenHash})`.execute(deps.db);
}

export interface SessionCache {
  load(token: string): Promise<LoadedSession | undefined>;
  forget(token: string): void;
}

/**
 * A per-process cache in front of loadSessionFromDb, emptied by NOTIFY from any process. Without
 * a hub, or while the hub is not listening, every request reads the database.
 *
 * An entry is served for CACHE_MS at most. One that is served after REFRESH_AFTER_MS (plus a
 * jitter) is read again in the background meanwhile, so a busy session never waits for the
 * database, and sessions loaded together (a server's first minute, a burst of sign-ins) do not
 * all fall due in the same second. A session read costs about as much as a check-in, so entries
 * live a minute: sign-out reaches every process at once through NOTIFY, and the time limit is only
 * the safety net. Nothing changes an account's status, roles or home region after it is made;
 * whatever comes to change them must announce it the same way, or it shows within a minute.
 */
export async function createSessionCache(deps: AccountsDeps, notifications: NotificationHub | undefined): Promise<SessionCache> {
  const entries = new Map<string, { session: LoadedSession; cachedAt: number; refreshAt: number; touchedAt: number }>();
  const refreshing = new Set<string>();
  // Bumped by every revocation and reset: a load that began before one may have read a session
  // that has been revoked since, so its answer is used but not kept.
  let generation = 0;
  await notifications?.subscribe(SESSION_REVOKED_CHANNEL, {
    onMessage: (tokenHash) => { generation++; entries.delete(tokenHash); },
    onReset: () => { generation++; entries.clear(); },
  });
  const cacheable = () => notifications?.listening === true;

  async function loadAndKeep(key: string, token: string, nowMs: number, previousTouch: number): Promise<LoadedSession | undefined> {
    const loadedIn = generation;
    const session = await loadSessionFromDb(deps, token);
    if (!session) {
      entries.delete(key);
      return undefined;
    }
    const touch = nowMs - previousTouch > TOUCH_EVERY_MS;
    if (touch) await touchSession(deps.db, key, new Date(nowMs));
    const touchedAt = touch ? nowMs : previousTouch;
    if (cacheable() && generation === loadedIn) {
      if (entries.size > 50_000) entries.clear();
      entries.set(key, { session, cachedAt: nowMs, refreshAt: nowMs + REFRESH_AFTER_MS + Math.random() * REFRESH_JITTER_MS, touchedAt });
    }
    return session;
  }

  return {
    async load(token) {
      const key = hashToken(token);
      const nowMs = deps.clock.now().getTime();
      const hit = entries.get(key);
      if (hit && cacheable() && nowMs - hit.cachedAt < CACHE_MS && hit.session.expiresAt.getTime() > nowMs) {
        if (nowMs >= hit.refreshAt && !refreshing.has(key)) {
          refreshing.add(key);
          // A failed refresh drops the entry: the next request reads the database itself.
          void loadAndKeep(key, token, nowMs, hit.touchedAt).catch(() => entries.delete(key)).finally(() => refreshing.delete(key));
        }
        return hit.session;
      }
      return loadAndKeep(key, token, nowMs, hit?.touchedAt ?? 0);
    },
    forget(token) {
      entries.delete(hashToken(token));
    },
  };
}
