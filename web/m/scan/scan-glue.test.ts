import { describe, expect, it } from 'vitest';
import { generateKeyPairPem, parsePrivateKey, signBytes } from '../../../src/codes/signing-keys/model.ts';
import { bytesToBase64Url, rawPublicKeyFromPem } from '../../../src/codes/signing-keys/algorithms.ts';
import { encodeToken } from '../../../src/codes/token/encode.ts';
import { toHex, tokenKidOf } from '../../../src/codes/token/model.ts';
import type { TrustStoreJson } from '../../../src/codes/token/trust-store.ts';
import type { LiveCheck } from '../api/scan.ts';
import { readTrust, saveTrust, TRUST_CACHE_KEY, TRUST_MAX_AGE_MS } from './trust-cache.ts';
import { needsAlert, toneOf, verifyLocally, withLiveCheck } from './verdict.ts';

const T0 = Date.parse('2026-11-29T02:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

function fixture() {
  const pair = generateKeyPairPem('Ed25519');
  const raw = rawPublicKeyFromPem('Ed25519', pair.publicKeyPem);
  const kid = tokenKidOf(raw);
  const key = { kid: toHex(kid), regionCode: '330100', algorithm: 'Ed25519' as const, privateKey: parsePrivateKey('Ed25519', pair.privateKeyPem) };
  const json: TrustStoreJson = {
    format: 'fangyi-trust-store/1', generatedAt: iso(T0), validUntil: iso(T0 + 86_400_000),
    issuers: [{ regionCode: '330100', name: '杭州市', keys: [{ kid: toHex(kid), name: 'k1', algorithm: 'Ed25519', publicKey: bytesToBase64Url(raw), notBefore: iso(T0 - 86_400_000), retiredAt: null, notAfter: null }] }],
    revocations: [],
  };
  const token = (colour: 'green' | 'yellow' | 'red') => encodeToken({
    issuer: 330100, subject: new Uint8Array(10).fill(7), maskedName: '李*英', colour, issuedAt: T0 / 1000, expiresAt: T0 / 1000 + 180, kind: 'live',
  }, { algorithm: 'Ed25519', kid, sign: (data) => signBytes(key, data) });
  return { json, token };
}

function memoryStorage() {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), map };
}

describe('trust cache', () => {
  const { json } = fixture();

  it('is ready within 24 hours of the fetch and refused after, with its fetch time', () => {
    const storage = memoryStorage();
    saveTrust(storage, json, new Date(T0));
    expect(readTrust(storage, new Date(T0 + TRUST_MAX_AGE_MS - 1000)).kind).toBe('ready');
    const stale = readTrust(storage, new Date(T0 + TRUST_MAX_AGE_MS + 1000));
    expect(stale).toEqual({ kind: 'stale', fetchedAt: new Date(T0) });
  });

  it('counts the age from when the server made the store, so a cached copy served offline does not look new', () => {
    const storage = memoryStorage();
    saveTrust(storage, json, new Date(T0 + TRUST_MAX_AGE_MS + 1000)); // json was generated at T0
    expect(readTrust(storage, new Date(T0 + TRUST_MAX_AGE_MS + 1000)).kind).toBe('stale');
    const newer = { ...json, generatedAt: iso(T0 + 3_600_000) };
    saveTrust(storage, newer, new Date(T0 + 3_600_000));
    saveTrust(storage, json, new Date(T0 + 3_600_000)); // an older copy does not replace the newer one
    expect(readTrust(storage, new Date(T0 + 3_600_000 + TRUST_MAX_AGE_MS - 1000)).kind).toBe('ready');
  });

  it('treats a fetch time in the future (a clock set back) as stale, and garbage as missing', () => {
    const storage = memoryStorage();
    saveTrust(storage, { ...json, generatedAt: iso(T0 + 3_600_000) }, new Date(T0 + 3_600_000));
    expect(readTrust(storage, new Date(T0)).kind).toBe('stale');
    storage.setItem(TRUST_CACHE_KEY, '{not json');
    expect(readTrust(storage, new Date(T0)).kind).toBe('missing');
    expect(readTrust(memoryStorage(), new Date(T0)).kind).toBe('missing');
  });
});

describe('verdict', () => {
  const { json, token } = fixture();
  const storage = memoryStorage();
  saveTrust(storage, json, new Date(T0));
  const now = new Date(T0 + 10_000);
  const live = (over: Partial<LiveCheck>): LiveCheck => ({
    outcome: 'valid', message: { zh: '', en: '' }, issuer: '330100', kind: 'live', maskedName: '李*英', tokenColour: 'green',
    liveColour: 'green', liveSince: null, colour: 'green', expiresAt: null, checkedAt: iso(T0 + 11_000), ...over,
  });

  it('verifies in the browser with the cached store: colour, masked name, no alert on green', () => {
    const verdict = verifyLocally(token('green'), readTrust(storage, now), now);
    expect(verdict).toMatchObject({ outcome: 'valid', colour: 'green', maskedName: '李*英', live: 'pending' });
    expect(toneOf(verdict)).toBe('green');
    expect(needsAlert(verdict)).toBe(false);
    expect(needsAlert(verifyLocally(token('yellow'), readTrust(storage, now), now))).toBe(true);
  });

  it('refuses with a stale store, and grey-screens expiry but not forgery', () => {
    const later = new Date(T0 + TRUST_MAX_AGE_MS + 60_000);
    const stale = verifyLocally(token('green'), readTrust(storage, later), later);
    expect(stale).toMatchObject({ outcome: 'trust_stale', colour: null });
    expect(toneOf(stale)).toBe('grey');
    const expired = verifyLocally(token('green'), readTrust(storage, new Date(T0 + 600_000)), new Date(T0 + 600_000));
    expect(toneOf(expired)).toBe('grey');
    const forged = verifyLocally(token('green').slice(0, -2) + 'AA', readTrust(storage, now), now);
    expect(['bad_signature', 'malformed']).toContain(forged.outcome);
    expect(toneOf(forged)).toBe('invalid');
  });

  it('lets the live colour win and remembers what the code showed', () => {
    const local = verifyLocally(token('green'), readTrust(storage, now), now);
    expect(withLiveCheck(local, live({}))).toMatchObject({ colour: 'green', live: 'confirmed', shownColour: null });
    expect(withLiveCheck(local, live({ liveColour: 'red', colour: 'red' }))).toMatchObject({ colour: 'red', live: 'changed', shownColour: 'green' });
    expect(withLiveCheck(local, live({ outcome: 'revoked', colour: null, liveColour: null }))).toMatchObject({ outcome: 'revoked', colour: null, live: 'changed' });
  });
});
