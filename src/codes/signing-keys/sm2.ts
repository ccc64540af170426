/**
 * SM2 (GM/T 0003) keys and signatures through sm-crypto-v2. Node's own SM2 signs with an empty
 * signer id, which standard verifiers reject; here both sides use the default id
 * 1234567812345678 (GB/T 35276), and signatures are r ‖ s, 64 bytes, like ES256's.
 * Keys are kept as standard PKCS#8 / SPKI PEM with the SM2 curve OID, readable by openssl.
 */
import { sm2 } from 'sm-crypto-v2';
import { derToPem, pemFromRawPublicKey, pemToDer } from './algorithms.ts';

const hexToBytes = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
const bytesToHex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** PKCS#8 around an ECPrivateKey with the SM2 curve OID; d and the public point follow fixed headers. */
const PKCS8_HEAD = hexToBytes('308187020100301306072a8648ce3d020106082a811ccf5501822d046d306b0201010420');
const PKCS8_MIDDLE = hexToBytes('a144034200');
const PKCS8_LENGTH = PKCS8_HEAD.length + 32 + PKCS8_MIDDLE.length + 65;

export interface Sm2Secret {
  kind: 'sm2';
  privateKeyHex: string;
  /** Uncompressed point, hex: the Z value of the signature depends on it. */
  publicKeyHex: string;
}

export function generateSm2KeyPairPem(): { publicKeyPem: string; privateKeyPem: string } {
  const pair = sm2.generateKeyPairHex();
  const d = hexToBytes(pair.privateKey.padStart(64, '0'));
  const q = hexToBytes(pair.publicKey);
  const der = new Uint8Array(PKCS8_LENGTH);
  der.set(PKCS8_HEAD);
  der.set(d, PKCS8_HEAD.length);
  der.set(PKCS8_MIDDLE, PKCS8_HEAD.length + 32);
  der.set(q, PKCS8_HEAD.length + 32 + PKCS8_MIDDLE.length);
  return { publicKeyPem: pemFromRawPublicKey('SM2', q), privateKeyPem: derToPem(der, 'PRIVATE KEY') };
}

export function parseSm2PrivateKeyPem(pem: string): Sm2Secret {
  const der = pemToDer(pem, 'PRIVATE KEY');
  const head = der.subarray(0, PKCS8_HEAD.length);
  if (der.length !== PKCS8_LENGTH || !head.every((b, i) => b === PKCS8_HEAD[i])) throw new Error('not an SM2 PKCS#8 private key');
  const d = der.subarray(PKCS8_HEAD.length, PKCS8_HEAD.length + 32);
  const q = der.subarray(PKCS8_HEAD.length + 32 + PKCS8_MIDDLE.length);
  const privateKeyHex = bytesToHex(d);
  const publicKeyHex = bytesToHex(q);
  if (sm2.getPublicKeyFromPrivateKey(privateKeyHex) !== publicKeyHex) throw new Error('SM2 private and public halves do not match');
  return { kind: 'sm2', privateKeyHex, publicKeyHex };
}

export function signSm2(secret: Sm2Secret, data: Uint8Array): Uint8Array {
  return hexToBytes(sm2.doSignature(data, secret.privateKeyHex, { hash: true, publicKey: secret.publicKeyHex }));
}
