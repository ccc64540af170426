/**
 * Signing keys per tenant region: created at onboarding (and on rotation), public halves for the
 * trust list, private halves decrypted only in memory when a token is signed.
 */
import type { DbOrTrx } from '../../db/transaction.ts';
import { decryptField, encryptField, type Keyring } from '../../kernel/crypto/field-encryption.ts';
import { shanghaiDay, type Clock } from '../../kernel/time.ts';
import { signingKeyFail } from './errors.ts';
import {
  buildKid, generateKeyPairPem, parsePrivateKeyPem, SUPPORTED_ALGORITHMS,
  type PrivateSigningKey, type PublicSigningKey, type SigningAlgorithm,
} from './model.ts';
import { findNewestActiveKid, findPublicKeysByRegion, findSigningKeyByKid, insertSigningKey } from './store.ts';

export type { PrivateSigningKey, PublicSigningKey, SigningAlgorithm } from './model.ts';
export { signBytes, verifyBytes, SIGNING_ALGORITHMS, SUPPORTED_ALGORITHMS } from './model.ts';

export interface SigningKeyDeps {
  db: DbOrTrx;
  keyring: Keyring;
  clock: Clock;
}

/**
 * Makes a key pair for a tenant region and stores it, private half encrypted. Not audited here:
 * callers (onboarding, rotation) audit in the same transaction they pass as `deps.db`.
 */
export async function createSigningKey(deps: SigningKeyDeps, regionCode: string, algorithm: SigningAlgorithm = 'Ed25519'): Promise<PublicSigningKey> {
  if (!SUPPORTED_ALGORITHMS.includes(algorithm)) throw signingKeyFail('SIGNING_ALGORITHM_UNSUPPORTED', { algorithm });
  const pair = generateKeyPairPem(algorithm);
  const createdAt = deps.clock.now();
  const kid = buildKid(regionCode, shanghaiDay(createdAt));
  try {
    await insertSigningKey(deps.db, {
      kid, regionCode, algorithm, publicKey: pair.publicKeyPem, privateKeyEnc: encryptField(deps.keyring, pair.privateKeyPem), createdAt,
    });
  } catch (error) {
    if ((error as { code?: string }).code === '23503') throw signingKeyFail('SIGNING_KEY_REGION_NOT_TENANT', { regionCode });
    throw error;
  }
  return { kid, regionCode, algorithm, publicKeyPem: pair.publicKeyPem, createdAt, retiredAt: null };
}

export async function listPublicKeys(db: DbOrTrx, regionCode: string): Promise<PublicSigningKey[]> {
  return findPublicKeysByRegion(db, regionCode);
}

/** Decrypts a key for signing; refuses retired keys (they only remain for verification). */
export async function loadPrivateKey(deps: Pick<SigningKeyDeps, 'db' | 'keyring'>, kid: string): Promise<PrivateSigningKey> {
  const row = await findSigningKeyByKid(deps.db, kid);
  if (!row) throw signingKeyFail('SIGNING_KEY_NOT_FOUND', { kid });
  if (row.retiredAt) throw signingKeyFail('SIGNING_KEY_RETIRED', { kid });
  return { kid: row.kid, regionCode: row.regionCode, algorithm: row.algorithm, privateKey: parsePrivateKeyPem(decryptField(deps.keyring, row.privateKeyEnc)) };
}

/** The region's newest active key, ready to sign. */
export async function loadCurrentSigningKey(deps: Pick<SigningKeyDeps, 'db' | 'keyring'>, regionCode: string): Promise<PrivateSigningKey> {
  const kid = await findNewestActiveKid(deps.db, regionCode);
  if (!kid) throw signingKeyFail('SIGNING_KEY_NO_ACTIVE_KEY', { regionCode });
  return loadPrivateKey(deps, kid);
}
