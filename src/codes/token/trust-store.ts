/**
 * What a verifier trusts: each issuer's public keys with their validity, and revoked token ids.
 * Built on the server from the database (trust-list service) and in the browser from the JSON
 * form it caches (up to 24 h). Pure and isomorphic.
 */
import { base64UrlToBytes, bytesToBase64Url, isSigningAlgorithm, RAW_PUBLIC_KEY_BYTES, type SigningAlgorithm } from '../signing-keys/algorithms.ts';
import { fromHex, toHex, tokenKidOf } from './model.ts';

export interface TrustedKey {
  issuer: number;
  /** 8-byte token kid, hex. */
  kid: string;
  /** The issuing installation's readable key name, e.g. 330100-20261128-k3x9qa. */
  name: string;
  algorithm: SigningAlgorithm;
  publicKey: Uint8Array;
  /** Seconds since the epoch. A key signs from notBefore until retiredAt; its tokens verify until notAfter. */
  notBefore: number;
  retiredAt: number | null;
  notAfter: number | null;
}

export interface TrustStore {
  keys: ReadonlyMap<string, TrustedKey>;
  revoked: ReadonlySet<string>;
  generatedAt: number;
  validUntil: number;
}

export const trustKey = (issuer: number, kidHex: string) => `${issuer}:${kidHex}`;
export const revocationKey = (issuer: number, tokenIdHex: string) => `${issuer}:${tokenIdHex}`;

/** JSON shapes shared by the signed trust list and the browser's cached trust store. */
export interface TrustedKeyJson {
  kid: string;
  name: string;
  algorithm: SigningAlgorithm;
  /** Raw public key, base64url. */
  publicKey: string;
  notBefore: string;
  retiredAt: string | null;
  notAfter: string | null;
}

export interface IssuerJson {
  regionCode: string;
  name: string;
  keys: TrustedKeyJson[];
}

export interface RevocationJson {
  regionCode: string;
  tokenId: string;
  expiresAt: string;
}

export interface TrustStoreJson {
  format: 'fangyi-trust-store/1';
  generatedAt: string;
  validUntil: string;
  issuers: IssuerJson[];
  revocations: RevocationJson[];
}

/** Why a trust list or trust store JSON cannot be used. */
export class TrustDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrustDataError';
  }
}

const seconds = (iso: string): number => {
  const ms = Date.parse(iso);
  if (!/^\d{4}-\d\d-\d\dT/.test(iso) || Number.isNaN(ms)) throw new TrustDataError(`not an ISO time: ${iso}`);
  return Math.floor(ms / 1000);
};

export function parseTrustedKey(issuer: string, key: TrustedKeyJson): TrustedKey {
  if (!/^[1-9][0-9]{5}$/.test(issuer)) throw new TrustDataError(`issuer ${issuer} is not a region code`);
  if (!isSigningAlgorithm(key.algorithm)) throw new TrustDataError(`key ${key.name}: unknown algorithm`);
  let publicKey: Uint8Array;
  try {
    publicKey = base64UrlToBytes(key.publicKey);
  } catch {
    throw new TrustDataError(`key ${key.name}: public key is not base64url`);
  }
  if (publicKey.length !== RAW_PUBLIC_KEY_BYTES[key.algorithm]) throw new TrustDataError(`key ${key.name}: wrong public key length`);
  // The kid is derived from the key: a list that pairs them otherwise is corrupt or forged.
  if (toHex(tokenKidOf(publicKey)) !== key.kid) throw new TrustDataError(`key ${key.name}: kid does not match its public key`);
  return {
    issuer: Number(issuer), kid: key.kid, name: String(key.name), algorithm: key.algorithm, publicKey,
    notBefore: seconds(key.notBefore), retiredAt: key.retiredAt === null ? null : seconds(key.retiredAt),
    notAfter: key.notAfter === null ? null : seconds(key.notAfter),
  };
}

export function trustedKeyToJson(key: TrustedKey): TrustedKeyJson {
  const iso = (s: number) => new Date(s * 1000).toISOString();
  return {
    kid: key.kid, name: key.name, algorithm: key.algorithm, publicKey: bytesToBase64Url(key.publicKey),
    notBefore: iso(key.notBefore), retiredAt: key.retiredAt === null ? null : iso(key.retiredAt), notAfter: key.notAfter === null ? null : iso(key.notAfter),
  };
}

/**
 * Merges issuer lists into one store. The first source to name a region owns it: later sources
 * (imported lists) cannot add keys to a region an earlier one (this installation) publishes.
 */
export function buildTrustStore(parts: { generatedAt: string; validUntil: string; sources: { issuers: IssuerJson[]; revocations: RevocationJson[] }[] }): TrustStore {
  const keys = new Map<string, TrustedKey>();
  const revoked = new Set<string>();
  const owner = new Map<string, number>();
  parts.sources.forEach((source, index) => {
    for (const issuer of source.issuers) {
      if ((owner.get(issuer.regionCode) ?? index) !== index) continue;
      owner.set(issuer.regionCode, index);
      for (const key of issuer.keys) {
        const parsed = parseTrustedKey(issuer.regionCode, key);
        keys.set(trustKey(parsed.issuer, parsed.kid), parsed);
      }
    }
    for (const r of source.revocations) {
      if (owner.has(r.regionCode) && owner.get(r.regionCode) !== index) continue;
      fromHex(r.tokenId);
      revoked.add(revocationKey(Number(r.regionCode), r.tokenId));
    }
  });
  return { keys, revoked, generatedAt: seconds(parts.generatedAt), validUntil: seconds(parts.validUntil) };
}

export function trustStoreFromJson(json: TrustStoreJson): TrustStore {
  if (json.format !== 'fangyi-trust-store/1') throw new TrustDataError('not a fangyi trust store');
  return buildTrustStore({ generatedAt: json.generatedAt, validUntil: json.validUntil, sources: [json] });
}

/** A cached store older than its validUntil should be refreshed before trusting it further. */
export function isTrustStoreFresh(store: TrustStore, now: Date): boolean {
  return now.getTime() / 1000 <= store.validUntil;
}
