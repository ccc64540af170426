/**
 * COSE_Sign1 (RFC 9052 §4.2), the envelope of a health-code token: [protected header bstr,
 * unprotected header {}, payload bstr, signature bstr]. The protected header carries 4 (kid) and
 * nothing else. Pure and isomorphic.
 *
 * No alg header: the verifier takes the algorithm from the trust list's entry for the kid, never
 * from the token (RFC 9052 §3.1 lets the key imply it). A forger therefore cannot choose the
 * algorithm, and the token saves two bytes (Ed25519, ES256) or six (SM2, which has no registered
 * id): the difference between fitting 200 characters and not for printed and SM2 codes.
 *
 * Untagged: the FY1: prefix already says what follows (RFC 9052 §2 lets the application context
 * decide). A tagged token is refused, so each token keeps exactly one byte form.
 */
import { CborError, decodeCbor, encodeCbor, isCborMap, type CborMap, type CborValue } from './cbor.ts';

const HEADER_KID = 4;
export const KID_BYTES = 8;
export const SIGNATURE_BYTES = 64;

export interface CoseSign1 {
  kid: Uint8Array;
  /** The protected header exactly as signed. */
  protectedBytes: Uint8Array;
  payload: Uint8Array;
  signature: Uint8Array;
}

/** Why a byte string is not a well-formed token envelope. */
export class CoseError extends Error {
  constructor(message: string) {
    super(`COSE: ${message}`);
    this.name = 'CoseError';
  }
}

export function encodeProtectedHeader(kid: Uint8Array): Uint8Array {
  return encodeCbor(new Map<number, CborValue>([[HEADER_KID, kid]]));
}

/*
 * The two fixed-shape arrays below are laid out byte by byte (one allocation each) rather than
 * through the generic encoder: they are built on every issue and every verification. The result
 * is the same CBOR, which cose.test.ts checks against encodeCbor.
 */

/** Size of a byte string's CBOR head (tokens stay far below 65536 bytes). */
function bstrHeadSize(length: number): number {
  if (length < 24) return 1;
  if (length < 0x100) return 2;
  if (length < 0x10000) return 3;
  throw new CoseError('byte string too long');
}

/** Writes a byte string (head and content) at offset; returns the offset after it. */
function writeBstr(out: Uint8Array, offset: number, bytes: Uint8Array): number {
  const length = bytes.length;
  if (length < 24) out[offset++] = 0x40 | length;
  else if (length < 0x100) {
    out[offset++] = 0x58;
    out[offset++] = length;
  } else {
    out[offset++] = 0x59;
    out[offset++] = length >> 8;
    out[offset++] = length & 0xff;
  }
  out.set(bytes, offset);
  return offset + length;
}

const bstrSize = (bytes: Uint8Array) => bstrHeadSize(bytes.length) + bytes.length;

/** array(4), "Signature1" */
const SIG_STRUCTURE_HEAD = Uint8Array.from([0x84, 0x6a, ...Array.from('Signature1', (ch) => ch.charCodeAt(0))]);
const EMPTY_BSTR = 0x40;
const EMPTY_MAP = 0xa0;

/** The bytes a signature covers: Sig_structure ["Signature1", protected, external_aad h'', payload]. */
export function sigStructure(protectedBytes: Uint8Array, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(SIG_STRUCTURE_HEAD.length + bstrSize(protectedBytes) + 1 + bstrSize(payload));
  out.set(SIG_STRUCTURE_HEAD);
  let offset = writeBstr(out, SIG_STRUCTURE_HEAD.length, protectedBytes);
  out[offset++] = EMPTY_BSTR;
  writeBstr(out, offset, payload);
  return out;
}

export function encodeCoseSign1(protectedBytes: Uint8Array, payload: Uint8Array, signature: Uint8Array): Uint8Array {
  const out = new Uint8Array(1 + bstrSize(protectedBytes) + 1 + bstrSize(payload) + bstrSize(signature));
  out[0] = 0x84;
  let offset = writeBstr(out, 1, protectedBytes);
  out[offset++] = EMPTY_MAP;
  offset = writeBstr(out, offset, payload);
  writeBstr(out, offset, signature);
  return out;
}

function parseProtectedHeader(bytes: Uint8Array): { kid: Uint8Array } {
  const header = decodeCbor(bytes);
  if (!isCborMap(header) || header.size !== 1) throw new CoseError('protected header must hold exactly the kid');
  const kid = header.get(HEADER_KID);
  if (!(kid instanceof Uint8Array) || kid.length !== KID_BYTES) throw new CoseError(`kid must be ${KID_BYTES} bytes`);
  return { kid };
}

/** Structure only: nothing here says whether the signature is good. Throws CborError / CoseError. */
export function decodeCoseSign1(bytes: Uint8Array): CoseSign1 {
  const parts = decodeCbor(bytes);
  if (!Array.isArray(parts) || parts.length !== 4) throw new CoseError('not a COSE_Sign1 array of four parts');
  const [protectedBytes, unprotected, payload, signature] = parts;
  if (!(protectedBytes instanceof Uint8Array) || !(payload instanceof Uint8Array) || !(signature instanceof Uint8Array)) {
    throw new CoseError('protected header, payload and signature must be byte strings');
  }
  if (!isCborMap(unprotected) || (unprotected as CborMap).size !== 0) throw new CoseError('unprotected header must be empty');
  if (signature.length !== SIGNATURE_BYTES) throw new CoseError(`signature must be ${SIGNATURE_BYTES} bytes`);
  return { ...parseProtectedHeader(protectedBytes), protectedBytes, payload, signature };
}

export { CborError };
