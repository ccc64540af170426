/**
 * The facts-changed outbox: a capability whose data feeds the colour (declarations today; check-ins,
 * tracing's cases and contacts, manual decisions, …) notes the persons concerned in the same transaction
 * as its own write. The colour review job drains it, so a colour is recomputed even when the
 * immediate recomputation after a change did not run (crash, lost connection).
 */
import type { Transaction } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import type { DbOrTrx } from '../../../db/transaction.ts';
import { deleteProcessedFactsBefore, findPendingFactIds, insertFactsChanged, lockPendingFactPersons, markFactsProcessedByIds } from './store.ts';

/** `source` names the kind of input ('declaration', 'risk_areas', …), `sourceRef` the row that changed. */
export async function noteFactsChanged(db: DbOrTrx, personIds: readonly string[], source: string, sourceRef: string | null, at: Date): Promise<void> {
  await insertFactsChanged(db, [...new Set(personIds)].map((personId) => ({ personId, source, sourceRef, changedAt: at })));
}

/** Several changes of one kind, each with its own row (a batch of daily check-ins). */
export async function noteEachFactChanged(db: DbOrTrx, source: string, changes: readonly { personId: string; sourceRef: string; changedAt: Date }[]): Promise<void> {
  if (changes.length === 0) return;
  await insertFactsChanged(db, changes.map((c) => ({ ...c, source })));
}

export async function lockPersonsWithPendingFacts(trx: Transaction<Database>, limit: number): Promise<string[]> {
  return lockPendingFactPersons(trx, limit);
}

/**
 * The persons' unprocessed rows, read before their facts are gathered: rows committed after this
 * read stay pending (their change may not be in the facts) and the job takes them up.
 */
export async function pendingFactsOf(db: DbOrTrx, personIds: readonly string[]): Promise<{ id: number; personId: string }[]> {
  return findPendingFactIds(db, personIds);
}

export async function markFactsProcessed(db: DbOrTrx, ids: readonly number[], at: Date): Promise<void> {
  await markFactsProcessedByIds(db, ids, at);
}

/** Processed rows are only a trail for debugging; a week of them is plenty. */
export async function purgeProcessedFacts(db: DbOrTrx, before: Date): Promise<number> {
  return deleteProcessedFactsBefore(db, before);
}
