/** SQL for the installation key, token revocations and imported trust lists. */
import type { DbOrTrx } from '../../db/transaction.ts';
import type { RevocationJson } from '../token/trust-store.ts';
import type { SignedTrustList } from './model.ts';

export interface InstallationKeyRow {
  fingerprint: string;
  publicKey: string;
  privateKeyEnc: string;
}

export async function findCurrentInstallationKey(db: DbOrTrx): Promise<InstallationKeyRow | undefined> {
  return db.selectFrom('installationKeys').select(['fingerprint', 'publicKey', 'privateKeyEnc']).where('retiredAt', 'is', null).executeTakeFirst();
}

/** Inserts unless another process made the current key first (then nothing happens). */
export async function insertInstallationKey(db: DbOrTrx, row: InstallationKeyRow & { createdAt: Date }): Promise<void> {
  await db.insertInto('installationKeys').values({ ...row, algorithm: 'Ed25519' })
    .onConflict((oc) => oc.doNothing()).execute();
}

export async function insertRevocation(db: DbOrTrx, row: { regionCode: string; tokenId: string; expiresAt: Date; reason: string; revokedBy: string; revokedAt: Date }): Promise<boolean> {
  const result = await db.insertInto('tokenRevocations').values(row).onConflict((oc) => oc.columns(['regionCode', 'tokenId']).doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Revocations whose tokens have not yet expired (expired tokens fail anyway). */
export async function findLiveRevocations(db: DbOrTrx, now: Date): Promise<RevocationJson[]> {
  const rows = await db.selectFrom('tokenRevocations').select(['regionCode', 'tokenId', 'expiresAt']).where('expiresAt', '>', now)
    .orderBy('regionCode').orderBy('tokenId').execute();
  return rows.map((r) => ({ regionCode: r.regionCode, tokenId: r.tokenId, expiresAt: r.expiresAt.toISOString() }));
}

export interface ImportedListRow {
  source: string;
  fingerprint: string;
  publicKey: string;
  list: SignedTrustList;
  generatedAt: Date;
  validUntil: Date;
  importedAt: Date;
}

export async function findImportedList(db: DbOrTrx, source: string): Promise<ImportedListRow | undefined> {
  const row = await db.selectFrom('importedTrustLists').select(['source', 'fingerprint', 'publicKey', 'list', 'generatedAt', 'validUntil', 'importedAt'])
    .where('source', '=', source).forUpdate().executeTakeFirst();
  return row && { ...row, list: row.list as SignedTrustList };
}

export async function findImportedLists(db: DbOrTrx): Promise<ImportedListRow[]> {
  const rows = await db.selectFrom('importedTrustLists').select(['source', 'fingerprint', 'publicKey', 'list', 'generatedAt', 'validUntil', 'importedAt'])
    .orderBy('firstImportedAt').orderBy('source').execute();
  return rows.map((row) => ({ ...row, list: row.list as SignedTrustList }));
}

export async function upsertImportedList(db: DbOrTrx, row: ImportedListRow): Promise<void> {
  const values = { ...row, list: JSON.stringify(row.list) };
  await db.insertInto('importedTrustLists').values({ ...values, firstImportedAt: row.importedAt })
    .onConflict((oc) => oc.column('source').doUpdateSet({
      fingerprint: values.fingerprint, publicKey: values.publicKey, list: values.list, generatedAt: values.generatedAt,
      validUntil: values.validUntil, importedAt: values.importedAt,
    })).execute();
}
