/**
 * Base45 (RFC 9285): bytes as characters of the QR alphanumeric set, so a binary token stays in
 * the QR code's denser alphanumeric mode. Decoding is strict: a value out of range, a dangling
 * single character or a non-canonical group is an error, never a silent "close enough".
 */
export const BASE45_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

const VALUE_OF = new Map<string, number>([...BASE45_ALPHABET].map((ch, i) => [ch, i]));

export class Base45Error extends Error {
  constructor(message: string) {
    super(`Base45: ${message}`);
    this.name = 'Base45Error';
  }
}

export function encodeBase45(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    let n = bytes[i]! * 256 + bytes[i + 1]!;
    const c = n % 45; n = (n - c) / 45;
    const d = n % 45; const e = (n - d) / 45;
    out += BASE45_ALPHABET[c]! + BASE45_ALPHABET[d]! + BASE45_ALPHABET[e]!;
  }
  if (bytes.length % 2 === 1) {
    const n = bytes[bytes.length - 1]!;
    out += BASE45_ALPHABET[n % 45]! + BASE45_ALPHABET[Math.floor(n / 45)]!;
  }
  return out;
}

function valueAt(text: string, index: number): number {
  const value = VALUE_OF.get(text[index]!);
  if (value === undefined) throw new Base45Error(`character ${JSON.stringify(text[index])} at ${index} is not in the alphabet`);
  return value;
}

export function decodeBase45(text: string): Uint8Array {
  if (text.length % 3 === 1) throw new Base45Error('length leaves a single dangling character');
  const out = new Uint8Array(Math.floor(text.length / 3) * 2 + (text.length % 3 === 2 ? 1 : 0));
  let o = 0;
  for (let i = 0; i < text.length; i += 3) {
    if (i + 2 < text.length) {
      const n = valueAt(text, i) + valueAt(text, i + 1) * 45 + valueAt(text, i + 2) * 2025;
      if (n > 0xffff) throw new Base45Error(`group at ${i} exceeds two bytes`);
      out[o++] = n >> 8;
      out[o++] = n & 0xff;
    } else {
      const n = valueAt(text, i) + valueAt(text, i + 1) * 45;
      if (n > 0xff) throw new Base45Error(`final group at ${i} exceeds one byte`);
      out[o++] = n;
    }
  }
  return out;
}
