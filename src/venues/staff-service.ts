/**
 * Staff bound to a venue (venue_staff): its administrators bind guards (and fellow
 * administrators) by username; the account must hold that role for the venue's region. A guard
 * bound to a venue sees its check-ins and records check-ins there. Audited.
 */
import { describeStaffAccounts, findStaffAccountByUsername } from '../accounts/service.ts';
import { recordAudit } from '../audit/service.ts';
import { inTransaction, type DbOrTrx } from '../db/transaction.ts';
import type { Actor, Role } from '../kernel/access.ts';
import { regionCovers } from '../kernel/regions-scope.ts';
import type { Clock } from '../kernel/time.ts';
import { requireVenueRelation } from './access.ts';
import { venueFail } from './errors.ts';
import type { VenueStaffRole } from './model.ts';
import { countAdmins, deleteVenueStaff, findStaffRole, findVenueStaff, lockVenue, upsertVenueStaff } from './store.ts';

export interface VenueStaffMember {
  accountId: string;
  username: string | null;
  displayName: string;
  role: VenueStaffRole;
  addedAt: Date;
}

const ROLE_NEEDED: Record<VenueStaffRole, Role> = { admin: 'venue_admin', guard: 'guard' };

export async function listVenueStaff(deps: { db: DbOrTrx }, actor: Actor | undefined, venueId: string): Promise<VenueStaffMember[]> {
  await requireVenueRelation(deps.db, actor, venueId, 'manage');
  const rows = await findVenueStaff(deps.db, venueId);
  const names = await describeStaffAccounts(deps.db, rows.map((r) => r.accountId));
  return rows.map((r) => ({ ...r, username: names.get(r.accountId)?.username ?? null, displayName: names.get(r.accountId)?.displayName ?? '' }));
}

export async function bindVenueStaff(
  deps: { db: DbOrTrx; clock: Clock }, actor: Actor | undefined, venueId: string, input: { username: string; role: VenueStaffRole },
): Promise<VenueStaffMember> {
  const { staff, venue } = await requireVenueRelation(deps.db, actor, venueId, 'manage');
  const account = await findStaffAccountByUsername(deps.db, input.username);
  if (!account) throw venueFail('VENUE_STAFF_ACCOUNT_NOT_FOUND');
  const needed = ROLE_NEEDED[input.role];
  if (!account.roles.some((g) => g.role === needed && regionCovers(g.regionCode, venue.regionCode))) {
    throw venueFail('VENUE_STAFF_ROLE_MISSING', { role: needed, regionCode: venue.regionCode });
  }
  const at = deps.clock.now();
  await inTransaction(deps.db, async (trx) => {
    await lockVenue(trx, venueId); // bindings of one venue change one at a time (the last-admin rule)
    const before = await findStaffRole(trx, venueId, account.accountId);
    if (before === 'admin' && input.role !== 'admin' && (await countAdmins(trx, venueId)) <= 1) throw venueFail('VENUE_STAFF_LAST_ADMIN');
    await upsertVenueStaff(trx, { venueId, accountId: account.accountId, role: input.role, addedByAccountId: staff.accountId, addedAt: at });
    await recordAudit(trx, staff, {
      action: 'venue.staff.bind', targetType: 'venue', targetId: venueId, regionCode: venue.regionCode,
      detail: { number: venue.number, accountId: account.accountId, username: account.username, role: input.role, before: before ?? null },
    }, deps.clock);
  });
  return { accountId: account.accountId, username: account.username, displayName: account.displayName, role: input.role, addedAt: at };
}

/** Unbinds an account; a venue's last administrator stays (imported venues, which have none, are managed by the area's officials). */
export async function unbindVenueStaff(deps: { db: DbOrTrx; clock: Clock }, actor: Actor | undefined, venueId: string, accountId: string): Promise<{ removed: boolean }> {
  const { staff, venue } = await requireVenueRelation(deps.db, actor, venueId, 'manage');
  if (!/^[0-9a-f-]{36}$/i.test(accountId)) return { removed: false };
  return inTransaction(deps.db, async (trx) => {
    await lockVenue(trx, venueId);
    const role = await findStaffRole(trx, venueId, accountId);
    if (!role) return { removed: false };
    if (role === 'admin' && (await countAdmins(trx, venueId)) <= 1) throw venueFail('VENUE_STAFF_LAST_ADMIN');
    await deleteVenueStaff(trx, venueId, accountId);
    await recordAudit(trx, staff, {
      action: 'venue.staff.unbind', targetType: 'venue', targetId: venueId, regionCode: venue.regionCode, detail: { number: venue.number, accountId, role },
    }, deps.clock);
    return { removed: true };
  });
}
