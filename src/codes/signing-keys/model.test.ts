import { describe, expect, it } from 'vitest';
import { buildKid, generateKeyPairPem, parsePrivateKeyPem, signBytes, verifyBytes, type SigningAlgorithm } from './model.ts';

describe('buildKid', () => {
  it('names the region and the Shanghai day, then six random characters', () => {
    expect(buildKid('330100', '2026-11-28', 'abc234')).toBe('330100-20261128-abc234');
    expect(buildKid('330100', '2026-11-28')).toMatch(/^330100-20261128-[a-z2-9]{6}$/);
  });
});

describe.each<SigningAlgorithm>(['Ed25519', 'ES256'])('%s keys', (algorithm) => {
  const pair = generateKeyPairPem(algorithm);
  const key = { kid: 'k', regionCode: '330100', algorithm, privateKey: parsePrivateKeyPem(pair.privateKeyPem) };
  const data = Buffer.from('health-code payload 健康码');

  it('exports SPKI and PKCS8 PEM', () => {
    expect(pair.publicKeyPem).toContain('BEGIN PUBLIC KEY');
    expect(pair.privateKeyPem).toContain('BEGIN PRIVATE KEY');
  });

  it('verifies its own signature and rejects a changed message', () => {
    const signature = signBytes(key, data);
    if (algorithm === 'ES256') expect(signature.length).toBe(64); // JOSE r‖s, what WebCrypto expects
    expect(verifyBytes(algorithm, pair.publicKeyPem, data, signature)).toBe(true);
    expect(verifyBytes(algorithm, pair.publicKeyPem, Buffer.from('health-code payload 健康吗'), signature)).toBe(false);
  });

  it('rejects a signature from another key', () => {
    const other = generateKeyPairPem(algorithm);
    const signature = signBytes({ ...key, privateKey: parsePrivateKeyPem(other.privateKeyPem) }, data);
    expect(verifyBytes(algorithm, pair.publicKeyPem, data, signature)).toBe(false);
  });
});

describe('SM2', () => {
  it('is not generated yet', () => {
    expect(() => generateKeyPairPem('SM2')).toThrow(/unsupported/);
  });
});
