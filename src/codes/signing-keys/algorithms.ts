/**
 * Signature algorithms and public-key encodings, without Node: the browser's verifier imports
 * this. A public key is stored as SPKI PEM (what openssl and every toolkit reads) and published
 * in trust lists as its raw bytes (Ed25519: 32 bytes; P-256 and SM2: uncompressed point, 65 bytes).
 * All three SPKI forms have a fixed prefix, so converting is a prefix check, not an ASN.1 parser.
 */
export const SIGNING_ALGORITHMS = ['Ed25519', 'ES256', 'SM2'] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

export function isSigningAlgorithm(value: unknown): value is SigningAlgorithm {
  return typeof value === 'string' && (SIGNING_ALGORITHMS as readonly string[]).includes(value);
}

const hexBytes = (hex: string) => Uint8Array.from(hex.match(/../g)!.map((h) => parseInt(h, 16)));

/** SEQUENCE { AlgorithmIdentifier, BIT STRING header } before the raw key. */
const SPKI_PREFIX: Record<SigningAlgorithm, Uint8Array> = {
  Ed25519: hexBytes('302a300506032b6570032100'),
  // id-ecPublicKey with prime256v1
  ES256: hexBytes('3059301306072a8648ce3d020106082a8648ce3d030107034200'),
  // id-ecPublicKey with the SM2 curve 1.2.156.10197.1.301 (GB/T 35276)
  SM2: hexBytes('3059301306072a8648ce3d020106082a811ccf5501822d034200'),
};

export const RAW_PUBLIC_KEY_BYTES: Record<SigningAlgorithm, number> = { Ed25519: 32, ES256: 65, SM2: 65 };

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

export function base64ToBytes(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));
}

export function bytesToBase64Url(bytes: Uint8Array): string {
  return bytesToBase64(bytes).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

export function base64UrlToBytes(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  const padded = text.replaceAll('-', '+').replaceAll('_', '/');
  return base64ToBytes(padded + '='.repeat((4 - (padded.length % 4)) % 4));
}

export function pemToDer(pem: string, label: string): Uint8Array {
  const match = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+)-----END ${label}-----`).exec(pem);
  if (!match) throw new Error(`not a PEM ${label}`);
  return base64ToBytes(match[1]!.replace(/\s+/g, ''));
}

export function derToPem(der: Uint8Array, label: string): string {
  const body = bytesToBase64(der).match(/.{1,64}/g)!.join('\n');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

/** The raw public key inside an SPKI PEM of the given algorithm; throws when the PEM is another kind. */
export function rawPublicKeyFromPem(algorithm: SigningAlgorithm, pem: string): Uint8Array {
  const der = pemToDer(pem, 'PUBLIC KEY');
  const prefix = SPKI_PREFIX[algorithm];
  if (!startsWith(der, prefix) || der.length !== prefix.length + RAW_PUBLIC_KEY_BYTES[algorithm]) {
    throw new Error(`public key is not an ${algorithm} SPKI key`);
  }
  return der.slice(prefix.length);
}

export function pemFromRawPublicKey(algorithm: SigningAlgorithm, raw: Uint8Array): string {
  if (raw.length !== RAW_PUBLIC_KEY_BYTES[algorithm]) throw new Error(`${algorithm} public keys are ${RAW_PUBLIC_KEY_BYTES[algorithm]} bytes`);
  const der = new Uint8Array(SPKI_PREFIX[algorithm].length + raw.length);
  der.set(SPKI_PREFIX[algorithm]);
  der.set(raw, SPKI_PREFIX[algorithm].length);
  return derToPem(der, 'PUBLIC KEY');
}
