import { describe, expect, it } from 'vitest';
import { dailyLimitFrom, decodeCursor, encodeCursor, geofenceFlags, haversineMetres, isIdempotencyKey, isValidWindow, keptAnswerText, parseKeptAnswer } from './model.ts';

// 杭州 西湖 断桥 and 雷峰塔: about 2.6 km apart.
const BRIDGE = { latitude: 30.2617, longitude: 120.1525 };
const PAGODA = { latitude: 30.2315, longitude: 120.1489 };

describe('check-in rules', () => {
  it('measures great-circle distances', () => {
    expect(haversineMetres(BRIDGE, BRIDGE)).toBe(0);
    const d = haversineMetres(BRIDGE, PAGODA);
    expect(d).toBeGreaterThan(3300);
    expect(d).toBeLessThan(3400);
    // One degree of latitude is about 111.2 km.
    expect(haversineMetres({ latitude: 0, longitude: 0 }, { latitude: 1, longitude: 0 })).toBeCloseTo(111_195, -2);
  });

  it('flags a location outside the radius plus its accuracy, and nothing without coordinates or a location', () => {
    const venue = { ...BRIDGE, geofenceRadiusM: 200 };
    expect(geofenceFlags(venue, { ...PAGODA, accuracyM: 30 })).toMatchObject({ geofenceFar: true });
    expect(geofenceFlags(venue, { latitude: 30.2626, longitude: 120.1525, accuracyM: 10 })).toEqual({ geofenceFar: false, distanceM: 100 });
    // 3.4 km away with a claimed accuracy of 50 km: the accuracy counts at most 1 km.
    expect(geofenceFlags(venue, { ...PAGODA, accuracyM: 50_000 }).geofenceFar).toBe(true);
    expect(geofenceFlags(venue, { ...PAGODA, accuracyM: 3_500 }).geofenceFar).toBe(true);
    expect(geofenceFlags({ latitude: null, longitude: null, geofenceRadiusM: null }, { ...PAGODA, accuracyM: 5 })).toEqual({ geofenceFar: false, distanceM: null });
    expect(geofenceFlags(venue, undefined)).toEqual({ geofenceFar: false, distanceM: null });
    // Coordinates without a radius: 200 m.
    expect(geofenceFlags({ ...BRIDGE, geofenceRadiusM: null }, { latitude: 30.2644, longitude: 120.1525, accuracyM: 0 }).geofenceFar).toBe(true);
  });

  it('accepts idempotency keys of 8–128 safe characters', () => {
    expect(isIdempotencyKey('3f1c2a9e-5b7d-4e0f-9a1b-2c3d4e5f6a7b')).toBe(true);
    expect(isIdempotencyKey('short')).toBe(false);
    expect(isIdempotencyKey('has space here')).toBe(false);
    expect(isIdempotencyKey(undefined)).toBe(false);
    expect(isIdempotencyKey('x'.repeat(129))).toBe(false);
  });

  it('round-trips page cursors and refuses malformed ones', () => {
    const cursor = { at: new Date('2026-11-28T01:02:03.456Z'), id: 12345 };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(decodeCursor('abc')).toBeUndefined();
    expect(decodeCursor('1.2.3')).toBeUndefined();
    expect(decodeCursor('1.99999999999999999')).toBeUndefined();
  });

  it('bounds windows to 31 days, start before end', () => {
    const from = new Date('2026-11-01T00:00:00Z');
    expect(isValidWindow(from, new Date('2026-11-02T00:00:00Z'))).toBe(true);
    expect(isValidWindow(from, from)).toBe(false);
    expect(isValidWindow(from, new Date('2026-12-03T00:00:00Z'))).toBe(false);
  });

  it('reads the daily limit from the environment', () => {
    expect(dailyLimitFrom({})).toBe(30);
    expect(dailyLimitFrom({ FANGYI_CHECKIN_DAILY_LIMIT: '5' })).toBe(5);
    expect(() => dailyLimitFrom({ FANGYI_CHECKIN_DAILY_LIMIT: 'many' })).toThrow(/FANGYI_CHECKIN_DAILY_LIMIT/);
  });

  it('keeps a success as the very text that was sent, and an error as its code', () => {
    const bodyJson = JSON.stringify({ venue: { name: '西溪"超市"\\ \u2028' }, items: [{ checkedInAt: new Date(0), distanceM: null }], alert: false });
    const kept = parseKeptAnswer(keptAnswerText({ status: 201, bodyJson }));
    expect(kept).toEqual({ status: 201, bodyJson });
    const refused = { status: 429, error: { code: 'CHECKIN_DAILY_LIMIT', details: { limit: 30 } } };
    expect(parseKeptAnswer(keptAnswerText(refused))).toEqual(refused);
  });
});
