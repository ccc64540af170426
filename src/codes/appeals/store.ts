/** The only SQL of appeals (纠错). */
import { sql, type Selectable, type Transaction } from 'kysely';
import type { CodeAppealTable, Database } from '../../db/schema.ts';
import type { DbOrTrx } from '../../db/transaction.ts';
import type { QueueCursor } from './model.ts';

export type StoredAppeal = Selectable<CodeAppealTable>;

/** Serialises filings for one person, so two at once cannot both pass the open-appeals limit. */
export async function lockPersonAppeals(trx: Transaction<Database>, personId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`appeals:${personId}`}))`.execute(trx);
}

export async function countOpenAppeals(db: DbOrTrx, personId: string): Promise<number> {
  const row = await db.selectFrom('codeAppeals').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('personId', '=', personId).where('status', '=', 'open').executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertAppeal(db: DbOrTrx, row: Pick<StoredAppeal, 'id' | 'personId' | 'regionCode' | 'filedBy' | 'filedAt' | 'deadlineAt' | 'messageEnc'>): Promise<void> {
  await db.insertInto('codeAppeals').values(row).execute();
}

export async function lockAppeal(trx: Transaction<Database>, id: string): Promise<StoredAppeal | undefined> {
  return trx.selectFrom('codeAppeals').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function setAppealOwner(trx: Transaction<Database>, id: string, ownerAccountId: string, at: Date): Promise<void> {
  await trx.updateTable('codeAppeals').set({ ownerAccountId, assignedAt: at }).where('id', '=', id).execute();
}

export async function setAppealAnswer(
  trx: Transaction<Database>, id: string, answer: { answerEnc: string; outcome: 'upheld' | 'corrected'; correctionRef: string | null; answeredBy: string; answeredAt: Date },
): Promise<void> {
  await trx.updateTable('codeAppeals').set({ ...answer, status: 'answered' }).where('id', '=', id).execute();
}

/** The regions' appeals with this status, nearest deadline first. */
export async function findAppealQueue(
  db: DbOrTrx, prefixes: readonly string[], status: 'open' | 'answered', page: { after?: QueueCursor; limit: number },
): Promise<StoredAppeal[]> {
  let query = db.selectFrom('codeAppeals').selectAll().where('status', '=', status)
    .where((eb) => eb.or(prefixes.map((p) => eb('regionCode', 'like', `${p}%`))));
  const after = page.after;
  if (after) query = query.where((eb) => eb.or([eb('deadlineAt', '>', after.deadlineAt), eb.and([eb('deadlineAt', '=', after.deadlineAt), eb('id', '>', after.id)])]));
  return query.orderBy('deadlineAt').orderBy('id').limit(page.limit).execute();
}

/** A person's appeals, newest first (a resident has a handful at most). */
export async function findAppealsOfPerson(db: DbOrTrx, personId: string, limit: number): Promise<StoredAppeal[]> {
  return db.selectFrom('codeAppeals').selectAll().where('personId', '=', personId).orderBy('filedAt', 'desc').orderBy('id', 'desc').limit(limit).execute();
}
