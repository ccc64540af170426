/** SQL for accounts, roles, sessions, one-time codes and the SMS outbox. */
import { sql } from 'kysely';
import type { Db } from '../db/connection.ts';
import type { DbOrTrx } from '../db/transaction.ts';
import type { Role, RoleGrant } from '../kernel/access.ts';
import type { Account, SessionRecord } from './model.ts';

const accountColumns = ['id', 'kind', 'personId', 'username', 'displayName', 'passwordHash', 'phoneMasked', 'phoneHash',
  'otpRequired', 'status', 'failedSignIns', 'lockedUntil'] as const;

export async function findAccountByUsername(db: DbOrTrx, username: string): Promise<Account | undefined> {
  return db.selectFrom('accounts').select(accountColumns).where('username', '=', username).executeTakeFirst();
}

export async function findAccountById(db: DbOrTrx, id: string): Promise<Account | undefined> {
  return db.selectFrom('accounts').select(accountColumns).where('id', '=', id).executeTakeFirst();
}

export async function findResidentAccountByPhoneHash(db: DbOrTrx, phoneHash: string): Promise<Account | undefined> {
  return db.selectFrom('accounts').select(accountColumns).where('kind', '=', 'resident').where('phoneHash', '=', phoneHash).executeTakeFirst();
}

export async function findStaffPhoneEnc(db: DbOrTrx, accountId: string): Promise<string | null> {
  const row = await db.selectFrom('accounts').select('phoneEnc').where('id', '=', accountId).executeTakeFirst();
  return row?.phoneEnc ?? null;
}

export interface NewAccount {
  id: string;
  kind: 'resident' | 'staff';
  personId: string | null;
  username: string | null;
  displayName: string;
  passwordHash: string | null;
  phoneEnc: string | null;
  phoneHash: string | null;
  phoneMasked: string | null;
  otpRequired: boolean;
}

export async function insertAccount(db: DbOrTrx, account: NewAccount): Promise<void> {
  await db.insertInto('accounts').values(account).execute();
}

export async function insertRoleGrants(db: DbOrTrx, accountId: string, grants: readonly RoleGrant[]): Promise<void> {
  if (grants.length === 0) return;
  await db.insertInto('accountRoles').values(grants.map((g) => ({ accountId, role: g.role, regionCode: g.regionCode })))
    .onConflict((oc) => oc.doNothing()).execute();
}

export async function findRoleGrants(db: DbOrTrx, accountId: string): Promise<RoleGrant[]> {
  const rows = await db.selectFrom('accountRoles').select(['role', 'regionCode']).where('accountId', '=', accountId)
    .orderBy('role').orderBy('regionCode').execute();
  return rows.map((r) => ({ role: r.role as Role, regionCode: r.regionCode }));
}

export async function updateSignInState(db: DbOrTrx, accountId: string, state: { failedSignIns: number; lockedUntil: Date | null; lastSignInAt?: Date }): Promise<void> {
  await db.updateTable('accounts').set(state).where('id', '=', accountId).execute();
}

export async function insertSession(db: DbOrTrx, tokenHash: string, session: SessionRecord): Promise<void> {
  await db.insertInto('sessions').values({ tokenHash, ...session }).execute();
}

/**
 * A live session with its account and the account's role grants, in one round trip: this runs for
 * every session a process has not cached (every 15 s per active session, per process).
 */
export async function findLiveSessionWithAccount(
  db: DbOrTrx, tokenHash: string, now: Date,
): Promise<{ session: SessionRecord; account: Pick<Account, 'id' | 'kind' | 'personId' | 'username' | 'displayName' | 'status'>; roles: RoleGrant[] } | undefined> {
  const row = await db.selectFrom('sessions').innerJoin('accounts', 'accounts.id', 'sessions.accountId')
    .select([
      'sessions.accountId', 'sessions.csrfToken', 'sessions.expiresAt',
      'accounts.kind', 'accounts.personId', 'accounts.username', 'accounts.displayName', 'accounts.status',
      sql<{ role: string; regionCode: string }[]>`coalesce((select json_agg(json_build_object('role', r.role, 'regionCode', r.region_code) order by r.role, r.region_code)
        from account_roles r where r.account_id = accounts.id), '[]'::json)`.as('roles'),
    ])
    .where('sessions.tokenHash', '=', tokenHash).where('sessions.expiresAt', '>', now).executeTakeFirst();
  if (!row) return undefined;
  return {
    session: { accountId: row.accountId, csrfToken: row.csrfToken, expiresAt: row.expiresAt },
    account: { id: row.accountId, kind: row.kind, personId: row.personId, username: row.username, displayName: row.displayName, status: row.status },
    roles: row.roles.map((r) => ({ role: r.role as Role, regionCode: r.regionCode })),
  };
}

export async function touchSession(db: DbOrTrx, tokenHash: string, now: Date): Promise<void> {
  await db.updateTable('sessions').set({ lastSeenAt: now }).where('tokenHash', '=', tokenHash).execute();
}

export async function deleteSession(db: DbOrTrx, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('tokenHash', '=', tokenHash).execute();
}

export async function deleteExpiredSessions(db: Db, now: Date): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expiresAt', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function insertOtpChallenge(db: DbOrTrx, challenge: { id: string; phoneHash: string; purpose: 'resident_sign_in' | 'staff_sign_in'; codeHash: string; expiresAt: Date; createdAt: Date }): Promise<void> {
  await db.insertInto('otpChallenges').values(challenge).execute();
}

export async function findLatestOtpChallenge(db: DbOrTrx, phoneHash: string, purpose: 'resident_sign_in' | 'staff_sign_in') {
  return db.selectFrom('otpChallenges').selectAll().where('phoneHash', '=', phoneHash).where('purpose', '=', purpose)
    .orderBy('createdAt', 'desc').limit(1).forUpdate().executeTakeFirst();
}

export async function countOtpChallengesSince(db: DbOrTrx, phoneHash: string, since: Date): Promise<number> {
  const row = await db.selectFrom('otpChallenges').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('phoneHash', '=', phoneHash).where('createdAt', '>=', since).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function recordOtpAttempt(db: DbOrTrx, id: string, consumedAt: Date | null): Promise<void> {
  await db.updateTable('otpChallenges').set((eb) => ({ attempts: eb('attempts', '+', 1), consumedAt })).where('id', '=', id).execute();
}

export async function deleteOtpChallengesBefore(db: Db, before: Date): Promise<number> {
  const result = await db.deleteFrom('otpChallenges').where('expiresAt', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function insertSmsOutbox(db: DbOrTrx, message: { phoneEnc: string; phoneMasked: string; body: string }): Promise<void> {
  await db.insertInto('smsOutbox').values(message).execute();
}

export async function findSmsOutbox(db: DbOrTrx, limit: number, beforeId?: number) {
  let q = db.selectFrom('smsOutbox').select(['id', 'phoneMasked', 'body', 'createdAt']).orderBy('id', 'desc').limit(limit);
  if (beforeId !== undefined) q = q.where('id', '<', beforeId);
  return q.execute();
}

export async function deleteSmsOutboxBefore(db: Db, before: Date): Promise<number> {
  const result = await db.deleteFrom('smsOutbox').where('createdAt', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Rate-limit counter shared by every process: increments, restarting the window when it has passed. */
export async function incrementRateCounter(db: Db, key: string, windowMs: number): Promise<{ hits: number; resetsAt: Date }> {
  // CamelCasePlugin renames result columns of raw queries too: resets_at arrives as resetsAt.
  const row = await sql<{ hits: number; resetsAt: Date }>`
    insert into rate_limit_counters (key, hits, resets_at) values (${key}, 1, now() + ${windowMs} * interval '1 millisecond')
    on conflict (key) do update set
      hits = case when rate_limit_counters.resets_at <= now() then 1 else rate_limit_counters.hits + 1 end,
      resets_at = case when rate_limit_counters.resets_at <= now() then excluded.resets_at else rate_limit_counters.resets_at end
    returning hits, resets_at`.execute(db);
  const first = row.rows[0]!;
  return { hits: first.hits, resetsAt: first.resetsAt };
}

export async function deleteExpiredRateCounters(db: Db): Promise<number> {
  const result = await db.deleteFrom('rateLimitCounters').where('resetsAt', '<', sql<Date>`now()`).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Links a resident account that has no person yet; returns the account's phone fields, or undefined if it was not linkable. */
export async function linkResidentPerson(db: DbOrTrx, accountId: string, personId: string, displayName?: string): Promise<{ phoneEnc: string | null; phoneHash: string | null; phoneMasked: string | null } | undefined> {
  return db.updateTable('accounts').set(displayName === undefined ? { personId } : { personId, displayName })
    .where('id', '=', accountId).where('kind', '=', 'resident').where('personId', 'is', null)
    .returning(['phoneEnc', 'phoneHash', 'phoneMasked']).executeTakeFirst();
}

export async function findUsernamesIn(db: DbOrTrx, usernames: readonly string[]): Promise<string[]> {
  if (usernames.length === 0) return [];
  const rows = await db.selectFrom('accounts').select('username').where('username', 'in', [...usernames]).execute();
  return rows.map((r) => r.username).filter((u): u is string => u !== null);
}

/** Usernames and display names of staff accounts by id (venue staff lists). */
export async function findStaffNamesByIds(db: DbOrTrx, ids: readonly string[]): Promise<{ id: string; username: string | null; displayName: string }[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('accounts').select(['id', 'username', 'displayName']).where('id', 'in', [...ids]).where('kind', '=', 'staff').execute();
}

/** Active staff accounts holding `role` in one of these regions (exact codes), with the region of each grant. */
export async function findActiveStaffGrants(db: DbOrTrx, role: Role, regionCodes: readonly string[]): Promise<{ accountId: string; regionCode: string }[]> {
  if (regionCodes.length === 0) return [];
  return db.selectFrom('accountRoles').innerJoin('accounts', 'accounts.id', 'accountRoles.accountId')
    .select(['accountRoles.accountId', 'accountRoles.regionCode'])
    .where('accountRoles.role', '=', role).where('accountRoles.regionCode', 'in', [...regionCodes])
    .where('accounts.kind', '=', 'staff').where('accounts.status', '=', 'active')
    .orderBy('accountRoles.accountId').execute();
}
