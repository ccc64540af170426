/**
 * Trust lists: publishing this installation's (signed), importing other installations' (互认),
 * revoking printed codes, and assembling the trust store verifiers use — local keys first, then
 * imported ones; an imported list never adds keys to a region this installation issues for.
 */
import { createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { recordAudit, type AuditActor } from '../../audit/service.ts';
import { inTransaction, type DbOrTrx } from '../../db/transaction.ts';
import { requireAccess } from '../../kernel/access.ts';
import { decryptField, encryptField, type Keyring } from '../../kernel/crypto/field-encryption.ts';
import type { Clock } from '../../kernel/time.ts';
import { regionNames } from '../../regions/service.ts';
import { listTrustedPublicKeys } from '../signing-keys/service.ts';
import { bytesToBase64Url, rawPublicKeyFromPem } from '../signing-keys/algorithms.ts';
import { fromHex, TOKEN_ID_MAX_BYTES } from '../token/model.ts';
import { buildTrustStore, TrustDataError, type IssuerJson, type TrustStore, type TrustStoreJson } from '../token/trust-store.ts';
import { trustListFail } from './errors.ts';
import {
  fingerprintOf, parseSignedTrustList, retiredKeysListedAfter, signedBytes, TRUST_LIST_FORMAT, TRUST_LIST_VALIDITY_MS, trustedKeyJson,
  verifyTrustListSignature, type SignedTrustList, type TrustListPayload,
} from './model.ts';
import { findCurrentInstallationKey, findImportedList, findImportedLists, findLiveRevocations, insertInstallationKey, insertRevocation, upsertImportedList } from './store.ts';

export type { SignedTrustList, TrustListPayload } from './model.ts';
export { formatFingerprint, verifyTrustListSignature } from './model.ts';

export interface TrustListDeps {
  db: DbOrTrx;
  keyring: Keyring;
  clock: Clock;
}

interface InstallationSigner { fingerprint: string; rawPublicKey: Uint8Array; privateKey: KeyObject }

/** The installation's list-signing key, made on first use (private half encrypted at rest). */
async function installationSigner(deps: TrustListDeps): Promise<InstallationSigner> {
  let row = await findCurrentInstallationKey(deps.db);
  if (!row) {
    const pair = generateKeyPairSync('ed25519', { publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    const fingerprint = fingerprintOf(rawPublicKeyFromPem('Ed25519', pair.publicKey));
    await insertInstallationKey(deps.db, { fingerprint, publicKey: pair.publicKey, privateKeyEnc: encryptField(deps.keyring, pair.privateKey), createdAt: deps.clock.now() });
    // Another process may have won the race: whichever key is stored is the one.
    row = (await findCurrentInstallationKey(deps.db))!;
  }
  return {
    fingerprint: row.fingerprint, rawPublicKey: rawPublicKeyFromPem('Ed25519', row.publicKey),
    privateKey: createPrivateKey(decryptField(deps.keyring, row.privateKeyEnc)),
  };
}

async function localIssuers(db: DbOrTrx, now: Date): Promise<IssuerJson[]> {
  const keys = await listTrustedPublicKeys(db, retiredKeysListedAfter(now));
  const names = await regionNames(db, [...new Set(keys.map((k) => k.regionCode))]);
  const byRegion = new Map<string, IssuerJson>();
  for (const key of keys) {
    const issuer = byRegion.get(key.regionCode) ?? { regionCode: key.regionCode, name: names.get(key.regionCode) ?? key.regionCode, keys: [] };
    issuer.keys.push(trustedKeyJson(key));
    byRegion.set(key.regionCode, issuer);
  }
  return [...byRegion.values()];
}

/** This installation's trust list, freshly signed: what /.well-known/fangyi-trust-list.json serves. */
export async function buildSignedTrustList(deps: TrustListDeps): Promise<SignedTrustList> {
  const now = deps.clock.now();
  const signer = await installationSigner(deps);
  const payload: TrustListPayload = {
    installation: { algorithm: 'Ed25519', publicKey: bytesToBase64Url(signer.rawPublicKey), fingerprint: signer.fingerprint },
    generatedAt: now.toISOString(), validUntil: new Date(now.getTime() + TRUST_LIST_VALIDITY_MS).toISOString(),
    issuers: await localIssuers(deps.db, now), revocations: await findLiveRevocations(deps.db, now),
  };
  return { format: TRUST_LIST_FORMAT, payload, signature: bytesToBase64Url(sign(null, signedBytes(payload), signer.privateKey)) };
}

/** Local and imported keys and revocations, in the JSON form a browser caches (up to validUntil, 24 h). */
export async function loadTrustStoreJson(db: DbOrTrx, now: Date = new Date()): Promise<TrustStoreJson> {
  const local = await localIssuers(db, now);
  const localRegions = new Set(local.map((i) => i.regionCode));
  const issuers = [...local];
  const revocations = await findLiveRevocations(db, now);
  for (const imported of await findImportedLists(db)) {
    for (const issuer of imported.list.payload.issuers) {
      if (localRegions.has(issuer.regionCode) || issuers.some((i) => i.regionCode === issuer.regionCode)) continue;
      issuers.push(issuer);
      revocations.push(...imported.list.payload.revocations.filter((r) => r.regionCode === issuer.regionCode && Date.parse(r.expiresAt) > now.getTime()));
    }
  }
  return {
    format: 'fangyi-trust-store/1', generatedAt: now.toISOString(), validUntil: new Date(now.getTime() + TRUST_LIST_VALIDITY_MS).toISOString(), issuers, revocations,
  };
}

/** The trust store the server verifies tokens with. */
export async function loadTrustStore(db: DbOrTrx, now: Date = new Date()): Promise<TrustStore> {
  const json = await loadTrustStoreJson(db, now);
  return buildTrustStore({ generatedAt: json.generatedAt, validUntil: json.validUntil, sources: [json] });
}

export interface RevocationInput {
  regionCode: string;
  /** Hex, as in the token (IssuedToken.claims.tokenId). */
  tokenId: string;
  /** The token's own expiry: the revocation is published until then. */
  expiresAt: Date;
  reason: string;
}

/** Revokes a printed code; audited. Returns false when it was already revoked. */
export async function revokeToken(deps: TrustListDeps, by: AuditActor, input: RevocationInput): Promise<{ revoked: boolean }> {
  if (!('system' in by)) requireAccess(by, 'code.revoke', input.regionCode);
  const reason = input.reason.trim();
  let validId = false;
  try {
    validId = fromHex(input.tokenId).length >= 1 && input.tokenId.length <= TOKEN_ID_MAX_BYTES * 2;
  } catch { /* not hex */ }
  if (!validId || !reason || reason.length > 500 || !/^[1-9][0-9]{5}$/.test(input.regionCode) || Number.isNaN(input.expiresAt.getTime())) {
    throw trustListFail('TOKEN_REVOCATION_INVALID');
  }
  return inTransaction(deps.db, async (trx) => {
    const revokedBy = 'system' in by ? by.system : by.label;
    const revoked = await insertRevocation(trx, { ...input, reason, revokedBy, revokedAt: deps.clock.now() });
    if (revoked) {
      await recordAudit(trx, by, { action: 'code.revoke', targetType: 'token', targetId: input.tokenId, regionCode: input.regionCode, reason }, deps.clock);
    }
    return { revoked };
  });
}

export interface ImportResult {
  source: string;
  fingerprint: string;
  /** True when this source was seen for the first time (or its key replaced): the operator should compare the fingerprint. */
  newKey: boolean;
  issuers: { regionCode: string; name: string; keys: number }[];
  revocations: number;
  validUntil: string;
}

/**
 * Stores a foreign installation's trust list (互认). First import: trusts the key inside (the
 * caller shows the fingerprint); later imports must be signed by that same key unless
 * `replaceKey`. Refuses expired lists, lists older than the stored one (no rolling back
 * revocations) and lists naming a region this installation issues for. Audited.
 */
export async function importTrustList(deps: TrustListDeps, by: AuditActor, source: string, document: unknown, options: { replaceKey?: boolean } = {}): Promise<ImportResult> {
  let list: SignedTrustList;
  try {
    list = parseSignedTrustList(document);
    buildTrustStore({ generatedAt: list.payload.generatedAt, validUntil: list.payload.validUntil, sources: [list.payload] });
  } catch (error) {
    if (error instanceof TrustDataError) throw trustListFail('TRUST_LIST_INVALID', { reason: error.message });
    throw error;
  }
  if (!verifyTrustListSignature(list)) throw trustListFail('TRUST_LIST_SIGNATURE_INVALID');
  const now = deps.clock.now();
  const { payload } = list;
  if (Date.parse(payload.validUntil) < now.getTime()) throw trustListFail('TRUST_LIST_EXPIRED', { validUntil: payload.validUntil });
  return inTransaction(deps.db, async (trx) => {
    const stored = await findImportedList(trx, source);
    const keyChanged = stored !== undefined && stored.fingerprint !== payload.installation.fingerprint;
    if (keyChanged && !options.replaceKey) throw trustListFail('TRUST_LIST_KEY_CHANGED', { stored: stored.fingerprint, offered: payload.installation.fingerprint });
    if (stored && !keyChanged && Date.parse(payload.generatedAt) < stored.generatedAt.getTime()) throw trustListFail('TRUST_LIST_OUTDATED');
    const local = new Set((await localIssuers(trx, now)).map((i) => i.regionCode));
    const clash = payload.issuers.find((i) => local.has(i.regionCode));
    if (clash) throw trustListFail('TRUST_LIST_CLAIMS_LOCAL_REGION', { regionCode: clash.regionCode });
    await upsertImportedList(trx, {
      source, fingerprint: payload.installation.fingerprint, publicKey: payload.installation.publicKey, list,
      generatedAt: new Date(payload.generatedAt), validUntil: new Date(payload.validUntil), importedAt: now,
    });
    const issuers = payload.issuers.map((i) => ({ regionCode: i.regionCode, name: i.name, keys: i.keys.length }));
    await recordAudit(trx, by, {
      action: 'trust_list.import', targetType: 'trust_list', targetId: source,
      detail: { fingerprint: payload.installation.fingerprint, newKey: !stored || keyChanged, replacedKey: keyChanged, issuers: issuers.map((i) => i.regionCode) },
    }, deps.clock);
    return { source, fingerprint: payload.installation.fingerprint, newKey: !stored || keyChanged, issuers, revocations: payload.revocations.length, validUntil: payload.validUntil };
  });
}

export interface ImportedListSummary {
  source: string;
  fingerprint: string;
  issuers: string[];
  generatedAt: Date;
  validUntil: Date;
  importedAt: Date;
}

export async function listImportedTrustLists(db: DbOrTrx): Promise<ImportedListSummary[]> {
  return (await findImportedLists(db)).map((row) => ({
    source: row.source, fingerprint: row.fingerprint, issuers: row.list.payload.issuers.map((i) => `${i.regionCode} ${i.name}`),
    generatedAt: row.generatedAt, validUntil: row.validUntil, importedAt: row.importedAt,
  }));
}
