/** The only SQL of manual decisions: proposals (decide / revoke / false_declaration) and requests from other regions. */
import type { Selectable, Transaction } from 'kysely';
import type { CodeOverrideProposalTable, Database } from '../../db/schema.ts';
import type { DbOrTrx } from '../../db/transaction.ts';
import type { PageCursor, ProposalFields } from './model.ts';

export type StoredProposal = Selectable<CodeOverrideProposalTable>;

export interface NewProposal extends ProposalFields {
  reasonEnc: string;
  proposedBy: string;
}

export async function insertProposal(db: DbOrTrx, row: NewProposal): Promise<void> {
  await db.insertInto('codeOverrideProposals').values(row).execute();
}

export async function findProposal(db: DbOrTrx, id: string): Promise<StoredProposal | undefined> {
  return db.selectFrom('codeOverrideProposals').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Locks the proposal for its decision, so two approvers cannot both decide it. */
export async function lockProposal(trx: Transaction<Database>, id: string): Promise<StoredProposal | undefined> {
  return trx.selectFrom('codeOverrideProposals').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function markApproved(
  trx: Transaction<Database>, id: string, by: string, at: Date, window: { from: Date; until: Date | null } | null,
): Promise<void> {
  await trx.updateTable('codeOverrideProposals')
    .set({ status: 'approved', decidedBy: by, decidedAt: at, effectiveFrom: window?.from ?? null, effectiveUntil: window?.until ?? null })
    .where('id', '=', id).execute();
}

export async function markRejected(trx: Transaction<Database>, id: string, by: string, at: Date, reasonEnc: string): Promise<void> {
  await trx.updateTable('codeOverrideProposals').set({ status: 'rejected', decidedBy: by, decidedAt: at, rejectReasonEnc: reasonEnc }).where('id', '=', id).execute();
}

export async function markDecisionRevoked(trx: Transaction<Database>, decisionId: string, at: Date): Promise<void> {
  await trx.updateTable('codeOverrideProposals').set({ revokedAt: at }).where('id', '=', decisionId).execute();
}

/** Pending, unlapsed proposals in these region prefixes, oldest first. */
export async function findPendingProposals(
  db: DbOrTrx, prefixes: readonly string[], at: Date, page: { after?: PageCursor; limit: number },
): Promise<StoredProposal[]> {
  let query = db.selectFrom('codeOverrideProposals').selectAll()
    .where('status', '=', 'pending').where('expiresAt', '>', at)
    .where((eb) => eb.or(prefixes.map((p) => eb('regionCode', 'like', `${p}%`))));
  const after = page.after;
  if (after) query = query.where((eb) => eb.or([eb('proposedAt', '>', after.at), eb.and([eb('proposedAt', '=', after.at), eb('id', '>', after.id)])]));
  return query.orderBy('proposedAt').orderBy('id').limit(page.limit).execute();
}

export interface EffectiveDecisionRow {
  id: string;
  personId: string;
  colour: 'green' | 'yellow' | 'red';
  effectiveFrom: Date;
  effectiveUntil: Date;
  office: string;
}

/** Approved, unrevoked decisions still running at `at`, for many persons in one query. */
export async function findEffectiveDecisions(db: DbOrTrx, personIds: readonly string[], at: Date): Promise<EffectiveDecisionRow[]> {
  if (personIds.length === 0) return [];
  const rows = await db.selectFrom('codeOverrideProposals')
    .select(['id', 'personId', 'colour', 'effectiveFrom', 'effectiveUntil', 'office'])
    .where('personId', 'in', personIds).where('kind', '=', 'decide').where('status', '=', 'approved')
    .where('revokedAt', 'is', null).where('effectiveUntil', '>', at)
    .orderBy('effectiveFrom').execute();
  return rows.map((r) => ({ ...r, colour: r.colour!, effectiveFrom: r.effectiveFrom!, effectiveUntil: r.effectiveUntil! }));
}

export interface EstablishedFalseDeclarationRow {
  personId: string;
  establishedAt: Date;
}

/** Approved, unrevoked false-declaration establishments of these persons, oldest first. */
export async function findEstablishedFalseDeclarations(db: DbOrTrx, personIds: readonly string[]): Promise<EstablishedFalseDeclarationRow[]> {
  if (personIds.length === 0) return [];
  const rows = await db.selectFrom('codeOverrideProposals').select(['personId', 'effectiveFrom'])
    .where('personId', 'in', personIds).where('kind', '=', 'false_declaration').where('status', '=', 'approved')
    .where('revokedAt', 'is', null).orderBy('effectiveFrom').execute();
  return rows.map((r) => ({ personId: r.personId, establishedAt: r.effectiveFrom! }));
}

export interface DeclarationEstablishmentRow {
  id: string;
  declarationId: string;
  status: 'pending' | 'approved';
  proposedAt: Date;
  effectiveFrom: Date | null;
}

/** Establishments of these declarations that still count at `at`: pending and unlapsed, or approved and unrevoked. */
export async function findDeclarationEstablishments(db: DbOrTrx, declarationIds: readonly string[], at: Date): Promise<DeclarationEstablishmentRow[]> {
  if (declarationIds.length === 0) return [];
  const rows = await db.selectFrom('codeOverrideProposals').select(['id', 'declarationId', 'status', 'proposedAt', 'effectiveFrom'])
    .where('declarationId', 'in', declarationIds).where('kind', '=', 'false_declaration')
    .where((eb) => eb.or([
      eb.and([eb('status', '=', 'pending'), eb('expiresAt', '>', at)]),
      eb.and([eb('status', '=', 'approved'), eb('revokedAt', 'is', null)]),
    ]))
    .orderBy('proposedAt').execute();
  return rows.map((r) => ({ ...r, declarationId: r.declarationId!, status: r.status === 'approved' ? 'approved' : 'pending' }));
}

/** The unique index that refuses a second establishment of one declaration (migration 0440). */
export function isSecondEstablishment(error: unknown): boolean {
  const pgError = error as { code?: string; constraint?: string };
  return pgError.code === '23505' && pgError.constraint === 'code_override_false_declaration_once_idx';
}

export interface NewRequest {
  id: string;
  personId: string;
  regionCode: string;
  fromRegionCode: string;
  requestedBy: string;
  requestedAt: Date;
  reasonEnc: string;
}

export async function insertRequest(db: DbOrTrx, row: NewRequest): Promise<void> {
  await db.insertInto('codeOverrideRequests').values(row).execute();
}

export async function findRequests(
  db: DbOrTrx, prefixes: readonly string[], page: { after?: PageCursor; limit: number },
): Promise<NewRequest[]> {
  let query = db.selectFrom('codeOverrideRequests').selectAll().where((eb) => eb.or(prefixes.map((p) => eb('regionCode', 'like', `${p}%`))));
  const after = page.after;
  if (after) query = query.where((eb) => eb.or([eb('requestedAt', '>', after.at), eb.and([eb('requestedAt', '=', after.at), eb('id', '>', after.id)])]));
  return query.orderBy('requestedAt').orderBy('id').limit(page.limit).execute();
}
