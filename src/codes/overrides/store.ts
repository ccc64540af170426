/** The only SQL of manual decisions: proposals (decide / revoke) and requests from other regions. */
import type { Selectable, Transaction } from 'kysely';
import type { CodeOverrideProposalTable, Database } from '../../db/schema.ts';
import type { DbOrTrx } from '../../db/transaction.ts';
import type { PageCursor } from './model.ts';

export type StoredProposal = Selectable<CodeOverrideProposalTable>;

export interface NewProposal {
  id: string;
  kind: 'decide' | 'revoke';
  personId: string;
  regionCode: string;
  colour: 'green' | 'yellow' | 'red' | null;
  validDays: number | null;
  decisionId: string | null;
  reasonEnc: string;
  legalBasis: string;
  office: string;
  proposedBy: string;
  proposedAt: Date;
  expiresAt: Date;
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
  trx: Transaction<Database>, id: string, by: string, at: Date, window: { from: Date; until: Date } | null,
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
