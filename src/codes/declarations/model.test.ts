import { describe, expect, it } from 'vitest';
import { checkDeclaration, decodeCursor, encodeCursor, isValidTemperature, normalizeMobile, type DeclarationInput } from './model.ts';

const base: DeclarationInput = {
  personId: '00000000-0000-4000-8000-000000000001', regionCode: '330102', address: '杭州市上城区某路 1 号', temperature: 36.5,
  symptoms: ['none'], stayedRegionCodes: ['330102'], contact: 'none', pledge: true,
};

describe('checkDeclaration', () => {
  it('accepts a healthy declaration and normalises it', () => {
    const result = checkDeclaration({ ...base, address: '  某路 1 号 ', phone: '+86 138-0000-1234', stayedRegionCodes: ['330102', '330102', '420100'] });
    expect(result).toEqual({ ok: true, value: expect.objectContaining({ address: '某路 1 号', phone: '13800001234', stayedRegionCodes: ['330102', '420100'] }) });
  });

  it.each([
    [{ temperature: 33.9 }, 'DECLARATION_TEMPERATURE_INVALID', 'temperature'],
    [{ temperature: 43.1 }, 'DECLARATION_TEMPERATURE_INVALID', 'temperature'],
    [{ temperature: 36.55 }, 'DECLARATION_TEMPERATURE_INVALID', 'temperature'],
    [{ temperature: Number.NaN }, 'DECLARATION_TEMPERATURE_INVALID', 'temperature'],
    [{ symptoms: [] }, 'DECLARATION_SYMPTOMS_EMPTY', 'symptoms'],
    [{ symptoms: ['sneezing'] }, 'DECLARATION_SYMPTOM_UNKNOWN', 'symptoms'],
    [{ symptoms: ['none', 'cough'] }, 'DECLARATION_SYMPTOMS_CONFLICT', 'symptoms'],
    [{ stayedRegionCodes: ['33010'] }, 'DECLARATION_REGION_UNKNOWN', 'stayedRegionCodes'],
    [{ stayedRegionCodes: Array.from({ length: 21 }, (_, i) => `3301${String(i).padStart(2, '0')}`) }, 'DECLARATION_TOO_MANY_PLACES', 'stayedRegionCodes'],
    [{ regionCode: 'abc' }, 'DECLARATION_REGION_UNKNOWN', 'regionCode'],
    [{ address: '   ' }, 'DECLARATION_ADDRESS_INVALID', 'address'],
    [{ phone: '12345' }, 'DECLARATION_PHONE_INVALID', 'phone'],
    [{ contact: 'maybe' as never }, 'DECLARATION_CONTACT_INVALID', 'contact'],
    [{ pledge: false }, 'DECLARATION_PLEDGE_REQUIRED', 'pledge'],
  ])('refuses %j with %s', (change, code, field) => {
    expect(checkDeclaration({ ...base, ...change })).toEqual({ ok: false, code, field });
  });

  it('allows the range limits and one decimal', () => {
    expect([34.0, 37.3, 43.0, 36].map(isValidTemperature)).toEqual([true, true, true, true]);
    expect(normalizeMobile('13800001234')).toBe('13800001234');
    expect(normalizeMobile('23800001234')).toBeUndefined();
  });
});

describe('declaration cursor', () => {
  it('round-trips and rejects garbage', () => {
    const cursor = { declaredAt: new Date('2026-03-01T02:03:04.005Z'), id: '00000000-0000-4000-8000-000000000009' };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(decodeCursor('not-a-cursor')).toBeUndefined();
  });
});
