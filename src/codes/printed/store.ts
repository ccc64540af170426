/** SQL for printed_codes. */
import type { DbOrTrx } from '../../db/transaction.ts';
import type { PrintedCode } from './model.ts';

const columns = ['id', 'personId', 'regionCode', 'tokenId', 'issuedAt', 'expiresAt', 'issuedBy', 'issuingOffice', 'revokedAt'] as const;

export interface NewPrintedCode extends Omit<PrintedCode, 'revokedAt'> {
  tokenEnc: string;
  issuedByAccountId: string | null;
}

export async function insertPrintedCode(db: DbOrTrx, row: NewPrintedCode): Promise<void> {
  await db.insertInto('printedCodes').values(row).execute();
}

export async function isPrintedTokenIdTaken(db: DbOrTrx, regionCode: string, tokenId: string): Promise<boolean> {
  return (await db.selectFrom('printedCodes').select('id').where('regionCode', '=', regionCode).where('tokenId', '=', tokenId).executeTakeFirst()) !== undefined;
}

export async function findPrintedCode(db: DbOrTrx, id: string): Promise<(PrintedCode & { tokenEnc: string }) | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  return db.selectFrom('printedCodes').select([...columns, 'tokenEnc']).where('id', '=', id).executeTakeFirst();
}

/** Marks the code revoked; false when it already was (two officials revoking at once: one wins). */
export async function markPrintedCodeRevoked(db: DbOrTrx, id: string, by: string, at: Date): Promise<boolean> {
  const result = await db.updateTable('printedCodes').set({ revokedAt: at, revokedBy: by }).where('id', '=', id).where('revokedAt', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function findPrintedCodesOfPerson(db: DbOrTrx, personId: string, limit = 50): Promise<PrintedCode[]> {
  return db.selectFrom('printedCodes').select(columns).where('personId', '=', personId).orderBy('issuedAt', 'desc').limit(limit).execute();
}
