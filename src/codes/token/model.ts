/**
 * What a health-code token says (its claims) and how the claims map to the CBOR payload. Pure and
 * isomorphic (the browser's checkpoint imports it): no Node imports, Uint8Array not Buffer.
 *
 * Payload keys follow CWT (RFC 8392) where a CWT claim fits — 1 issuer, 2 subject, 6 issued-at,
 * 7 token id — and use small negative keys (one byte each) for our own claims: -1 masked name,
 * -2 colour, -4 validity. Every byte counts, because every token (any algorithm, live or printed)
 * must fit 200 characters: the issuer is the region code as an integer (330100), not CWT's text;
 * the expiry travels as whole minutes after issued-at (3 takes one byte, 14 days three); the
 * subject is 10 bytes; and only printed codes carry a token id, so the token id says "printed"
 * (key -3, the old kind claim, is retired and refused). docs/decisions/0005-token-layout.md
 * has the byte budget. Claims in code always carry the absolute expiry and the kind.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { isCborMap, type CborMap, type CborValue } from './cbor.ts';

export const TOKEN_PREFIX = 'FY1:';

export const COLOURS = ['green', 'yellow', 'red'] as const;
export type Colour = (typeof COLOURS)[number];
export const TOKEN_KINDS = ['live', 'printed'] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

/** Live codes are refreshed by the resident's page; printed codes (关爱码) last a fortnight. */
export const LIVE_VALIDITY_SECONDS = 3 * 60;
export const PRINTED_VALIDITY_SECONDS = 14 * 24 * 60 * 60;
/** The longest a token may be valid: a retired key stays trusted this long after retirement. */
export const MAX_VALIDITY_SECONDS = PRINTED_VALIDITY_SECONDS;
export const DEFAULT_SKEW_SECONDS = 60;

/**
 * Pseudonymous subject ids: 10 bytes (80 bits). Among 1.4 billion people the chance that any two
 * share one is below one in a million (in one city of ten million, one in ten billion), and the
 * database's unique key would refuse the second rather than mix them up.
 */
export const SUBJECT_BYTES = 10;
export const SUBJECT_MIN_BYTES = 8;
/**
 * Printed codes' token ids: 40 random bits, unique among one region's printed codes (the printing
 * service draws again on a repeat). Longer ids would break the 200-character budget.
 */
export const PRINTED_TOKEN_ID_BYTES = 5;
export const TOKEN_ID_MAX_BYTES = 8;
/** UTF-8 bytes of the masked name in a token: "欧**娜" is 8. Longer masks are shortened by maskedNameForToken. */
export const MASKED_NAME_MAX_BYTES = 8;
export const MAX_TOKEN_CHARS = 200;

export interface TokenClaims {
  /** GB/T 2260 code of the issuing region (a tenant), e.g. 330100. */
  issuer: number;
  subject: Uint8Array;
  maskedName: string;
  colour: Colour;
  /** Whole seconds since the Unix epoch. */
  issuedAt: number;
  expiresAt: number;
  /** Printed codes only: what a revocation names. */
  tokenId?: Uint8Array;
  kind: TokenKind;
}

export const CLAIM = { issuer: 1, subject: 2, issuedAt: 6, tokenId: 7, maskedName: -1, colour: -2, validityMinutes: -4 } as const;
const KNOWN_CLAIM_KEYS = new Set<number>(Object.values(CLAIM));

/** Why claims cannot be put in (or were not found in) a token; the message names the claim. */
export class ClaimsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClaimsError';
  }
}

const UINT32_MAX = 0xffffffff;
/** UTF-8 length without encoding (this runs for every token issued). */
function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit < 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * The masked name as it fits a token: the platform's mask when it is short enough, otherwise the
 * initials of each word, otherwise the first character alone, each followed by "*". Never more of
 * the name than the mask already showed.
 */
export function maskedNameForToken(masked: string): string {
  if (utf8Bytes(masked) <= MASKED_NAME_MAX_BYTES) return masked;
  const initials = masked.split(/\s+/).filter(Boolean).map((word) => `${Array.from(word)[0]}*`).join(' ');
  if (utf8Bytes(initials) <= MASKED_NAME_MAX_BYTES) return initials;
  const first = Array.from(masked.trim())[0] ?? '';
  return utf8Bytes(first) + 1 <= MASKED_NAME_MAX_BYTES ? `${first}*` : '*';
}

const isSeconds = (t: number) => Number.isInteger(t) && t >= 0 && t <= UINT32_MAX;

/**
 * What is wrong with claims, or undefined. Written as plain early returns (no closures, no
 * temporary arrays): it runs for every token issued and every token verified.
 */
function claimsProblem(claims: TokenClaims): string | undefined {
  if (!Number.isInteger(claims.issuer) || claims.issuer < 100000 || claims.issuer > 999999) return 'issuer must be a 6-digit region code';
  if (claims.subject.length < SUBJECT_MIN_BYTES || claims.subject.length > SUBJECT_BYTES) return `subject must be ${SUBJECT_MIN_BYTES}–${SUBJECT_BYTES} bytes`;
  if (utf8Bytes(claims.maskedName) > MASKED_NAME_MAX_BYTES) return `masked name longer than ${MASKED_NAME_MAX_BYTES} UTF-8 bytes`;
  if (!COLOURS.includes(claims.colour)) return 'unknown colour';
  if (!TOKEN_KINDS.includes(claims.kind)) return 'unknown kind';
  if (!isSeconds(claims.issuedAt)) return 'issuedAt must be whole seconds';
  if (!isSeconds(claims.expiresAt)) return 'expiresAt must be whole seconds';
  const validity = claims.expiresAt - claims.issuedAt;
  if (validity <= 0) return 'expiry must come after issue';
  if (validity > MAX_VALIDITY_SECONDS) return 'validity longer than 14 days';
  if (validity % 60 !== 0) return 'validity must be whole minutes';
  if (claims.tokenId && (claims.tokenId.length < 1 || claims.tokenId.length > TOKEN_ID_MAX_BYTES)) return `token id must be 1–${TOKEN_ID_MAX_BYTES} bytes`;
  if (claims.kind === 'printed' && !claims.tokenId) return 'a printed code needs a token id (for revocation)';
  if (claims.kind === 'live' && claims.tokenId) return 'only printed codes carry a token id';
  return undefined;
}

/** Checks what issueToken is given, before anything is signed (throws ClaimsError). */
export function checkClaims(claims: TokenClaims): void {
  const problem = claimsProblem(claims);
  if (problem) throw new ClaimsError(problem);
}

export function claimsToCbor(claims: TokenClaims): CborMap {
  const map: CborMap = new Map<number, CborValue>([
    [CLAIM.issuer, claims.issuer], [CLAIM.subject, claims.subject], [CLAIM.issuedAt, claims.issuedAt],
    [CLAIM.validityMinutes, (claims.expiresAt - claims.issuedAt) / 60],
  ]);
  if (claims.tokenId) map.set(CLAIM.tokenId, claims.tokenId);
  map.set(CLAIM.maskedName, claims.maskedName);
  map.set(CLAIM.colour, COLOURS.indexOf(claims.colour));
  return map;
}

const claimTextEncoder = new TextEncoder();

/** Size of a CBOR unsigned integer (or a length head) for values up to 2^32 - 1. */
const uintSize = (n: number) => (n < 24 ? 1 : n < 0x100 ? 2 : n < 0x10000 ? 3 : 5);

function writeHead(out: Uint8Array, offset: number, major: number, n: number): number {
  const m = major << 5;
  if (n < 24) {
    out[offset] = m | n;
    return offset + 1;
  }
  if (n < 0x100) {
    out[offset] = m | 24;
    out[offset + 1] = n;
    return offset + 2;
  }
  if (n < 0x10000) {
    out[offset] = m | 25;
    out[offset + 1] = n >> 8;
    out[offset + 2] = n & 0xff;
    return offset + 3;
  }
  out[offset] = m | 26;
  out[offset + 1] = (n >>> 24) & 0xff;
  out[offset + 2] = (n >>> 16) & 0xff;
  out[offset + 3] = (n >>> 8) & 0xff;
  out[offset + 4] = n & 0xff;
  return offset + 5;
}

/**
 * The payload bytes of checked claims: exactly encodeCbor(claimsToCbor(claims)) (token.test.ts
 * compares them), written in one allocation because it runs for every token issued. Keys in
 * deterministic order: 1, 2, 6, 7 (printed only), -1, -2, -4.
 */
export function encodeClaims(claims: TokenClaims): Uint8Array {
  const name = claimTextEncoder.encode(claims.maskedName);
  const minutes = (claims.expiresAt - claims.issuedAt) / 60;
  const tokenId = claims.tokenId;
  const size = 1 + 1 + uintSize(claims.issuer) + 1 + uintSize(claims.subject.length) + claims.subject.length + 1 + uintSize(claims.issuedAt)
    + (tokenId ? 1 + uintSize(tokenId.length) + tokenId.length : 0) + 1 + uintSize(name.length) + name.length + 2 + 1 + uintSize(minutes);
  const out = new Uint8Array(size);
  let o = writeHead(out, 0, 5, tokenId ? 7 : 6);
  out[o++] = CLAIM.issuer;
  o = writeHead(out, o, 0, claims.issuer);
  out[o++] = CLAIM.subject;
  o = writeHead(out, o, 2, claims.subject.length);
  out.set(claims.subject, o);
  o += claims.subject.length;
  out[o++] = CLAIM.issuedAt;
  o = writeHead(out, o, 0, claims.issuedAt);
  if (tokenId) {
    out[o++] = CLAIM.tokenId;
    o = writeHead(out, o, 2, tokenId.length);
    out.set(tokenId, o);
    o += tokenId.length;
  }
  out[o++] = 0x20; // -1 masked name
  o = writeHead(out, o, 3, name.length);
  out.set(name, o);
  o += name.length;
  out[o++] = 0x21; // -2 colour
  out[o++] = COLOURS.indexOf(claims.colour);
  out[o++] = 0x23; // -4 validity in minutes
  writeHead(out, o, 0, minutes);
  return out;
}

function intClaim(map: CborMap, key: number): number {
  const v = map.get(key);
  if (typeof v !== 'number') throw new ClaimsError(`claim ${key} must be an integer`);
  return v;
}

function bytesClaim(map: CborMap, key: number): Uint8Array {
  const v = map.get(key);
  if (!(v instanceof Uint8Array)) throw new ClaimsError(`claim ${key} must be bytes`);
  return v;
}

/** Reads claims from a decoded payload; throws ClaimsError on anything missing, extra or mistyped. */
export function claimsFromCbor(value: CborValue): TokenClaims {
  if (!isCborMap(value)) throw new ClaimsError('payload is not a map');
  for (const key of value.keys()) if (!KNOWN_CLAIM_KEYS.has(key)) throw new ClaimsError(`unknown claim ${key}`);
  const maskedName = value.get(CLAIM.maskedName);
  if (typeof maskedName !== 'string') throw new ClaimsError('masked name must be text');
  const colour = COLOURS[intClaim(value, CLAIM.colour)];
  if (!colour) throw new ClaimsError('colour out of range');
  const printed = value.has(CLAIM.tokenId);
  const claims: TokenClaims = {
    issuer: intClaim(value, CLAIM.issuer), subject: bytesClaim(value, CLAIM.subject), maskedName, colour,
    issuedAt: intClaim(value, CLAIM.issuedAt), expiresAt: intClaim(value, CLAIM.issuedAt) + intClaim(value, CLAIM.validityMinutes) * 60,
    kind: printed ? 'printed' : 'live', ...(printed ? { tokenId: bytesClaim(value, CLAIM.tokenId) } : {}),
  };
  checkClaims(claims);
  return claims;
}

/** Token key id: the first 8 bytes of SHA-256 over the raw public key (as EU DCC does over the certificate). */
export function tokenKidOf(rawPublicKey: Uint8Array): Uint8Array {
  return sha256(rawPublicKey).slice(0, 8);
}

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

export function fromHex(hex: string): Uint8Array {
  if (!/^(?:[0-9a-f]{2})*$/.test(hex)) throw new Error('not lowercase hex');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}
