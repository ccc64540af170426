import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';

/** A connection or an open transaction: services pass theirs on so side effects commit together. */
export type DbOrTrx = Kysely<Database> | Transaction<Database>;

/** Runs `work` in the caller's transaction, or in a new one when given a plain connection. */
export async function inTransaction<T>(db: DbOrTrx, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db as Transaction<Database>);
  return db.transaction().execute(work);
}
