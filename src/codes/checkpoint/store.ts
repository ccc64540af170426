/**
 * The live status behind a token's pseudonymous subject id. It reads code_status (owned by
 * ../colours) read-only, joined with the person's home region, because colours/service.ts has no
 * lookup by subject yet; move this there when it grows one.
 */
import type { DbOrTrx } from '../../db/transaction.ts';
import type { LiveStatus } from './model.ts';

export async function findLiveStatusBySubject(db: DbOrTrx, subjectId: Uint8Array): Promise<LiveStatus | undefined> {
  return db.selectFrom('codeStatus').innerJoin('persons', 'persons.id', 'codeStatus.personId')
    .select(['codeStatus.colour', 'codeStatus.since', 'persons.homeRegionCode'])
    .where('codeStatus.subjectId', '=', Buffer.from(subjectId)).executeTakeFirst();
}
