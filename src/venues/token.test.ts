import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Keyring } from '../kernel/crypto/field-encryption.ts';
import { issueVenueToken, readVenueToken, VENUE_TOKEN_CHARS, venueDayNumber } from './token.ts';

const keyring = (): Keyring => ({ currentKeyId: 'k1', keys: new Map([['k1', randomBytes(32)]]), indexKey: randomBytes(32) });
const ring = keyring();
const venueId = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';

describe('venue tokens', () => {
  it('round-trips a static poster token in 50 URL-safe characters', () => {
    const token = issueVenueToken(ring, { venueId, tokenVersion: 1 });
    expect(token).toHaveLength(50);
    expect(VENUE_TOKEN_CHARS).toBe(50);
    expect(token).toMatch(/^[A-Za-z0-9_-]{50}$/);
    expect(readVenueToken(ring, token)).toEqual({ venueId, tokenVersion: 1, day: null });
  });

  it('round-trips a daily token with its day and a high rotation counter', () => {
    const day = venueDayNumber(new Date('2026-11-28T03:00:00Z'));
    const token = issueVenueToken(ring, { venueId, tokenVersion: 65535, day });
    expect(readVenueToken(ring, token)).toEqual({ venueId, tokenVersion: 65535, day });
  });

  it('rejects every single flipped bit of the token', () => {
    const token = issueVenueToken(ring, { venueId, tokenVersion: 7, day: 2500 });
    const raw = Buffer.from(token, 'base64url');
    let rejected = 0;
    for (let bit = 0; bit < raw.length * 8; bit++) {
      const copy = Buffer.from(raw);
      copy[bit >> 3]! ^= 1 << (bit & 7);
      if (readVenueToken(ring, copy.toString('base64url')) === undefined) rejected++;
    }
    expect(rejected).toBe(raw.length * 8);
  });

  it('rejects an edited venue id, version or day even with the rest intact', () => {
    const token = issueVenueToken(ring, { venueId, tokenVersion: 3 });
    const other = issueVenueToken(ring, { venueId: '00000000-0000-4000-8000-000000000001', tokenVersion: 3 });
    const raw = Buffer.from(token, 'base64url');
    const spliced = Buffer.concat([Buffer.from(other, 'base64url').subarray(0, 21), raw.subarray(21)]);
    expect(readVenueToken(ring, spliced.toString('base64url'))).toBeUndefined();
    const bumped = Buffer.from(raw);
    bumped.writeUInt16BE(4, 17);
    expect(readVenueToken(ring, bumped.toString('base64url'))).toBeUndefined();
  });

  it('rejects a token made with another installation\'s key', () => {
    const token = issueVenueToken(keyring(), { venueId, tokenVersion: 1 });
    expect(readVenueToken(ring, token)).toBeUndefined();
  });

  it('rejects malformed text without throwing', () => {
    const token = issueVenueToken(ring, { venueId, tokenVersion: 1 });
    for (const bad of ['', 'x', token.slice(1), `${token}A`, token.replace(/.$/, '*'), ` ${token}`, 'A'.repeat(50), token.toUpperCase()]) {
      expect(readVenueToken(ring, bad)).toBeUndefined();
    }
    expect(readVenueToken(ring, undefined as unknown as string)).toBeUndefined();
  });

  it('accepts only the canonical spelling (unused bits of the last character clear)', () => {
    const token = issueVenueToken(ring, { venueId, tokenVersion: 1 });
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(token.at(-1)!);
    // The last character carries 2 bits of data and 4 unused ones.
    const twin = token.slice(0, -1) + alphabet[last ^ 0b0001];
    expect(Buffer.from(twin, 'base64url').equals(Buffer.from(token, 'base64url'))).toBe(true);
    expect(readVenueToken(ring, twin)).toBeUndefined();
  });

  it('refuses to issue nonsense', () => {
    expect(() => issueVenueToken(ring, { venueId: 'not-a-uuid', tokenVersion: 1 })).toThrow();
    expect(() => issueVenueToken(ring, { venueId, tokenVersion: 0 })).toThrow();
    expect(() => issueVenueToken(ring, { venueId, tokenVersion: 65536 })).toThrow();
    expect(() => issueVenueToken(ring, { venueId, tokenVersion: 1, day: 0 })).toThrow();
    expect(() => issueVenueToken(ring, { venueId, tokenVersion: 1, day: 70000 })).toThrow();
  });

  it('counts days in Asia/Shanghai from 2020-01-01', () => {
    expect(venueDayNumber(new Date('2019-12-31T16:00:00Z'))).toBe(0); // 2020-01-01 00:00 in Shanghai
    expect(venueDayNumber(new Date('2019-12-31T15:59:59Z'))).toBe(-1);
    expect(venueDayNumber(new Date('2020-01-01T15:59:59Z'))).toBe(0);
    expect(venueDayNumber(new Date('2020-01-01T16:00:00Z'))).toBe(1);
    // 2026-11-28 in Shanghai is 2523 days after 2020-01-01.
    expect(venueDayNumber(new Date('2026-11-28T12:00:00+08:00'))).toBe(2523);
  });
});
