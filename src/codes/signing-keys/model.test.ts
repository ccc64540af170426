import { describe, expect, it } from 'vitest';
import { rawPublicKeyFromPem } from './algorithms.ts';
import { buildKid, generateKeyPairPem, parsePrivateKey, signBytes, verifyBytes, type SigningAlgorithm } from './model.ts';
import { verifySignature } from './verify-signature.ts';

describe('buildKid', () => {
  it('names the region and the Shanghai day, then six random characters', () => {
    expect(buildKid('330100', '2026-11-28', 'abc234')).toBe('330100-20261128-abc234');
    expect(buildKid('330100', '2026-11-28')).toMatch(/^330100-20261128-[a-z2-9]{6}$/);
  });
});

describe.each<SigningAlgorithm>(['Ed25519', 'ES256', 'SM2'])('%s keys', (algorithm) => {
  const pair = generateKeyPairPem(algorithm);
  const key = { kid: 'k', regionCode: '330100', algorithm, privateKey: parsePrivateKey(algorithm, pair.privateKeyPem) };
  const data = new TextEncoder().encode('health-code payload 健康码');
  const changed = new TextEncoder().encode('health-code payload 健康吗');

  it('exports SPKI and PKCS8 PEM', () => {
    expect(pair.publicKeyPem).toContain('BEGIN PUBLIC KEY');
    expect(pair.privateKeyPem).toContain('BEGIN PRIVATE KEY');
    expect(rawPublicKeyFromPem(algorithm, pair.publicKeyPem).length).toBe(algorithm === 'Ed25519' ? 32 : 65);
  });

  it('verifies its own signature (server and portable checks) and rejects a changed message', () => {
    const signature = signBytes(key, data);
    expect(signature.length).toBe(64); // r ‖ s for ES256 and SM2, what WebCrypto expects
    const raw = rawPublicKeyFromPem(algorithm, pair.publicKeyPem);
    expect(verifyBytes(algorithm, pair.publicKeyPem, data, signature)).toBe(true);
    expect(verifySignature(algorithm, raw, data, signature)).toBe(true);
    expect(verifyBytes(algorithm, pair.publicKeyPem, changed, signature)).toBe(false);
    expect(verifySignature(algorithm, raw, changed, signature)).toBe(false);
  });

  it('rejects a signature from another key', () => {
    const other = generateKeyPairPem(algorithm);
    const signature = signBytes({ ...key, privateKey: parsePrivateKey(algorithm, other.privateKeyPem) }, data);
    expect(verifyBytes(algorithm, pair.publicKeyPem, data, signature)).toBe(false);
  });
});

describe('ES256 low S', () => {
  it('always signs with s in the lower half, so the high-S twin is refused', () => {
    const pair = generateKeyPairPem('ES256');
    const key = { kid: 'k', regionCode: '330100', algorithm: 'ES256' as const, privateKey: parsePrivateKey('ES256', pair.privateKeyPem) };
    const n = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
    const raw = rawPublicKeyFromPem('ES256', pair.publicKeyPem);
    for (let i = 0; i < 20; i++) {
      const data = Uint8Array.of(i);
      const signature = signBytes(key, data);
      const s = BigInt(`0x${Buffer.from(signature.subarray(32)).toString('hex')}`);
      expect(s <= n >> 1n).toBe(true);
      const twin = Uint8Array.from([...signature.subarray(0, 32), ...Buffer.from((n - s).toString(16).padStart(64, '0'), 'hex')]);
      expect(verifyBytes('ES256', pair.publicKeyPem, data, twin)).toBe(true); // OpenSSL alone accepts it…
      expect(verifySignature('ES256', raw, data, twin)).toBe(false); // …our verifiers do not
    }
  });
});

describe('SM2 interoperability', () => {
  it('keeps the SM2 curve OID in its PEM keys and refuses an ES256 PEM as SM2', () => {
    const pair = generateKeyPairPem('SM2');
    expect(() => rawPublicKeyFromPem('ES256', pair.publicKeyPem)).toThrow(/not an ES256/);
    expect(() => parsePrivateKey('SM2', generateKeyPairPem('ES256').privateKeyPem)).toThrow(/SM2/);
  });
});
