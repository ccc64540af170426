/**
 * Who may do what with one organisation. Its administrators (organisation_admins, who must still
 * hold org_admin for its region) manage it; community workers and health officials whose grant
 * covers its region read it (reports, lists). Every organisation use case starts here.
 */
import type { DbOrTrx } from '../db/transaction.ts';
import { can, requireActor, type Actor } from '../kernel/access.ts';
import { kernelFail } from '../kernel/errors.ts';
import { orgFail } from './errors.ts';
import type { Organisation } from './model.ts';
import { findOrganisation, isOrganisationAdmin } from './store.ts';

export type OrganisationRelation = 'admin' | 'official';

export interface OrganisationAccess {
  staff: Actor;
  organisation: Organisation;
  as: OrganisationRelation;
  manage: boolean;
}

/**
 * The organisation and the actor's standing, or AUTH_REQUIRED / ORG_NOT_FOUND / FORBIDDEN. An
 * official outside its region gets ORG_NOT_FOUND, as for an unknown id (no probing of ids).
 */
export async function requireOrganisationRelation(db: DbOrTrx, actor: Actor | undefined, organisationId: string, need: 'manage' | 'view'): Promise<OrganisationAccess> {
  const staff = requireActor(actor);
  if (staff.kind !== 'staff') throw kernelFail('FORBIDDEN');
  const organisation = await findOrganisation(db, organisationId);
  if (!organisation) throw orgFail('ORG_NOT_FOUND');
  const admin = can(staff, 'org.manage', organisation.regionCode) && await isOrganisationAdmin(db, organisation.id, staff.accountId);
  const official = can(staff, 'org.read', organisation.regionCode);
  if (!admin && !official) throw orgFail('ORG_NOT_FOUND');
  if (need === 'manage' && !admin) throw kernelFail('FORBIDDEN', { organisationId });
  return { staff, organisation, as: admin ? 'admin' : 'official', manage: admin };
}
