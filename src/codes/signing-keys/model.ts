/**
 * Signing keys for health-code tokens: key generation, key ids, signing and verifying.
 * No database here; node:crypto only. ES256 signatures use the JOSE form (r ‖ s, 64 bytes), not
 * DER, so the same bytes verify in a browser's WebCrypto.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomInt, sign, verify, type KeyObject } from 'node:crypto';

export const SIGNING_ALGORITHMS = ['Ed25519', 'ES256', 'SM2'] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];
/** What node:crypto can do today; SM2 needs a GM/T 0003 implementation we do not have yet. */
export const SUPPORTED_ALGORITHMS: readonly SigningAlgorithm[] = ['Ed25519', 'ES256'];

export interface PublicSigningKey {
  kid: string;
  regionCode: string;
  algorithm: SigningAlgorithm;
  /** SPKI, PEM. */
  publicKeyPem: string;
  createdAt: Date;
  retiredAt: Date | null;
}

export interface PrivateSigningKey {
  kid: string;
  regionCode: string;
  algorithm: SigningAlgorithm;
  privateKey: KeyObject;
}

export interface GeneratedKeyPair {
  publicKeyPem: string;
  privateKeyPem: string;
}

export function generateKeyPairPem(algorithm: SigningAlgorithm): GeneratedKeyPair {
  if (algorithm === 'Ed25519') {
    const pair = generateKeyPairSync('ed25519', { publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    return { publicKeyPem: pair.publicKey, privateKeyPem: pair.privateKey };
  }
  if (algorithm === 'ES256') {
    const pair = generateKeyPairSync('ec', {
      namedCurve: 'P-256', publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    return { publicKeyPem: pair.publicKey, privateKeyPem: pair.privateKey };
  }
  throw new Error(`unsupported signing algorithm ${algorithm}`);
}

const KID_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** `330100-20261128-k3x9qa`: region and Shanghai day make a kid readable in logs and trust lists. */
export function buildKid(regionCode: string, shanghaiDay: string, suffix = randomKidSuffix()): string {
  return `${regionCode}-${shanghaiDay.replaceAll('-', '')}-${suffix}`;
}

export function randomKidSuffix(): string {
  return Array.from({ length: 6 }, () => KID_ALPHABET[randomInt(KID_ALPHABET.length)]).join('');
}

export function parsePrivateKeyPem(pem: string): KeyObject {
  return createPrivateKey({ key: pem, format: 'pem' });
}

function signOptions(algorithm: SigningAlgorithm): { digest: string | null; dsaEncoding?: 'ieee-p1363' } {
  if (algorithm === 'Ed25519') return { digest: null };
  if (algorithm === 'ES256') return { digest: 'sha256', dsaEncoding: 'ieee-p1363' };
  throw new Error(`unsupported signing algorithm ${algorithm}`);
}

export function signBytes(key: PrivateSigningKey, data: Uint8Array): Buffer {
  const { digest, dsaEncoding } = signOptions(key.algorithm);
  return sign(digest, data, dsaEncoding ? { key: key.privateKey, dsaEncoding } : key.privateKey);
}

export function verifyBytes(algorithm: SigningAlgorithm, publicKeyPem: string, data: Uint8Array, signature: Uint8Array): boolean {
  const { digest, dsaEncoding } = signOptions(algorithm);
  const key = createPublicKey(publicKeyPem);
  return verify(digest, data, dsaEncoding ? { key, dsaEncoding } : key, signature);
}
