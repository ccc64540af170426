/** SQL for code_facts_changed, the outbox of "this person's colour inputs changed". */
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import type { DbOrTrx } from '../../../db/transaction.ts';

/** Rows per statement: four parameters each stay far below PostgreSQL's 65,535 (a traced case can touch tens of thousands of persons). */
const INSERT_CHUNK = 5000;

export async function insertFactsChanged(db: DbOrTrx, rows: readonly { personId: string; source: string; sourceRef: string | null; changedAt: Date }[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) await db.insertInto('codeFactsChanged').values(rows.slice(i, i + INSERT_CHUNK)).execute();
}

/**
 * Locks up to `limit` unprocessed rows, skipping rows another process holds, and returns their
 * persons: several server processes can drain the outbox at once without doing a person twice.
 */
export async function lockPendingFactPersons(trx: Transaction<Database>, limit: number): Promise<string[]> {
  const rows = await trx.selectFrom('codeFactsChanged').select('personId')
    .where('processedAt', 'is', null).orderBy('id').limit(limit)
    .modifyEnd(sql`for update skip locked`).execute();
  return [...new Set(rows.map((r) => r.personId))];
}

export async function findPendingFactIds(db: DbOrTrx, personIds: readonly string[]): Promise<{ id: number; personId: string }[]> {
  if (personIds.length === 0) return [];
  return db.selectFrom('codeFactsChanged').select(['id', 'personId']).where('personId', 'in', [...personIds]).where('processedAt', 'is', null).execute();
}

export async function markFactsProcessedByIds(db: DbOrTrx, ids: readonly number[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('codeFactsChanged').set({ processedAt: at }).where('id', 'in', [...ids]).execute();
}

export async function deleteProcessedFactsBefore(db: DbOrTrx, before: Date): Promise<number> {
  const result = await db.deleteFrom('codeFactsChanged').where('processedAt', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
