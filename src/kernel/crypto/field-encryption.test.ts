import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { blindIndex, decryptField, encryptField, needsReencryption, parseKeyList, type Keyring } from './field-encryption.ts';

const k1 = randomBytes(32);
const k2 = randomBytes(32);
const ring = (current: string): Keyring => ({ currentKeyId: current, keys: new Map([['k1', k1], ['k2', k2]]), indexKey: randomBytes(32) });

describe('field encryption', () => {
  it('round-trips and never stores the plaintext', () => {
    const keyring = ring('k1');
    const stored = encryptField(keyring, '330102199001011234');
    expect(stored).not.toContain('330102199001011234');
    expect(decryptField(keyring, stored)).toBe('330102199001011234');
  });

  it('encrypts the same value differently each time (random IV)', () => {
    const keyring = ring('k1');
    expect(encryptField(keyring, '13800001234')).not.toBe(encryptField(keyring, '13800001234'));
  });

  it('keeps decrypting old rows after rotation and flags them for re-encryption', () => {
    const old = encryptField(ring('k1'), '张三');
    const rotated = ring('k2');
    expect(decryptField(rotated, old)).toBe('张三');
    expect(needsReencryption(rotated, old)).toBe(true);
    expect(needsReencryption(rotated, encryptField(rotated, '张三'))).toBe(false);
  });

  it('rejects a tampered ciphertext', () => {
    const keyring = ring('k1');
    const stored = encryptField(keyring, 'secret');
    const raw = Buffer.from(stored.slice(3), 'base64');
    raw[raw.length - 1]! ^= 1;
    expect(() => decryptField(keyring, `k1.${raw.toString('base64')}`)).toThrow();
  });

  it('refuses to decrypt with an unknown key id', () => {
    expect(() => decryptField(ring('k1'), 'k9.AAAA')).toThrow(/no data key/);
  });

  it('blind index is stable per purpose and separates purposes', () => {
    const keyring = ring('k1');
    expect(blindIndex(keyring, 'phone', '13800001234')).toBe(blindIndex(keyring, 'phone', '13800001234'));
    expect(blindIndex(keyring, 'phone', '13800001234')).not.toBe(blindIndex(keyring, 'id', '13800001234'));
  });

  it('parses key lists with the first key current, and rejects short keys', () => {
    const parsed = parseKeyList(`k2:${k2.toString('base64')},k1:${k1.toString('base64')}`);
    expect(parsed.currentKeyId).toBe('k2');
    expect(parsed.keys.size).toBe(2);
    expect(() => parseKeyList(`k1:${randomBytes(16).toString('base64')}`)).toThrow(/32 bytes/);
  });
});
