/**
 * Who may do what at one fever clinic. Two relations:
 *   desk (register patients, enter results, read its visits): staff bound to the clinic
 *     (fever_clinic_staff) who still hold clinic_staff for a region covering it;
 *   report (read its daily counts): the desk, and health officials whose clinic.report.read
 *     covers the clinic's region.
 * Staff of clinic A are FORBIDDEN at clinic B, as a guard is at another venue.
 */
import type { DbOrTrx } from '../../db/transaction.ts';
import { can, requireAccess, requireActor, type Actor } from '../../kernel/access.ts';
import { kernelFail } from '../../kernel/errors.ts';
import { clinicFail } from './errors.ts';
import { findClinic, isClinicStaff, type ClinicRow } from './store.ts';

export interface ClinicAccess {
  staff: Actor;
  clinic: ClinicRow;
}

/** The clinic, when the actor works its desk; AUTH_REQUIRED, FORBIDDEN or CLINIC_NOT_FOUND otherwise. */
export async function requireClinicDesk(db: DbOrTrx, actor: Actor | undefined, venueId: string): Promise<ClinicAccess> {
  const staff = requireAccess(actor, 'clinic.visit.write');
  const clinic = await findClinic(db, venueId);
  if (!clinic) throw clinicFail('CLINIC_NOT_FOUND');
  if (!can(staff, 'clinic.visit.write', clinic.regionCode) || !(await isClinicStaff(db, clinic.venueId, staff.accountId))) throw kernelFail('FORBIDDEN', { venueId });
  return { staff, clinic };
}

/** The clinic, when the actor may read its report: its desk, or an official of its region. */
export async function requireClinicReport(db: DbOrTrx, actor: Actor | undefined, venueId: string): Promise<ClinicAccess & { as: 'desk' | 'official' }> {
  const staff = requireActor(actor);
  if (staff.kind !== 'staff') throw kernelFail('FORBIDDEN');
  const clinic = await findClinic(db, venueId);
  if (!clinic) {
    if (!can(staff, 'clinic.report.read') && !can(staff, 'clinic.visit.write')) throw kernelFail('FORBIDDEN');
    throw clinicFail('CLINIC_NOT_FOUND');
  }
  if (can(staff, 'clinic.report.read', clinic.regionCode)) return { staff, clinic, as: 'official' };
  if (can(staff, 'clinic.visit.write', clinic.regionCode) && await isClinicStaff(db, clinic.venueId, staff.accountId)) return { staff, clinic, as: 'desk' };
  throw kernelFail('FORBIDDEN', { venueId });
}

/** A clinic the region's officials manage (open, staff); CLINIC_NOT_FOUND / FORBIDDEN otherwise. */
export async function requireClinicManager(db: DbOrTrx, actor: Actor | undefined, venueId: string): Promise<ClinicAccess> {
  const staff = requireAccess(actor, 'clinic.manage');
  const clinic = await findClinic(db, venueId);
  if (!clinic) throw clinicFail('CLINIC_NOT_FOUND');
  return { staff: requireAccess(staff, 'clinic.manage', clinic.regionCode), clinic };
}
