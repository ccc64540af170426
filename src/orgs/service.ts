/** Organisations use cases. For now only what seeding needs; daily check-ins and return to work come later. */
import { randomUUID } from 'node:crypto';
import type { DbOrTrx } from '../db/transaction.ts';
import { regionPrefix } from '../kernel/regions-scope.ts';
import { ORGANISATION_KINDS, type NewOrganisation, type OrganisationKind } from './model.ts';
import { countOrganisationsByKind, insertOrganisations } from './store.ts';

/**
 * Adds many organisations at once, in the caller's transaction when given one. No access check:
 * the callers are trusted system code (demo seeding, CLI imports), not HTTP routes.
 */
export async function addOrganisationsBulk(db: DbOrTrx, organisations: readonly NewOrganisation[]): Promise<string[]> {
  const rows = organisations.map((o) => ({ ...o, id: randomUUID() }));
  await insertOrganisations(db, rows);
  return rows.map((r) => r.id);
}

/** Organisations within a region (omitted = everywhere), per kind; kinds with none count 0. */
export async function countOrganisations(db: DbOrTrx, regionCode?: string): Promise<Record<OrganisationKind, number>> {
  const counts = await countOrganisationsByKind(db, regionCode === undefined ? '' : regionPrefix(regionCode));
  return Object.fromEntries(ORGANISATION_KINDS.map((k) => [k, counts.get(k) ?? 0])) as Record<OrganisationKind, number>;
}
