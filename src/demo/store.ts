/**
 * Read-only questions the demo seeder asks of tables it does not own, kept here in one place
 * because no capability's service answers them yet (none needs "is anybody registered at all?"
 * or "which of these usernames exist?"). Writes always go through the owning services.
 */
import type { DbOrTrx } from '../db/transaction.ts';

/** Whether any person is registered (the seeder's meaning of an empty database). */
export async function anyPersonExists(db: DbOrTrx): Promise<boolean> {
  const row = await db.selectFrom('persons').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

export async function findExistingUsernames(db: DbOrTrx, usernames: readonly string[]): Promise<string[]> {
  if (usernames.length === 0) return [];
  const rows = await db.selectFrom('accounts').select('username').where('username', 'in', [...usernames]).execute();
  return rows.map((r) => r.username).filter((u): u is string => u !== null);
}

/**
 * Whether a synthetic person shows this masked phone. The masked form, not the blind index, is
 * asked because describing the demo log-ins has no keys at hand; for the demo block it is as good.
 */
export async function syntheticPersonWithMaskedPhoneExists(db: DbOrTrx, phoneMasked: string): Promise<boolean> {
  const row = await db.selectFrom('persons').select('id').where('synthetic', '=', true).where('phoneMasked', '=', phoneMasked)
    .limit(1).executeTakeFirst();
  return row !== undefined;
}
