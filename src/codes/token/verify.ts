/**
 * The one verification library for health-code tokens, used by the Node server and by the
 * browser's /scan page. Steps run in order and each has its own outcome, as in the EU DCC
 * verifiers: prefix and Base45 → CBOR / COSE structure → issuer key known and valid when the
 * token was issued → signature → time window (with clock skew) → revocation. Claims are returned
 * only once the signature has been checked: nothing unsigned is ever shown.
 *
 * Pure and isomorphic. The signature check defaults to the portable one (@noble/curves,
 * sm-crypto-v2); the Node server passes `nodeSignatureCheck` (./node-signature.ts) for speed.
 */
import type { LocalizedMessage } from '../../kernel/errors.ts';
import { verifySignature, type SignatureCheck } from '../signing-keys/verify-signature.ts';
import { decodeBase45 } from './base45.ts';
import { decodeCbor } from './cbor.ts';
import { decodeCoseSign1, sigStructure, type CoseSign1 } from './cose.ts';
import { claimsFromCbor, DEFAULT_SKEW_SECONDS, toHex, TOKEN_PREFIX, type Colour, type TokenClaims } from './model.ts';
import { revocationKey, trustKey, type TrustedKey, type TrustStore } from './trust-store.ts';

export const VERIFY_OUTCOMES = ['valid', 'expired', 'not_yet_valid', 'bad_signature', 'unknown_issuer', 'revoked', 'malformed'] as const;
export type VerifyOutcome = (typeof VERIFY_OUTCOMES)[number];

export interface VerifyResult {
  outcome: VerifyOutcome;
  /** Present once the signature is good (valid, expired, not_yet_valid, revoked). */
  claims?: TokenClaims;
  /** What the checkpoint shows. */
  message: LocalizedMessage;
  /** Which check failed and why, in English, for logs and tests (never shown as the verdict). */
  detail: string;
  /** The key that signed, once known. */
  keyName?: string;
}

export interface VerifyOptions {
  skewSeconds?: number;
  signatureCheck?: SignatureCheck;
}

export const OUTCOME_MESSAGES: Record<Exclude<VerifyOutcome, 'valid'>, LocalizedMessage> = {
  expired: { zh: '健康码已过期，请刷新', en: 'This code has expired; please refresh it' },
  not_yet_valid: { zh: '健康码尚未生效，请检查手机时间', en: 'This code is not valid yet; check the phone\'s clock' },
  bad_signature: { zh: '健康码签名无效，可能被篡改或伪造', en: 'Invalid signature: the code may be altered or forged' },
  unknown_issuer: { zh: '无法识别签发地区或密钥，请更新信任列表', en: 'Unknown issuer or key; update the trust list' },
  revoked: { zh: '该健康码已被撤销', en: 'This code has been revoked' },
  malformed: { zh: '不是有效的健康码', en: 'This is not a valid health code' },
};

export const VALID_MESSAGES: Record<Colour, LocalizedMessage> = {
  green: { zh: '绿码，核验通过', en: 'Green code: verified' },
  yellow: { zh: '黄码，请按规定处置', en: 'Yellow code: follow the local rules' },
  red: { zh: '红码，请按规定处置', en: 'Red code: follow the local rules' },
};

function fail(outcome: Exclude<VerifyOutcome, 'valid'>, detail: string, extra: Partial<VerifyResult> = {}): VerifyResult {
  return { outcome, message: OUTCOME_MESSAGES[outcome], detail, ...extra };
}

type Decoded = { cose: CoseSign1; claims: TokenClaims };

function decodeToken(text: string): Decoded | VerifyResult {
  if (typeof text !== 'string' || !text.startsWith(TOKEN_PREFIX)) return fail('malformed', `missing prefix ${TOKEN_PREFIX}`);
  try {
    const cose = decodeCoseSign1(decodeBase45(text.slice(TOKEN_PREFIX.length)));
    return { cose, claims: claimsFromCbor(decodeCbor(cose.payload)) };
  } catch (error) {
    return fail('malformed', (error as Error).message);
  }
}

/** Key known for this issuer and allowed to sign at issued-at; its trust-list entry fixes the algorithm. */
function findSigningKey(trust: TrustStore, { cose, claims }: Decoded, skew: number): TrustedKey | VerifyResult {
  const key = trust.keys.get(trustKey(claims.issuer, toHex(cose.kid)));
  if (!key) return fail('unknown_issuer', `no key ${toHex(cose.kid)} for issuer ${claims.issuer}`);
  if (claims.issuedAt < key.notBefore - skew) return fail('unknown_issuer', `key ${key.name} did not exist when the token was issued`);
  if (key.retiredAt !== null && claims.issuedAt > key.retiredAt + skew) return fail('unknown_issuer', `key ${key.name} was retired before the token was issued`);
  return key;
}

export function verifyToken(text: string, trust: TrustStore, now: Date, options: VerifyOptions = {}): VerifyResult {
  const skew = options.skewSeconds ?? DEFAULT_SKEW_SECONDS;
  const decoded = decodeToken(text);
  if ('outcome' in decoded) return decoded;
  const key = findSigningKey(trust, decoded, skew);
  if ('outcome' in key) return key;
  const { cose, claims } = decoded;
  const check = options.signatureCheck ?? verifySignature;
  if (!check(key.algorithm, key.publicKey, sigStructure(cose.protectedBytes, cose.payload), cose.signature)) {
    return fail('bad_signature', `signature does not verify with key ${key.name}`, { keyName: key.name });
  }
  const signed = { claims, keyName: key.name };
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (nowSeconds < claims.issuedAt - skew) return fail('not_yet_valid', `issued ${claims.issuedAt - nowSeconds} s in the future`, signed);
  if (nowSeconds > claims.expiresAt + skew) return fail('expired', `expired ${nowSeconds - claims.expiresAt} s ago`, signed);
  if (key.notAfter !== null && nowSeconds > key.notAfter) return fail('unknown_issuer', `key ${key.name} is no longer trusted`, signed);
  if (claims.tokenId && trust.revoked.has(revocationKey(claims.issuer, toHex(claims.tokenId)))) {
    return fail('revoked', `token ${toHex(claims.tokenId)} is revoked`, signed);
  }
  return { outcome: 'valid', claims, message: VALID_MESSAGES[claims.colour], detail: 'all checks passed', keyName: key.name };
}
