/**
 * Who may do what, where. Every service use case starts with requireAccess (or scopesFor when it
 * lists), so the rule lives in one table here instead of in each route. Least privilege: a role
 * gets only the permissions its work needs, and only inside the regions it was granted.
 */
import { kernelFail } from './errors.ts';
import { coversAny } from './regions-scope.ts';

export const ROLES = ['resident', 'guard', 'venue_admin', 'org_admin', 'community_worker', 'health_official', 'auditor', 'sysadmin', 'clinic_staff'] as const;
export type Role = (typeof ROLES)[number];
export const STAFF_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'resident');

export interface RoleGrant {
  role: Role;
  regionCode: string;
}

export interface Actor {
  accountId: string;
  kind: 'resident' | 'staff';
  personId: string | null;
  /** How the audit log names this actor (username for staff, masked name for residents). */
  label: string;
  roles: readonly RoleGrant[];
}

export const PERMISSIONS = {
  /** Aggregated figures of a region (no personal data). */
  'region.stats': ['health_official', 'community_worker', 'auditor', 'sysadmin', 'org_admin', 'venue_admin'],
  /** Onboard a city, manage staff accounts. */
  'region.onboard': ['sysadmin'],
  'account.manage': ['sysadmin'],
  /** Read a person's full record (audited each time). */
  'person.read': ['health_official', 'community_worker'],
  /** Masked person lists (names and numbers masked). */
  'person.list': ['health_official', 'community_worker'],
  'person.write': ['health_official', 'community_worker'],
  /** A guard at a gate looks a person up by ID number (audited). */
  'person.lookup': ['guard', 'health_official', 'community_worker'],
  'audit.read': ['auditor'],
  'audit.verify': ['auditor', 'sysadmin'],
  /** The built-in SMS gateway's outbox (demo installations). */
  'sms.outbox.read': ['sysadmin'],
  /** Rotate and list a region's health-code signing keys. */
  'signing_key.manage': ['sysadmin'],
  /** Revoke a printed health code (关爱码); the revocation reaches verifiers with the trust list. */
  'code.revoke': ['health_official', 'community_worker'],
  /** Check a shown health code at a gate against the live colour (audited per scan). */
  'code.check': ['guard', 'venue_admin', 'community_worker', 'health_official'],
  /** Issue and print a printed code (关爱码) for a person of the region without a smartphone (audited). */
  'code.print': ['health_official', 'community_worker'],
  /** Propose or approve (four-eyes) a manual colour decision for a person of the region; request one from another region (audited). */
  'code.override': ['health_official'],
  /** Take and answer residents' appeals (纠错) of the region (audited). */
  'code.appeal.handle': ['health_official', 'community_worker'],
  /** Health declaration for oneself or a dependant (ownership is checked by requireSelfOrGuardian). */
  'code.declare': ['resident'],
  /** Propose and publish a region's health-code rule sets, manage its risk areas (audited). */
  'rules.publish': ['health_official'],
  /** Dry-run a proposed rule set over the region's population (counts only, no personal data). */
  'rules.simulate': ['health_official'],
  /** Register venues in the region and manage the venues one administers (their posters, tokens, staff). */
  'venue.register': ['venue_admin'],
  /** Approve, reject or suspend the region's venues (audited). */
  'venue.approve': ['community_worker', 'health_official'],
  /** Read the region's venues and act as their staff for views (src/venues requireVenueStaff). */
  'venue.read': ['community_worker', 'health_official'],
  /** Import many venues from an Excel file, approved at once by the importer (audited). */
  'venue.import': ['community_worker'],
  /** Check oneself (or a dependant, via requireSelfOrGuardian) in at a venue by scanning its code. */
  'checkin.create': ['resident'],
  /** Record a check-in at a venue's gate from a scanned code, a printed code or an ID number (staff bound to the venue; audited). */
  'checkin.record': ['guard', 'venue_admin'],
  /** A person's check-ins (trajectory) for a stated reason (audited). */
  'checkin.trajectory': ['health_official', 'community_worker'],
  /** Check-in volumes of the region's districts and streets (counts only). */
  'checkin.stats': ['health_official', 'community_worker'],
  /** Change how long the region keeps check-ins (14–60 days; audited). */
  'checkin.retention': ['health_official', 'sysadmin'],
  /** Register organisations in the region and manage the ones one administers (members, units, rosters; src/orgs/access.ts). */
  'org.manage': ['org_admin'],
  /** Read the region's organisations and their reports (community workers see their streets', officials their region's). */
  'org.read': ['community_worker', 'health_official'],
  /** Approve or return companies' resumption applications (复工申请) of the region (src/orgs/resumption; audited). */
  'org.resumption.approve': ['health_official'],
  /** Publish notices (疫情通知) to the residents of regions within the grant, read their receipts, DING the unread (org_admins publish to their organisations through src/orgs/access.ts). */
  'notice.publish.region': ['health_official', 'community_worker'],
  /** Read the region's monitoring plans (监测计划, masked) and record follow-ups (随访) of its plans (src/monitoring; audited). */
  'monitoring.follow_up': ['community_worker', 'health_official'],
  /** End a region's monitoring plan early with a reason, or (re)assign its community worker (audited). */
  'monitoring.manage': ['health_official'],
  /** Create and run screening-call campaigns (外呼任务) of the region: scripts, callees, start/pause/stop, the do-not-call list (src/callbot; audited). */
  'callbot.campaign.manage': ['community_worker', 'health_official'],
  /** Read the region's campaigns, their progress and masked callee lists. */
  'callbot.campaign.read': ['community_worker', 'health_official', 'auditor'],
  /** Read the region's campaign reports and exports (src/callbot/results). */
  'callbot.report.read': ['community_worker', 'health_official', 'auditor'],
  /** Register the region's cases (病例), change their classification and infectious window, re-run tracing, import cases from other regions (src/tracing; audited). */
  'tracing.case.write': ['health_official'],
  /** Read the region's cases (masked), their events and transmission-chain graphs. */
  'tracing.case.read': ['health_official'],
  /** Read the contacts (密接、次密接) living in the region, masked: community workers their streets', officials their region's. */
  'tracing.contact.read': ['health_official', 'community_worker'],
  /** Read a person's contact links with their evidence (venue, overlap, which case) for a stated reason (audited). */
  'tracing.evidence.read': ['health_official', 'community_worker'],
  /** Set the city's tracing parameters (window, tolerance, depth, stays), mark venues exposed and notify who was there (audited). */
  'tracing.manage': ['health_official'],
  /** Set the city's situation-analysis parameters (the serial interval Rt is estimated with; audited). */
  'analytics.manage': ['health_official'],
  /** Open a fever clinic (发热门诊) at a hospital of the region and bind or unbind its desk staff (src/analytics/clinics; audited). */
  'clinic.manage': ['health_official'],
  /** Register patients at the desk of a fever clinic one is bound to and enter their results; a suspected or positive patient becomes a case (audited). */
  'clinic.visit.write': ['clinic_staff'],
  /** Read the daily fever-clinic reports (counts only) of the region's clinics and export them. */
  'clinic.report.read': ['health_official'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

function rolesFor(permission: Permission): readonly Role[] {
  return PERMISSIONS[permission];
}

/** The regions in which the actor holds this permission. */
export function scopesFor(actor: Actor, permission: Permission): string[] {
  const allowed = rolesFor(permission);
  return actor.roles.filter((g) => allowed.includes(g.role)).map((g) => g.regionCode);
}

export function can(actor: Actor, permission: Permission, regionCode?: string): boolean {
  const scopes = scopesFor(actor, permission);
  if (scopes.length === 0) return false;
  return regionCode === undefined || coversAny(scopes, regionCode);
}

/** Throws AUTH_REQUIRED without an actor, FORBIDDEN without the permission in that region. */
export function requireAccess(actor: Actor | undefined, permission: Permission, regionCode?: string): Actor {
  if (!actor) throw kernelFail('AUTH_REQUIRED');
  if (!can(actor, permission, regionCode)) throw kernelFail('FORBIDDEN', { permission });
  return actor;
}

export function requireActor(actor: Actor | undefined): Actor {
  if (!actor) throw kernelFail('AUTH_REQUIRED');
  return actor;
}

