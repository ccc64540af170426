/**
 * Printed codes (关爱码) for people without a smartphone (pure). The printed token carries the
 * colour at printing time, but the paper never shows a colour: the gate's live check decides,
 * so a printed code cannot go on saying "green" for two weeks.
 */
import type { Role } from '../../kernel/access.ts';
import { MAX_VALIDITY_SECONDS } from '../token/model.ts';

export const DEFAULT_PRINTED_DAYS = 14;
/** The token format's longest validity (14 days): longer codes would outlive retired keys' trust window. */
export const MAX_PRINTED_DAYS = Math.floor(MAX_VALIDITY_SECONDS / 86_400);

export interface PrintedCode {
  id: string;
  personId: string;
  /** The issuing region (city tenant) and the token id a revocation names, hex. */
  regionCode: string;
  tokenId: string;
  issuedAt: Date;
  expiresAt: Date;
  issuedBy: string;
  issuingOffice: string;
  revokedAt: Date | null;
}

export function isValidDays(days: number): boolean {
  return Number.isInteger(days) && days >= 1 && days <= MAX_PRINTED_DAYS;
}

const OFFICE_SUFFIX: Partial<Record<Role, string>> = { health_official: '卫生健康部门', community_worker: '社区工作站' };

/** The office named on the paper: the issuer's region and service, never the person's name. */
export function issuingOfficeName(regionName: string, role: Role): string {
  return `${regionName}${OFFICE_SUFFIX[role] ?? ''}`;
}

/** The narrowest of the actor's grants that covers the person's home region, for the office name. */
export function narrowestGrant<G extends { regionCode: string }>(grants: readonly G[], covers: (scope: string) => boolean): G | undefined {
  return grants.filter((g) => covers(g.regionCode)).sort((a, b) => b.regionCode.replace(/0+$/, '').length - a.regionCode.replace(/0+$/, '').length)[0];
}
