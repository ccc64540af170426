/**
 * Who may do what with one venue. Three relations: bound staff (venue_staff: its administrators,
 * who must still hold venue_admin for its region, and its guards, who must still hold guard
 * there), and the officials of its area (community workers and health officials whose grant
 * covers the venue's region).
 *   manage (edit, rotate, posters, staff): its administrators, officials with venue.approve there
 *   view (details, check-ins, screen code): the above and its guards, officials with venue.read there
 */
import type { DbOrTrx } from '../db/transaction.ts';
import { can, requireActor, type Actor } from '../kernel/access.ts';
import { kernelFail } from '../kernel/errors.ts';
import { regionCovers } from '../kernel/regions-scope.ts';
import { venueFail } from './errors.ts';
import type { Venue, VenueStaffRole } from './model.ts';
import { findStaffRole, findVenue } from './store.ts';

export type VenueRelation = 'admin' | 'guard' | 'official';

/** The actor's standing at a venue whose region is `regionCode`, given their binding there (if any). */
export function relationTo(actor: Actor, regionCode: string, binding: VenueStaffRole | undefined): { manage: boolean; view: boolean; as: VenueRelation | null } {
  const admin = binding === 'admin' && can(actor, 'venue.register', regionCode);
  const guard = binding === 'guard' && actor.roles.some((g) => g.role === 'guard' && regionCovers(g.regionCode, regionCode));
  const approver = can(actor, 'venue.approve', regionCode);
  const reader = can(actor, 'venue.read', regionCode);
  return {
    manage: admin || approver,
    view: admin || guard || approver || reader,
    as: admin ? 'admin' : guard ? 'guard' : approver || reader ? 'official' : null,
  };
}

export interface VenueAccess {
  staff: Actor;
  venue: Venue;
  as: VenueRelation;
  manage: boolean;
}

/** The venue and the actor's standing, or AUTH_REQUIRED / VENUE_NOT_FOUND / FORBIDDEN. */
export async function requireVenueRelation(db: DbOrTrx, actor: Actor | undefined, venueId: string, need: 'manage' | 'view'): Promise<VenueAccess> {
  const staff = requireActor(actor);
  if (staff.kind !== 'staff') throw kernelFail('FORBIDDEN');
  const venue = await findVenue(db, venueId);
  if (!venue) throw venueFail('VENUE_NOT_FOUND');
  const relation = relationTo(staff, venue.regionCode, await findStaffRole(db, venue.id, staff.accountId));
  if (!relation[need] || !relation.as) throw kernelFail('FORBIDDEN', { venueId });
  return { staff, venue, as: relation.as, manage: relation.manage };
}
