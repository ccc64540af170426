/**
 * Assembling a token from claims and a signer: CBOR payload → COSE_Sign1 → Base45 → "FY1:…".
 * Pure: the signer is handed in (issue.ts passes the region's key, tests pass a bare key).
 */
import { encodeBase45 } from './base45.ts';
import { encodeCoseSign1, encodeProtectedHeader, sigStructure } from './cose.ts';
import { checkClaims, encodeClaims, TOKEN_PREFIX, type TokenClaims } from './model.ts';
import type { SigningAlgorithm } from '../signing-keys/algorithms.ts';

export interface TokenSigner {
  algorithm: SigningAlgorithm;
  /** 8-byte token kid (tokenKidOf the public key). */
  kid: Uint8Array;
  sign(data: Uint8Array): Uint8Array;
}

/** A signer's protected header never changes: encoded once per (cached) signer. */
const protectedHeaders = new WeakMap<TokenSigner, Uint8Array>();

/** Throws ClaimsError when the claims cannot go into a token. */
export function encodeToken(claims: TokenClaims, signer: TokenSigner): string {
  checkClaims(claims);
  let protectedBytes = protectedHeaders.get(signer);
  if (!protectedBytes) {
    protectedBytes = encodeProtectedHeader(signer.kid);
    protectedHeaders.set(signer, protectedBytes);
  }
  const payload = encodeClaims(claims);
  const signature = signer.sign(sigStructure(protectedBytes, payload));
  return TOKEN_PREFIX + encodeBase45(encodeCoseSign1(protectedBytes, payload, signature));
}
