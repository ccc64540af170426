/** People: the one base record every case, check-in and code points at. */
import type { DbOrTrx } from '../db/transaction.ts';
import { findPersonHomeRegion, findPersonsByPhoneHash } from './store.ts';

/** The person a phone number belongs to (the earliest registered, when family members share one). */
export async function findPersonForPhone(db: DbOrTrx, phoneHash: string): Promise<{ id: string; nameMasked: string; homeRegionCode: string } | undefined> {
  const persons = await findPersonsByPhoneHash(db, phoneHash);
  return persons[0];
}

export async function homeRegionOf(db: DbOrTrx, personId: string): Promise<string | undefined> {
  return findPersonHomeRegion(db, personId);
}
