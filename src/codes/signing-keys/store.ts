/** SQL for signing keys. The private key column only ever holds ciphertext (encryptField). */
import type { DbOrTrx } from '../../db/transaction.ts';
import type { PublicSigningKey, SigningAlgorithm } from './model.ts';

export interface NewSigningKeyRow {
  kid: string;
  regionCode: string;
  algorithm: SigningAlgorithm;
  publicKey: string;
  privateKeyEnc: string;
  createdAt: Date;
}

export async function insertSigningKey(db: DbOrTrx, row: NewSigningKeyRow): Promise<void> {
  await db.insertInto('signingKeys').values(row).execute();
}

const publicColumns = ['kid', 'regionCode', 'algorithm', 'publicKey', 'createdAt', 'retiredAt'] as const;

function toPublic(row: { kid: string; regionCode: string; algorithm: SigningAlgorithm; publicKey: string; createdAt: Date; retiredAt: Date | null }): PublicSigningKey {
  return { kid: row.kid, regionCode: row.regionCode, algorithm: row.algorithm, publicKeyPem: row.publicKey, createdAt: row.createdAt, retiredAt: row.retiredAt };
}

/** Newest first; retired keys included (tokens they signed may still need verifying). */
export async function findPublicKeysByRegion(db: DbOrTrx, regionCode: string): Promise<PublicSigningKey[]> {
  const rows = await db.selectFrom('signingKeys').select(publicColumns).where('regionCode', '=', regionCode)
    .orderBy('createdAt', 'desc').orderBy('kid', 'desc').execute();
  return rows.map(toPublic);
}

export async function findSigningKeyByKid(db: DbOrTrx, kid: string) {
  const row = await db.selectFrom('signingKeys').select([...publicColumns, 'privateKeyEnc']).where('kid', '=', kid).executeTakeFirst();
  return row && { ...toPublic(row), privateKeyEnc: row.privateKeyEnc };
}

export async function findNewestActiveKid(db: DbOrTrx, regionCode: string): Promise<string | undefined> {
  const row = await db.selectFrom('signingKeys').select('kid').where('regionCode', '=', regionCode).where('retiredAt', 'is', null)
    .orderBy('createdAt', 'desc').orderBy('kid', 'desc').limit(1).executeTakeFirst();
  return row?.kid;
}

/** Locks the region's key rows so two rotations at once cannot both leave a current key. */
export async function lockRegionKeys(trx: DbOrTrx, regionCode: string): Promise<void> {
  await trx.selectFrom('signingKeys').select('kid').where('regionCode', '=', regionCode).forUpdate().execute();
}

/** Retires every active key of the region; returns what it retired, newest first. */
export async function retireActiveKeys(trx: DbOrTrx, regionCode: string, at: Date): Promise<{ kid: string; algorithm: SigningAlgorithm }[]> {
  const rows = await trx.updateTable('signingKeys').set({ retiredAt: at }).where('regionCode', '=', regionCode).where('retiredAt', 'is', null)
    .returning(['kid', 'algorithm', 'createdAt']).execute();
  return rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()).map(({ kid, algorithm }) => ({ kid, algorithm }));
}

/** Every region's keys that may still have valid tokens: active, or retired after `retiredAfter`. */
export async function findTrustedPublicKeys(db: DbOrTrx, retiredAfter: Date): Promise<PublicSigningKey[]> {
  const rows = await db.selectFrom('signingKeys').select(publicColumns)
    .where((eb) => eb.or([eb('retiredAt', 'is', null), eb('retiredAt', '>', retiredAfter)]))
    .orderBy('regionCode').orderBy('createdAt', 'desc').orderBy('kid', 'desc').execute();
  return rows.map(toPublic);
}
