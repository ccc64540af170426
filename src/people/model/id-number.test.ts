import { describe, expect, it } from 'vitest';
import { residentIdCheckDigit, validateIdNumber } from './id-number.ts';

const TODAY = '2026-11-28';
/** A valid resident ID for the given first 17 digits. */
const rid = (first17: string) => first17 + residentIdCheckDigit(first17);

describe('residentIdCheckDigit (GB 11643-1999)', () => {
  it('computes the published example 11010519491231002X', () => {
    expect(residentIdCheckDigit('11010519491231002')).toBe('X');
  });
  it('computes a numeric check digit', () => {
    expect(residentIdCheckDigit('44052419800101001')).toBe('3');
  });
  it('refuses input that is not 17 digits', () => {
    expect(() => residentIdCheckDigit('1234')).toThrow();
  });
});

describe('validateIdNumber: resident ID', () => {
  it('accepts a valid number and reads birth date and sex (odd sequence = male)', () => {
    expect(validateIdNumber('resident_id', '440524198001010013', TODAY)).toEqual({ ok: true, normalized: '440524198001010013', birthDate: '1980-01-01', sex: 'M' });
  });
  it('reads an even sequence digit as female', () => {
    const id = rid('33010219900307002');
    expect(validateIdNumber('resident_id', id, TODAY)).toMatchObject({ ok: true, sex: 'F', birthDate: '1990-03-07' });
  });
  it('upper-cases a lowercase x check character and strips spaces', () => {
    expect(validateIdNumber('resident_id', ' 110105 19491231 002x ', TODAY)).toMatchObject({ ok: true, normalized: '11010519491231002X' });
  });
  it('rejects a wrong length or letters as PERSON_ID_FORMAT', () => {
    expect(validateIdNumber('resident_id', '11010519491231002', TODAY)).toEqual({ ok: false, code: 'PERSON_ID_FORMAT' });
    expect(validateIdNumber('resident_id', '1101051949123100AX', TODAY)).toEqual({ ok: false, code: 'PERSON_ID_FORMAT' });
  });
  it('rejects a region part starting with 0 as PERSON_ID_REGION', () => {
    expect(validateIdNumber('resident_id', rid('01010519900101001'), TODAY)).toEqual({ ok: false, code: 'PERSON_ID_REGION' });
  });
  it('rejects an impossible birth date (30 February) as PERSON_ID_BIRTH_DATE', () => {
    expect(validateIdNumber('resident_id', rid('33010219900230001'), TODAY)).toEqual({ ok: false, code: 'PERSON_ID_BIRTH_DATE' });
  });
  it('rejects a birth date before 1900 or after today', () => {
    expect(validateIdNumber('resident_id', rid('33010218991231001'), TODAY)).toEqual({ ok: false, code: 'PERSON_ID_BIRTH_DATE' });
    expect(validateIdNumber('resident_id', rid('33010220261129001'), TODAY)).toEqual({ ok: false, code: 'PERSON_ID_BIRTH_DATE' });
    expect(validateIdNumber('resident_id', rid('33010220261128001'), TODAY)).toMatchObject({ ok: true });
  });
  it('rejects a wrong check digit as PERSON_ID_CHECK_DIGIT', () => {
    expect(validateIdNumber('resident_id', '440524198001010015', TODAY)).toEqual({ ok: false, code: 'PERSON_ID_CHECK_DIGIT' });
  });
  it('accepts HK, Macau and Taiwan residence permits (810000 / 820000 / 830000) by the same rules', () => {
    for (const prefix of ['810000', '820000', '830000']) {
      expect(validateIdNumber('resident_id', rid(`${prefix}19850615003`), TODAY)).toMatchObject({ ok: true, sex: 'M' });
    }
    expect(validateIdNumber('resident_id', '810000198506150030', TODAY).ok).toBe(residentIdCheckDigit('81000019850615003') === '0');
  });
});

describe('validateIdNumber: other documents', () => {
  it('accepts Chinese passports in both shapes, normalised to upper case', () => {
    expect(validateIdNumber('passport', 'e12345678')).toEqual({ ok: true, normalized: 'E12345678' });
    expect(validateIdNumber('passport', 'EA1234567')).toEqual({ ok: true, normalized: 'EA1234567' });
  });
  it('accepts foreign passports of 5–20 letters and digits', () => {
    expect(validateIdNumber('passport', 'x1234ab9')).toEqual({ ok: true, normalized: 'X1234AB9' });
    expect(validateIdNumber('passport', 'AB123')).toMatchObject({ ok: true });
  });
  it('rejects too short, too long or punctuated passport numbers', () => {
    expect(validateIdNumber('passport', 'AB12')).toEqual({ ok: false, code: 'PERSON_ID_FORMAT' });
    expect(validateIdNumber('passport', 'A'.repeat(21))).toEqual({ ok: false, code: 'PERSON_ID_FORMAT' });
    expect(validateIdNumber('passport', 'E1234-5678')).toEqual({ ok: false, code: 'PERSON_ID_FORMAT' });
  });
  it('accepts HK/Macau permits: H or M with 8 or 10 digits', () => {
    expect(validateIdNumber('hk_macau_permit', 'h12345678')).toEqual({ ok: true, normalized: 'H12345678' });
    expect(validateIdNumber('hk_macau_permit', 'M1234567890')).toEqual({ ok: true, normalized: 'M1234567890' });
  });
  it('rejects HK/Macau permits with another letter or 9 digits', () => {
    expect(validateIdNumber('hk_macau_permit', 'K12345678')).toEqual({ ok: false, code: 'PERSON_ID_FORMAT' });
    expect(validateIdNumber('hk_macau_permit', 'H123456789')).toEqual({ ok: false, code: 'PERSON_ID_FORMAT' });
  });
  it('accepts Taiwan permits: 8 digits, or a letter and 9 digits', () => {
    expect(validateIdNumber('taiwan_permit', '12345678')).toEqual({ ok: true, normalized: '12345678' });
    expect(validateIdNumber('taiwan_permit', 'a123456789')).toEqual({ ok: true, normalized: 'A123456789' });
  });
  it('rejects Taiwan permits of other shapes', () => {
    expect(validateIdNumber('taiwan_permit', '1234567')).toEqual({ ok: false, code: 'PERSON_ID_FORMAT' });
    expect(validateIdNumber('taiwan_permit', '1234567890')).toEqual({ ok: false, code: 'PERSON_ID_FORMAT' });
  });
  it('rejects an unknown document type', () => {
    expect(validateIdNumber('driving_licence', '12345678')).toEqual({ ok: false, code: 'PERSON_ID_TYPE_UNKNOWN' });
  });
});
