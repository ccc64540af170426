/** Accounts use cases other than signing in: who am I, staff accounts, the SMS outbox, housekeeping. */
import { randomUUID } from 'node:crypto';
import { recordAudit, type AuditActor } from '../audit/service.ts';
import { requireAccess, requireActor, STAFF_ROLES, type Actor, type Role, type RoleGrant } from '../kernel/access.ts';
import { NATIONAL_REGION, regionCovers } from '../kernel/regions-scope.ts';
import { blindIndex, encryptField } from '../kernel/crypto/field-encryption.ts';
import { kernelFail } from '../kernel/errors.ts';
import { maskPhone } from '../kernel/masking.ts';
import { regionNames } from '../regions/service.ts';
import type { AccountsDeps } from './deps.ts';
import { inTransaction, type DbOrTrx } from '../db/transaction.ts';
import type { Keyring } from '../kernel/crypto/field-encryption.ts';
import type { Clock } from '../kernel/time.ts';
import { accountFail } from './errors.ts';
import { normalizeMobile, type Me } from './model.ts';
import { hashPassword, isStrongEnough } from './password.ts';
import {
  deleteExpiredRateCounters, deleteExpiredSessions, deleteOtpChallengesBefore, deleteSmsOutboxBefore, findAccountById,
  findAccountByUsername, findActiveStaffGrants, findRoleGrants, findSmsOutbox, findStaffNamesByIds, findUsernamesIn, insertAccount, insertRoleGrants,
} from './store.ts';
import { linkResidentPerson as linkResidentPersonRow } from './store.ts';

export async function describeMe(deps: AccountsDeps, actor: Actor | undefined, csrfToken: string): Promise<Me> {
  const me = requireActor(actor);
  const account = await findAccountById(deps.db, me.accountId);
  if (!account) throw kernelFail('AUTH_REQUIRED');
  const names = await regionNames(deps.db, me.roles.map((r) => r.regionCode));
  return {
    accountId: account.id,
    kind: account.kind,
    displayName: account.displayName,
    username: account.username,
    phoneMasked: account.phoneMasked,
    personId: account.personId,
    roles: me.roles.map((r) => ({ ...r, regionName: names.get(r.regionCode) ?? (r.regionCode === '000000' ? '全国' : r.regionCode) })),
    csrfToken,
  };
}

export interface NewStaffAccount {
  username: string;
  displayName: string;
  password: string;
  phone?: string;
  otpRequired?: boolean;
  roles: RoleGrant[];
}

/** Creates a staff account. `by` is a sysadmin actor from the console, or { system: 'cli' } on the server's own machine. */
export async function createStaffAccount(deps: { db: DbOrTrx; keyring: Keyring; clock: Clock }, by: AuditActor, input: NewStaffAccount): Promise<{ accountId: string }> {
  if (!('system' in by)) {
    for (const grant of input.roles) requireAccess(by, 'account.manage', grant.regionCode);
  }
  const username = input.username.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9._-]{2,39}$/.test(username)) throw kernelFail('VALIDATION_FAILED', { field: 'username' });
  if (!isStrongEnough(input.password)) throw accountFail('ACCOUNT_WEAK_PASSWORD');
  if (input.roles.some((r) => !STAFF_ROLES.includes(r.role))) throw kernelFail('VALIDATION_FAILED', { field: 'roles' });
  const phone = input.phone === undefined ? undefined : normalizeMobile(input.phone);
  if (input.phone !== undefined && !phone) throw kernelFail('VALIDATION_FAILED', { field: 'phone' });
  if (input.otpRequired && !phone) throw kernelFail('VALIDATION_FAILED', { field: 'phone', en: 'a one-time code needs a phone' });
  if (await findAccountByUsername(deps.db, username)) throw accountFail('ACCOUNT_USERNAME_TAKEN');
  const id = randomUUID();
  const passwordHash = await hashPassword(input.password);
  await inTransaction(deps.db, async (trx) => {
    await insertAccount(trx, {
      id, kind: 'staff', personId: null, username, displayName: input.displayName.trim(), passwordHash,
      phoneEnc: phone ? encryptField(deps.keyring, phone) : null,
      phoneHash: phone ? blindIndex(deps.keyring, 'phone', phone) : null,
      phoneMasked: phone ? maskPhone(phone) : null,
      otpRequired: input.otpRequired ?? false,
    });
    await insertRoleGrants(trx, id, input.roles);
    await recordAudit(trx, by, {
      action: 'account.create', targetType: 'account', targetId: id, regionCode: input.roles[0]?.regionCode ?? null,
      detail: { username, roles: input.roles },
    }, deps.clock);
  }).catch((error: { code?: string }) => {
    if (error.code === '23505') throw accountFail('ACCOUNT_USERNAME_TAKEN');
    if (error.code === '23503') throw kernelFail('VALIDATION_FAILED', { field: 'roles.regionCode', en: 'unknown region code' });
    throw error;
  });
  return { accountId: id };
}

export async function listSmsOutbox(deps: AccountsDeps, actor: Actor | undefined, page: { limit: number; beforeId?: number }) {
  const reader = requireAccess(actor, 'sms.outbox.read');
  const rows = await findSmsOutbox(deps.db, page.limit, page.beforeId);
  await recordAudit(deps.db, reader, { action: 'sms.outbox.read', detail: { count: rows.length } }, deps.clock);
  return rows;
}

/** Deletes what has no reason to be kept: expired sessions, old codes and outbox messages, stale counters. */
export async function purgeExpiredAuthData(deps: AccountsDeps): Promise<Record<string, number>> {
  const now = deps.clock.now();
  const dayAgo = new Date(now.getTime() - 86_400_000);
  return {
    sessions: await deleteExpiredSessions(deps.db, now),
    otpChallenges: await deleteOtpChallengesBefore(deps.db, dayAgo),
    smsOutbox: await deleteSmsOutboxBefore(deps.db, new Date(now.getTime() - 7 * 86_400_000)),
    rateLimitCounters: await deleteExpiredRateCounters(deps.db),
  };
}

/**
 * Links a resident's account to their person record (people capability, on self-registration).
 * Returns the account's phone (encrypted, index, masked) so the person can take it over, or
 * undefined when the account is not a resident account or already has a person. A person already
 * linked to another account violates accounts_resident_person_idx (23505): the caller maps it.
 */
export async function linkResidentPerson(db: DbOrTrx, accountId: string, personId: string, displayName?: string) {
  return linkResidentPersonRow(db, accountId, personId, displayName);
}

/** Which of these usernames are taken (seeders create only the missing accounts). */
export async function findExistingUsernames(db: DbOrTrx, usernames: readonly string[]): Promise<string[]> {
  return findUsernamesIn(db, usernames);
}

/** An active staff account by username with its role grants, for binding it to something (venue guards); undefined when none. */
export async function findStaffAccountByUsername(db: DbOrTrx, username: string): Promise<{ accountId: string; username: string; displayName: string; roles: RoleGrant[] } | undefined> {
  const account = await findAccountByUsername(db, username.trim().toLowerCase());
  if (!account || account.kind !== 'staff' || account.status !== 'active' || !account.username) return undefined;
  return { accountId: account.id, username: account.username, displayName: account.displayName, roles: await findRoleGrants(db, account.id) };
}

/** Usernames and display names of staff accounts (lists of who is bound to what). */
export async function describeStaffAccounts(db: DbOrTrx, ids: readonly string[]): Promise<Map<string, { username: string | null; displayName: string }>> {
  const rows = await findStaffNamesByIds(db, ids);
  return new Map(rows.map((r) => [r.id, { username: r.username, displayName: r.displayName }]));
}

/**
 * Active staff accounts whose grant of `role` covers `regionCode` (granted for it or one of its
 * ancestors: a district's worker covers its streets), e.g. the community workers a monitoring plan
 * of a street can be assigned to. Ids only, sorted; describeStaffAccounts names them.
 */
export async function activeStaffCovering(db: DbOrTrx, role: Role, regionCode: string): Promise<string[]> {
  const six = regionCode.slice(0, 6);
  const candidates = [...new Set([regionCode, six, `${six.slice(0, 4)}00`, `${six.slice(0, 2)}0000`, NATIONAL_REGION])];
  const grants = await findActiveStaffGrants(db, role, candidates);
  return [...new Set(grants.filter((g) => regionCovers(g.regionCode, regionCode)).map((g) => g.accountId))].sort();
}
