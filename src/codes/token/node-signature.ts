/**
 * The Node server's signature check for tokens: OpenSSL through node:crypto verifies Ed25519 and
 * P-256 about fifteen times faster than the portable (browser) check, with the same strictness —
 * ES256 low-S is enforced here, OpenSSL already refuses non-canonical Ed25519. SM2 has no
 * standard-compatible Node implementation, so it uses the portable check. Never import this from
 * code the browser loads.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { pemFromRawPublicKey } from '../signing-keys/algorithms.ts';
import { verifySignature, type SignatureCheck } from '../signing-keys/verify-signature.ts';

const P256_HALF_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n >> 1n;
const keyObjects = new WeakMap<Uint8Array, KeyObject>();

function keyObjectFor(algorithm: 'Ed25519' | 'ES256', raw: Uint8Array): KeyObject {
  let key = keyObjects.get(raw);
  if (!key) {
    key = createPublicKey(pemFromRawPublicKey(algorithm, raw));
    keyObjects.set(raw, key);
  }
  return key;
}

function isLowS(signature: Uint8Array): boolean {
  let s = 0n;
  for (let i = 32; i < 64; i++) s = (s << 8n) | BigInt(signature[i]!);
  return s <= P256_HALF_N;
}

export const nodeSignatureCheck: SignatureCheck = (algorithm, rawPublicKey, data, signature) => {
  try {
    if (algorithm === 'Ed25519') return verify(null, data, keyObjectFor('Ed25519', rawPublicKey), signature);
    if (algorithm === 'ES256') {
      if (signature.length !== 64 || !isLowS(signature)) return false;
      return verify('sha256', data, { key: keyObjectFor('ES256', rawPublicKey), dsaEncoding: 'ieee-p1363' }, signature);
    }
    return verifySignature(algorithm, rawPublicKey, data, signature);
  } catch {
    return false;
  }
};
