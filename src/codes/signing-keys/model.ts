/**
 * Signing keys for health-code tokens: key generation, key ids, signing and verifying on the
 * server. Ed25519 and ES256 through node:crypto, SM2 through sm-crypto-v2 (./sm2.ts). ES256
 * signatures use the JOSE form (r ‖ s, 64 bytes), not DER, and are normalised to low S so each
 * message has one valid signature per key (verifiers refuse the high-S twin).
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomInt, sign, verify, type KeyObject } from 'node:crypto';
import { rawPublicKeyFromPem, type SigningAlgorithm } from './algorithms.ts';
import { generateSm2KeyPairPem, parseSm2PrivateKeyPem, signSm2, type Sm2Secret } from './sm2.ts';
import { verifySignature } from './verify-signature.ts';

export { SIGNING_ALGORITHMS, type SigningAlgorithm } from './algorithms.ts';
export const SUPPORTED_ALGORITHMS: readonly SigningAlgorithm[] = ['Ed25519', 'ES256', 'SM2'];

export interface PublicSigningKey {
  kid: string;
  regionCode: string;
  algorithm: SigningAlgorithm;
  /** SPKI, PEM. */
  publicKeyPem: string;
  createdAt: Date;
  retiredAt: Date | null;
}

export type PrivateKeyMaterial = { kind: 'node'; key: KeyObject } | Sm2Secret;

export interface PrivateSigningKey {
  kid: string;
  regionCode: string;
  algorithm: SigningAlgorithm;
  privateKey: PrivateKeyMaterial;
}

export interface GeneratedKeyPair {
  publicKeyPem: string;
  /** PKCS#8 PEM (for SM2 too: the SM2 curve OID inside). */
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
  if (algorithm === 'SM2') return generateSm2KeyPairPem();
  throw new Error(`unsupported signing algorithm ${String(algorithm)}`);
}

const KID_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** `330100-20261128-k3x9qa`: region and Shanghai day make a kid readable in logs and trust lists. */
export function buildKid(regionCode: string, shanghaiDay: string, suffix = randomKidSuffix()): string {
  return `${regionCode}-${shanghaiDay.replaceAll('-', '')}-${suffix}`;
}

export function randomKidSuffix(): string {
  return Array.from({ length: 6 }, () => KID_ALPHABET[randomInt(KID_ALPHABET.length)]).join('');
}

export function parsePrivateKey(algorithm: SigningAlgorithm, pem: string): PrivateKeyMaterial {
  if (algorithm === 'SM2') return parseSm2PrivateKeyPem(pem);
  return { kind: 'node', key: createPrivateKey({ key: pem, format: 'pem' }) };
}

const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

/** s → n − s when s is in the upper half: the low-S form (as Bitcoin and noble require). */
function lowS(signature: Buffer): Buffer {
  let s = 0n;
  for (let i = 32; i < 64; i++) s = (s << 8n) | BigInt(signature[i]!);
  if (s <= P256_N >> 1n) return signature;
  const low = (P256_N - s).toString(16).padStart(64, '0');
  return Buffer.concat([signature.subarray(0, 32), Buffer.from(low, 'hex')]);
}

export function signBytes(key: PrivateSigningKey, data: Uint8Array): Uint8Array {
  const material = key.privateKey;
  if (material.kind === 'sm2') return signSm2(material, data);
  if (key.algorithm === 'Ed25519') return sign(null, data, material.key);
  if (key.algorithm === 'ES256') return lowS(sign('sha256', data, { key: material.key, dsaEncoding: 'ieee-p1363' }));
  throw new Error(`key ${key.kid}: ${key.algorithm} needs an SM2 secret`);
}

/** Server-side check of a signature by a stored (PEM) public key. */
export function verifyBytes(algorithm: SigningAlgorithm, publicKeyPem: string, data: Uint8Array, signature: Uint8Array): boolean {
  if (algorithm === 'SM2') return verifySignature('SM2', rawPublicKeyFromPem('SM2', publicKeyPem), data, signature);
  const key = createPublicKey(publicKeyPem);
  return algorithm === 'Ed25519'
    ? verify(null, data, key, signature)
    : verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature);
}
