/**
 * The signed trust list (信任列表) an installation publishes at /.well-known/fangyi-trust-list.json:
 * each issuer's token keys with their validity and the revoked token ids, signed with the
 * installation's own Ed25519 key. The signature covers "fangyi-trust-list/1\n" + the payload as
 * canonical JSON (keys sorted), so any JSON re-formatting of the file keeps it verifiable.
 * Pure and isomorphic: a browser or another installation checks a list with this file alone.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { base64UrlToBytes, bytesToBase64Url, rawPublicKeyFromPem, type SigningAlgorithm } from '../signing-keys/algorithms.ts';
import { DEFAULT_SKEW_SECONDS, MAX_VALIDITY_SECONDS, toHex, tokenKidOf } from '../token/model.ts';
import { TrustDataError, type IssuerJson, type RevocationJson, type TrustedKeyJson } from '../token/trust-store.ts';

export const TRUST_LIST_FORMAT = 'fangyi-trust-list/1';
export const TRUST_LIST_VALIDITY_MS = 24 * 60 * 60 * 1000;

export interface TrustListPayload {
  installation: { algorithm: 'Ed25519'; publicKey: string; fingerprint: string };
  generatedAt: string;
  validUntil: string;
  issuers: IssuerJson[];
  revocations: RevocationJson[];
}

export interface SignedTrustList {
  format: typeof TRUST_LIST_FORMAT;
  payload: TrustListPayload;
  signature: string;
}

/** JSON with object keys sorted at every depth: one text for one value. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function signedBytes(payload: TrustListPayload): Uint8Array {
  return new TextEncoder().encode(`${TRUST_LIST_FORMAT}\n${canonicalJson(payload)}`);
}

/** SHA-256 of the raw installation public key, hex: what an operator compares by phone. */
export function fingerprintOf(rawPublicKey: Uint8Array): string {
  return toHex(sha256(rawPublicKey));
}

/** 64 hex digits in groups of four, for reading aloud. */
export function formatFingerprint(fingerprint: string): string {
  return fingerprint.match(/.{1,4}/g)!.join(' ');
}

export interface KeyForList {
  kid: string;
  algorithm: SigningAlgorithm;
  publicKeyPem: string;
  createdAt: Date;
  retiredAt: Date | null;
}

/** A retired key stays trusted until the last token it could have signed (a printed code) has expired. */
export function trustedKeyJson(key: KeyForList): TrustedKeyJson {
  const raw = rawPublicKeyFromPem(key.algorithm, key.publicKeyPem);
  const notAfter = key.retiredAt && new Date(key.retiredAt.getTime() + (MAX_VALIDITY_SECONDS + DEFAULT_SKEW_SECONDS) * 1000);
  return {
    kid: toHex(tokenKidOf(raw)), name: key.kid, algorithm: key.algorithm, publicKey: bytesToBase64Url(raw),
    notBefore: key.createdAt.toISOString(), retiredAt: key.retiredAt?.toISOString() ?? null, notAfter: notAfter ? notAfter.toISOString() : null,
  };
}

/** How long ago a key must have been retired to leave the list. */
export function retiredKeysListedAfter(now: Date): Date {
  return new Date(now.getTime() - (MAX_VALIDITY_SECONDS + DEFAULT_SKEW_SECONDS) * 1000);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Shape check of a list from outside (file or URL); throws TrustDataError naming what is wrong. */
export function parseSignedTrustList(value: unknown): SignedTrustList {
  if (!isRecord(value) || value.format !== TRUST_LIST_FORMAT) throw new TrustDataError(`not a ${TRUST_LIST_FORMAT} document`);
  const { payload, signature } = value;
  if (!isRecord(payload) || typeof signature !== 'string') throw new TrustDataError('payload or signature missing');
  const installation = payload.installation;
  if (!isRecord(installation) || installation.algorithm !== 'Ed25519' || typeof installation.publicKey !== 'string' || typeof installation.fingerprint !== 'string') {
    throw new TrustDataError('installation key missing or not Ed25519');
  }
  if (typeof payload.generatedAt !== 'string' || typeof payload.validUntil !== 'string') throw new TrustDataError('generatedAt / validUntil missing');
  if (!Array.isArray(payload.issuers) || !Array.isArray(payload.revocations)) throw new TrustDataError('issuers / revocations missing');
  for (const issuer of payload.issuers as unknown[]) {
    if (!isRecord(issuer) || typeof issuer.regionCode !== 'string' || typeof issuer.name !== 'string' || !Array.isArray(issuer.keys)) throw new TrustDataError('malformed issuer');
  }
  for (const r of payload.revocations as unknown[]) {
    if (!isRecord(r) || typeof r.regionCode !== 'string' || typeof r.tokenId !== 'string' || typeof r.expiresAt !== 'string') throw new TrustDataError('malformed revocation');
  }
  return value as unknown as SignedTrustList;
}

/**
 * Checks the list's signature with the installation key it carries, and that the key's
 * fingerprint is the one it claims. Whether that key is the one to trust is the caller's
 * decision (trust on first use, then the stored fingerprint).
 */
export function verifyTrustListSignature(list: SignedTrustList): boolean {
  try {
    const publicKey = base64UrlToBytes(list.payload.installation.publicKey);
    if (fingerprintOf(publicKey) !== list.payload.installation.fingerprint) return false;
    return ed25519.verify(base64UrlToBytes(list.signature), signedBytes(list.payload), publicKey, { zip215: false });
  } catch {
    return false;
  }
}
