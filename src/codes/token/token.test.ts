import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { generateKeyPairPem, parsePrivateKey, signBytes, type SigningAlgorithm } from '../signing-keys/model.ts';
import { bytesToBase64Url, rawPublicKeyFromPem } from '../signing-keys/algorithms.ts';
import { BASE45_ALPHABET, decodeBase45, encodeBase45 } from './base45.ts';
import { encodeCbor } from './cbor.ts';
import { encodeToken, type TokenSigner } from './encode.ts';
import {
  claimsToCbor, encodeClaims, LIVE_VALIDITY_SECONDS, MASKED_NAME_MAX_BYTES, maskedNameForToken, MAX_TOKEN_CHARS, PRINTED_TOKEN_ID_BYTES, PRINTED_VALIDITY_SECONDS, SUBJECT_BYTES, toHex, tokenKidOf,
  TOKEN_PREFIX, type TokenClaims,
} from './model.ts';
import { maskName } from '../../kernel/masking.ts';
import { nodeSignatureCheck } from './node-signature.ts';
import { buildTrustStore, type IssuerJson, type RevocationJson } from './trust-store.ts';
import { verifyToken, type VerifyOptions } from './verify.ts';

const T0 = Date.parse('2026-11-29T02:00:00Z') / 1000;
const iso = (s: number) => new Date(s * 1000).toISOString();

function testKey(algorithm: SigningAlgorithm, notBefore = T0 - 86_400, retiredAt: number | null = null) {
  const pair = generateKeyPairPem(algorithm);
  const raw = rawPublicKeyFromPem(algorithm, pair.publicKeyPem);
  const kid = tokenKidOf(raw);
  const privateKey = { kid: toHex(kid), regionCode: '330100', algorithm, privateKey: parsePrivateKey(algorithm, pair.privateKeyPem) };
  const signer: TokenSigner = { algorithm, kid, sign: (data) => signBytes(privateKey, data) };
  const json = {
    kid: toHex(kid), name: `330100-test-${algorithm}`, algorithm, publicKey: bytesToBase64Url(raw),
    notBefore: iso(notBefore), retiredAt: retiredAt === null ? null : iso(retiredAt), notAfter: null,
  };
  return { signer, json };
}

function storeOf(issuers: IssuerJson[], revocations: RevocationJson[] = []) {
  return buildTrustStore({ generatedAt: iso(T0), validUntil: iso(T0 + 86_400), sources: [{ issuers, revocations }] });
}

function claims(overrides: Partial<TokenClaims> = {}): TokenClaims {
  return {
    issuer: 330100, subject: Uint8Array.from({ length: SUBJECT_BYTES }, (_, i) => 200 + i), maskedName: '欧**娜', colour: 'green',
    issuedAt: T0, expiresAt: T0 + LIVE_VALIDITY_SECONDS, kind: 'live', ...overrides,
  };
}

const at = (s: number) => new Date(s * 1000);

describe.each<SigningAlgorithm>(['Ed25519', 'ES256', 'SM2'])('%s token', (algorithm) => {
  const { signer, json } = testKey(algorithm);
  const trust = storeOf([{ regionCode: '330100', name: '杭州市', keys: [json] }]);
  const token = encodeToken(claims({ colour: 'yellow' }), signer);
  const checks: [string, VerifyOptions][] = [['portable', {}], ['node', { signatureCheck: nodeSignatureCheck }]];

  it.each(checks)('round-trips with the %s signature check', (_name, options) => {
    const result = verifyToken(token, trust, at(T0 + 10), options);
    expect(result.outcome).toBe('valid');
    expect(result.claims).toEqual(claims({ colour: 'yellow' }));
    expect(result.message.zh).toBe('黄码，请按规定处置');
  });

  it.each(checks)('rejects every single flipped bit (%s check)', (_name, options) => {
    const bytes = decodeBase45(token.slice(TOKEN_PREFIX.length));
    for (let i = 0; i < bytes.length * 8; i++) {
      const flipped = bytes.slice();
      flipped[i >> 3]! ^= 1 << (i & 7);
      const outcome = verifyToken(TOKEN_PREFIX + encodeBase45(flipped), trust, at(T0 + 10), options).outcome;
      expect(outcome, `bit ${i}`).not.toBe('valid');
      expect(['malformed', 'bad_signature', 'unknown_issuer'], `bit ${i}`).toContain(outcome);
    }
  });

  it('rejects every single changed Base45 character', () => {
    const body = token.slice(TOKEN_PREFIX.length);
    for (let i = 0; i < body.length; i++) {
      for (const ch of BASE45_ALPHABET) {
        if (ch === body[i]) continue;
        const changed = TOKEN_PREFIX + body.slice(0, i) + ch + body.slice(i + 1);
        expect(verifyToken(changed, trust, at(T0 + 10), { signatureCheck: nodeSignatureCheck }).outcome, `${i}:${ch}`).not.toBe('valid');
      }
    }
  }, 60_000); // ~8,000 verifications; SM2 is slow on a loaded 2-core machine
});

describe('verification outcomes', () => {
  const { signer, json } = testKey('Ed25519');
  const trust = storeOf([{ regionCode: '330100', name: '杭州市', keys: [json] }]);
  const live = encodeToken(claims(), signer);

  it('expires after the expiry plus the allowed skew, with a Chinese message', () => {
    expect(verifyToken(live, trust, at(T0 + LIVE_VALIDITY_SECONDS + 60)).outcome).toBe('valid');
    const late = verifyToken(live, trust, at(T0 + LIVE_VALIDITY_SECONDS + 61));
    expect(late).toMatchObject({ outcome: 'expired', message: { zh: '健康码已过期，请刷新' } });
    expect(late.claims?.maskedName).toBe('欧**娜');
    expect(verifyToken(live, trust, at(T0 + LIVE_VALIDITY_SECONDS + 5), { skewSeconds: 0 }).outcome).toBe('expired');
  });

  it('is not yet valid before issued-at minus the skew', () => {
    expect(verifyToken(live, trust, at(T0 - 60)).outcome).toBe('valid');
    expect(verifyToken(live, trust, at(T0 - 61))).toMatchObject({ outcome: 'not_yet_valid', message: { zh: expect.stringContaining('尚未生效') } });
    expect(verifyToken(live, trust, at(T0 - 5), { skewSeconds: 0 }).outcome).toBe('not_yet_valid');
  });

  it('does not know another region\'s key, nor a key that is not in the list', () => {
    const ningbo = encodeToken(claims({ issuer: 330200 }), signer);
    expect(verifyToken(ningbo, trust, at(T0)).outcome).toBe('unknown_issuer');
    const stranger = testKey('Ed25519');
    expect(verifyToken(encodeToken(claims(), stranger.signer), trust, at(T0)).outcome).toBe('unknown_issuer');
  });

  it('refuses a token issued before its key existed or after its key was retired', () => {
    const retired = testKey('Ed25519', T0 - 86_400, T0 - 3600);
    const store = storeOf([{ regionCode: '330100', name: '杭州市', keys: [retired.json] }]);
    const before = encodeToken(claims({ issuedAt: T0 - 3720, expiresAt: T0 + 600 }), retired.signer);
    expect(verifyToken(before, store, at(T0)).outcome).toBe('valid');
    const after = encodeToken(claims(), retired.signer);
    expect(verifyToken(after, store, at(T0))).toMatchObject({ outcome: 'unknown_issuer', detail: expect.stringContaining('retired') });
    const early = encodeToken(claims({ issuedAt: T0 - 90_000, expiresAt: T0 + 60 }), retired.signer);
    expect(verifyToken(early, store, at(T0)).outcome).toBe('unknown_issuer');
  });

  it('takes the algorithm from the trust list: another algorithm signing under a known kid is refused', () => {
    for (const other of ['ES256', 'SM2'] as const) {
      const sneaky: TokenSigner = { ...testKey(other).signer, kid: signer.kid };
      expect(verifyToken(encodeToken(claims(), sneaky), trust, at(T0)).outcome).toBe('bad_signature');
    }
  });

  it('refuses a revoked printed code, and only that one', () => {
    const tokenId = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    const printed = encodeToken(claims({ kind: 'printed', tokenId, expiresAt: T0 + 14 * 86_400 }), signer);
    const other = encodeToken(claims({ kind: 'printed', tokenId: Uint8Array.from([9, 9, 9, 9, 9, 9, 9, 9]), expiresAt: T0 + 86_400 }), signer);
    const revokedStore = storeOf([{ regionCode: '330100', name: '杭州市', keys: [json] }], [{ regionCode: '330100', tokenId: toHex(tokenId), expiresAt: iso(T0 + 14 * 86_400) }]);
    expect(verifyToken(printed, trust, at(T0 + 10 * 86_400)).outcome).toBe('valid');
    expect(verifyToken(printed, revokedStore, at(T0 + 10 * 86_400))).toMatchObject({ outcome: 'revoked', message: { zh: '该健康码已被撤销' } });
    expect(verifyToken(other, revokedStore, at(T0)).outcome).toBe('valid');
    expect(verifyToken(printed, revokedStore, at(T0)).claims?.kind).toBe('printed');
  });

  it.each([
    ['empty', ''],
    ['the wrong prefix', `HC1:${live.slice(4)}`],
    ['no prefix', live.slice(4)],
    ['bad Base45', `${TOKEN_PREFIX}abc`],
    ['truncated CBOR', live.slice(0, live.length - 3)],
    ['trailing bytes', TOKEN_PREFIX + encodeBase45(Uint8Array.from([...decodeBase45(live.slice(4)), 0]))],
    ['a bare CBOR integer', TOKEN_PREFIX + encodeBase45(Uint8Array.from([0x01]))],
  ])('calls %s malformed', (_name, text) => {
    expect(verifyToken(text, trust, at(T0))).toMatchObject({ outcome: 'malformed', message: { zh: '不是有效的健康码' } });
    expect(verifyToken(text, trust, at(T0)).claims).toBeUndefined();
  });

  it('refuses claims that cannot be put in a token', () => {
    expect(() => encodeToken(claims({ subject: new Uint8Array(4) }), signer)).toThrow(/subject/);
    expect(() => encodeToken(claims({ kind: 'printed' }), signer)).toThrow(/token id/);
    expect(() => encodeToken(claims({ expiresAt: T0 + 15 * 86_400 }), signer)).toThrow(/14 days/);
  });
});

describe('payload encoding', () => {
  it.each<[string, Partial<TokenClaims>]>([
    ['a live code', {}],
    ['a printed code', { kind: 'printed', tokenId: Uint8Array.from([1, 2, 3, 4, 5]), expiresAt: T0 + 14 * 86_400 }],
    ['small numbers', { issuer: 110000, issuedAt: 20, expiresAt: 80, maskedName: '', subject: new Uint8Array(8) }],
    ['a Latin name and a day', { maskedName: 'J* S*', colour: 'red', expiresAt: T0 + 86_400 }],
    ['an hour', { issuedAt: 300, expiresAt: 300 + 3600, colour: 'yellow' }],
  ])('writes %s exactly as the generic CBOR encoder does', (_name, overrides) => {
    const c = claims(overrides);
    expect(encodeClaims(c)).toEqual(encodeCbor(claimsToCbor(c)));
  });
});

describe('size budget', () => {
  // The largest claims issueToken can make: 6-digit issuer, 12-byte subject, the longest masked
  // name a token takes, a 14-day printed code with its token id, a 2100 issued-at.
  const largest = (kind: 'live' | 'printed'): TokenClaims => {
    const issuedAt = Date.parse('2100-01-01T00:00:00Z') / 1000;
    const validity = kind === 'live' ? LIVE_VALIDITY_SECONDS : PRINTED_VALIDITY_SECONDS;
    return {
      issuer: 999999, subject: new Uint8Array(SUBJECT_BYTES).fill(0xff), maskedName: '欧**娜', colour: 'yellow', issuedAt, expiresAt: issuedAt + validity, kind,
      ...(kind === 'printed' ? { tokenId: new Uint8Array(PRINTED_TOKEN_ID_BYTES).fill(0xff) } : {}),
    };
  };

  it.each(['Ed25519', 'ES256', 'SM2'] as const)('keeps the largest live and printed %s codes within 200 characters and QR version 8-M', (algorithm) => {
    const { signer } = testKey(algorithm);
    expect(new TextEncoder().encode(largest('live').maskedName).length).toBe(MASKED_NAME_MAX_BYTES);
    for (const kind of ['live', 'printed'] as const) {
      const text = encodeToken(largest(kind), signer);
      expect(text.length, kind).toBeLessThanOrEqual(MAX_TOKEN_CHARS);
      expect(text).toMatch(/^[0-9A-Z $%*+\-./:]+$/);
      expect(QRCode.create(text, { errorCorrectionLevel: 'M' }).version, kind).toBeLessThanOrEqual(8);
    }
  });

  it('refuses a masked name over the byte budget and shortens long masks without showing more of the name', () => {
    const { signer } = testKey('Ed25519');
    expect(() => encodeToken(claims({ maskedName: '欧***娜' }), signer)).toThrow(/masked name/);
    expect(maskedNameForToken(maskName('张三'))).toBe('张*');
    expect(maskedNameForToken(maskName('欧阳娜娜'))).toBe('欧**娜');
    expect(maskedNameForToken(maskName('买买提艾力'))).toBe('买*');
    expect(maskedNameForToken(maskName('John Smith'))).toBe('J* S*');
    expect(maskedNameForToken(maskName('Maximilian Alexander Smith'))).toBe('M* A* S*');
    for (const name of ['张三', '欧阳娜娜', '买买提·艾力', 'John Smith', 'Maximilian Alexander Smith', 'A']) {
      expect(new TextEncoder().encode(maskedNameForToken(maskName(name))).length, name).toBeLessThanOrEqual(MASKED_NAME_MAX_BYTES);
    }
  });

  it('refuses claims the layout cannot carry: live codes with token ids, validity not in whole minutes', () => {
    const { signer } = testKey('Ed25519');
    expect(() => encodeToken(claims({ tokenId: new Uint8Array(6) }), signer)).toThrow(/only printed/);
    expect(() => encodeToken(claims({ expiresAt: T0 + 90 }), signer)).toThrow(/whole minutes/);
  });
});
