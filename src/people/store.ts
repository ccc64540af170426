/** SQL for persons and guardianships. */
import type { DbOrTrx } from '../db/transaction.ts';

export async function findPersonsByPhoneHash(db: DbOrTrx, phoneHash: string): Promise<{ id: string; nameMasked: string; homeRegionCode: string }[]> {
  return db.selectFrom('persons').select(['id', 'nameMasked', 'homeRegionCode']).where('phoneHash', '=', phoneHash).orderBy('createdAt').execute();
}

export async function findPersonHomeRegion(db: DbOrTrx, personId: string): Promise<string | undefined> {
  const row = await db.selectFrom('persons').select('homeRegionCode').where('id', '=', personId).executeTakeFirst();
  return row?.homeRegionCode;
}
