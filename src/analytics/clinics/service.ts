/**
 * Fever clinics (发热门诊) and who works their desks: a health official of the region opens a
 * clinic at a hospital (a venue of kind hospital) and binds staff accounts holding clinic_staff
 * there; staff see the clinics they work at. Audited. Desk registrations are in visits.ts, the
 * daily reports in report.ts.
 */
import { describeStaffAccounts, findStaffAccountByUsername } from '../../accounts/service.ts';
import { recordAudit } from '../../audit/service.ts';
import { inTransaction, type DbOrTrx } from '../../db/transaction.ts';
import { requireAccess, requireActor, scopesFor, type Actor } from '../../kernel/access.ts';
import { regionCovers, regionPrefix } from '../../kernel/regions-scope.ts';
import { getVenue, type VenueDeps } from '../../venues/service.ts';
import { regionNames } from '../../regions/service.ts';
import { requireClinicManager } from './access.ts';
import { clinicFail } from './errors.ts';
import { deleteClinicStaff, findClinic, findClinicsIn, findClinicsOfStaff, findClinicStaff, insertClinic, upsertClinicStaff, type ClinicRow } from './store.ts';

export type ClinicDeps = VenueDeps;

export interface ClinicView { venueId: string; name: string; number: string; regionCode: string; regionName: string; openedAt: Date }

export async function clinicViews(deps: Pick<ClinicDeps, 'db'>, rows: readonly ClinicRow[]): Promise<ClinicView[]> {
  const names = await regionNames(deps.db, [...new Set(rows.map((r) => r.regionCode))]);
  return rows.map((r) => ({ venueId: r.venueId, name: r.name, number: r.number, regionCode: r.regionCode, regionName: names.get(r.regionCode) ?? r.regionCode, openedAt: r.openedAt }));
}

/** 开设发热门诊: the venue must be a hospital of the official's region. */
export async function openClinic(deps: ClinicDeps, actor: Actor | undefined, venueId: string): Promise<ClinicView> {
  const official = requireAccess(actor, 'clinic.manage');
  const venue = await getVenue(deps, official, venueId);
  requireAccess(official, 'clinic.manage', venue.regionCode);
  if (venue.kind !== 'hospital') throw clinicFail('CLINIC_VENUE_NOT_HOSPITAL', { kind: venue.kind });
  const now = deps.clock.now();
  await inTransaction(deps.db, async (trx) => {
    if (!await insertClinic(trx, { venueId: venue.id, regionCode: venue.regionCode, openedAt: now, openedByAccountId: official.accountId })) throw clinicFail('CLINIC_EXISTS');
    await recordAudit(trx, official, { action: 'clinic.open', targetType: 'venue', targetId: venue.id, regionCode: venue.regionCode, detail: { number: venue.number } }, deps.clock);
  });
  return (await clinicViews(deps, [(await findClinic(deps.db, venue.id))!]))[0]!;
}

/** The clinics of my regions (officials), by venue number, keyset-paginated. */
export async function listClinics(deps: ClinicDeps, actor: Actor | undefined, q: { regionCode?: string; after?: string; limit: number }): Promise<{ items: ClinicView[]; next: string | null }> {
  const official = requireAccess(actor, 'clinic.report.read', q.regionCode);
  const prefixes = (q.regionCode ? [q.regionCode] : scopesFor(official, 'clinic.report.read')).map(regionPrefix);
  const rows = await findClinicsIn(deps.db, prefixes, { afterNumber: q.after, limit: q.limit });
  return { items: await clinicViews(deps, rows), next: rows.length === q.limit ? rows.at(-1)!.number : null };
}

/** The clinics whose desk I work at. */
export async function myClinics(deps: ClinicDeps, actor: Actor | undefined): Promise<ClinicView[]> {
  const staff = requireActor(actor);
  const rows = (await findClinicsOfStaff(deps.db, staff.accountId)).filter((c) => scopesFor(staff, 'clinic.visit.write').some((s) => regionCovers(s, c.regionCode)));
  return clinicViews(deps, rows);
}

export interface ClinicStaffMember { accountId: string; username: string | null; displayName: string; addedAt: Date }

export async function listClinicStaff(deps: ClinicDeps, actor: Actor | undefined, venueId: string): Promise<ClinicStaffMember[]> {
  const { clinic } = await requireClinicManager(deps.db, actor, venueId);
  const rows = await findClinicStaff(deps.db, clinic.venueId);
  const names = await describeStaffAccounts(deps.db, rows.map((r) => r.accountId));
  return rows.map((r) => ({ ...r, username: names.get(r.accountId)?.username ?? null, displayName: names.get(r.accountId)?.displayName ?? '' }));
}

/** Binds a staff account (by username) holding clinic_staff for the clinic's region to its desk. */
export async function bindClinicStaff(deps: ClinicDeps, actor: Actor | undefined, venueId: string, username: string): Promise<ClinicStaffMember> {
  const { staff: official, clinic } = await requireClinicManager(deps.db, actor, venueId);
  const account = await findStaffAccountByUsername(deps.db, username.trim().toLowerCase());
  if (!account) throw clinicFail('CLINIC_STAFF_ACCOUNT_NOT_FOUND');
  if (!account.roles.some((g) => g.role === 'clinic_staff' && regionCovers(g.regionCode, clinic.regionCode))) throw clinicFail('CLINIC_STAFF_ROLE_MISSING', { regionCode: clinic.regionCode });
  const at = deps.clock.now();
  await inTransaction(deps.db, async (trx) => {
    await upsertClinicStaff(trx, { venueId: clinic.venueId, accountId: account.accountId, addedAt: at, addedByAccountId: official.accountId });
    await recordAudit(trx, official, {
      action: 'clinic.staff.bind', targetType: 'venue', targetId: clinic.venueId, regionCode: clinic.regionCode, detail: { accountId: account.accountId, username: account.username },
    }, deps.clock);
  });
  return { accountId: account.accountId, username: account.username, displayName: account.displayName, addedAt: at };
}

export async function unbindClinicStaff(deps: ClinicDeps, actor: Actor | undefined, venueId: string, accountId: string): Promise<{ removed: boolean }> {
  const { staff: official, clinic } = await requireClinicManager(deps.db, actor, venueId);
  if (!/^[0-9a-f-]{36}$/i.test(accountId)) return { removed: false };
  return inTransaction(deps.db, async (trx) => {
    const removed = await deleteClinicStaff(trx, clinic.venueId, accountId);
    if (removed) await recordAudit(trx, official, { action: 'clinic.staff.unbind', targetType: 'venue', targetId: clinic.venueId, regionCode: clinic.regionCode, detail: { accountId } }, deps.clock);
    return { removed };
  });
}

/** Seeders (the demo city): clinics opened with their desk staff at once, not audited (the seed audits itself). */
export async function openClinicsBulk(db: DbOrTrx, rows: readonly { venueId: string; regionCode: string; staffAccountIds: readonly string[] }[], at: Date): Promise<void> {
  for (const row of rows) {
    await insertClinic(db, { venueId: row.venueId, regionCode: row.regionCode, openedAt: at, openedByAccountId: null });
    for (const accountId of row.staffAccountIds) await upsertClinicStaff(db, { venueId: row.venueId, accountId, addedAt: at, addedByAccountId: null });
  }
}
