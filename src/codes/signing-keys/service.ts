/**
 * Signing keys per tenant region: created at onboarding and on rotation, public halves for the
 * trust list, private halves decrypted only in memory when a token is signed.
 */
import { recordAudit, type AuditActor } from '../../audit/service.ts';
import { inTransaction, type DbOrTrx } from '../../db/transaction.ts';
import { requireAccess } from '../../kernel/access.ts';
import { decryptField, encryptField, type Keyring } from '../../kernel/crypto/field-encryption.ts';
import { shanghaiDay, type Clock } from '../../kernel/time.ts';
import { isSigningAlgorithm, rawPublicKeyFromPem } from './algorithms.ts';
import { signingKeyFail } from './errors.ts';
import {
  buildKid, generateKeyPairPem, parsePrivateKey, SUPPORTED_ALGORITHMS,
  type PrivateSigningKey, type PublicSigningKey, type SigningAlgorithm,
} from './model.ts';
import {
  findNewestActiveKid, findPublicKeysByRegion, findSigningKeyByKid, findTrustedPublicKeys, insertSigningKey, lockRegionKeys, retireActiveKeys,
} from './store.ts';

export type { PrivateSigningKey, PublicSigningKey, SigningAlgorithm } from './model.ts';
export { signBytes, verifyBytes, SIGNING_ALGORITHMS, SUPPORTED_ALGORITHMS } from './model.ts';
export { rawPublicKeyFromPem } from './algorithms.ts';

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

/** All regions' keys whose tokens may still be valid: active ones and those retired after `retiredAfter`. */
export async function listTrustedPublicKeys(db: DbOrTrx, retiredAfter: Date): Promise<PublicSigningKey[]> {
  return findTrustedPublicKeys(db, retiredAfter);
}

/** Decrypts a key for signing; refuses retired keys (they only remain for verification). */
export async function loadPrivateKey(deps: Pick<SigningKeyDeps, 'db' | 'keyring'>, kid: string): Promise<PrivateSigningKey> {
  const row = await findSigningKeyByKid(deps.db, kid);
  if (!row) throw signingKeyFail('SIGNING_KEY_NOT_FOUND', { kid });
  if (row.retiredAt) throw signingKeyFail('SIGNING_KEY_RETIRED', { kid });
  return { kid: row.kid, regionCode: row.regionCode, algorithm: row.algorithm, privateKey: parsePrivateKey(row.algorithm, decryptField(deps.keyring, row.privateKeyEnc)) };
}

/** The region's newest active key's name, without decrypting anything. */
export async function findCurrentKid(db: DbOrTrx, regionCode: string): Promise<string> {
  const kid = await findNewestActiveKid(db, regionCode);
  if (!kid) throw signingKeyFail('SIGNING_KEY_NO_ACTIVE_KEY', { regionCode });
  return kid;
}

/** The region's newest active key, ready to sign. */
export async function loadCurrentSigningKey(deps: Pick<SigningKeyDeps, 'db' | 'keyring'>, regionCode: string): Promise<PrivateSigningKey & { rawPublicKey: Uint8Array }> {
  const kid = await findCurrentKid(deps.db, regionCode);
  const key = await loadPrivateKey(deps, kid);
  const row = (await findSigningKeyByKid(deps.db, kid))!;
  return { ...key, rawPublicKey: rawPublicKeyFromPem(row.algorithm, row.publicKeyPem) };
}

export interface RotationResult {
  regionCode: string;
  current: PublicSigningKey;
  retired: string[];
}

/**
 * A new current key for the region; the previous ones are retired — they sign nothing more but
 * stay in the trust list until every token they signed has expired. Audited. `by` is a sysadmin
 * of the region or the CLI ({ system: 'cli:…' }). The algorithm defaults to the current key's.
 */
export async function rotateSigningKey(deps: SigningKeyDeps, by: AuditActor, regionCode: string, algorithm?: string): Promise<RotationResult> {
  if (!('system' in by)) requireAccess(by, 'signing_key.manage', regionCode);
  if (algorithm !== undefined && !isSigningAlgorithm(algorithm)) throw signingKeyFail('SIGNING_ALGORITHM_UNSUPPORTED', { algorithm });
  return inTransaction(deps.db, async (trx) => {
    await lockRegionKeys(trx, regionCode);
    const now = deps.clock.now();
    const retired = await retireActiveKeys(trx, regionCode, now);
    const current = await createSigningKey({ ...deps, db: trx }, regionCode, algorithm ?? retired[0]?.algorithm ?? 'Ed25519');
    await recordAudit(trx, by, {
      action: 'signing_key.rotate', targetType: 'signing_key', targetId: current.kid, regionCode,
      detail: { algorithm: current.algorithm, retired: retired.map((k) => k.kid) },
    }, deps.clock);
    return { regionCode, current, retired: retired.map((k) => k.kid) };
  });
}
