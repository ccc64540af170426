import { describe, expect, it } from 'vitest';
import { residentIdCheckDigit } from './id-number.ts';
import { checkAddress, checkNewPerson, checkPhone, isRelation, normalizeName, sameName, type NewPerson } from './person.ts';

const id = (first17: string) => first17 + residentIdCheckDigit(first17);
const valid: NewPerson = { idType: 'resident_id', idNumber: id('33010219900307002'), name: '王丽', homeRegionCode: '330102' };

describe('normalizeName', () => {
  it('accepts Chinese names, including minority names joined by ·', () => {
    expect(normalizeName(' 王丽 ')).toBe('王丽');
    expect(normalizeName('阿依古丽·买买提')).toBe('阿依古丽·买买提');
  });
  it('turns look-alike middle dots into · and trims spaces around it', () => {
    expect(normalizeName('阿依古丽 • 买买提')).toBe('阿依古丽·买买提');
  });
  it('accepts Latin names with spaces, hyphens, apostrophes and accents, collapsing spaces', () => {
    expect(normalizeName('John   Smith')).toBe('John Smith');
    expect(normalizeName("Anne-Marie O'Neil")).toBe("Anne-Marie O'Neil");
    expect(normalizeName('José Núñez')).toBe('José Núñez');
  });
  it('refuses digits, empty names, names over 40 characters and stray symbols', () => {
    expect(normalizeName('王丽2')).toBeUndefined();
    expect(normalizeName('   ')).toBeUndefined();
    expect(normalizeName('王'.repeat(41))).toBeUndefined();
    expect(normalizeName('王'.repeat(40))).toBe('王'.repeat(40));
    expect(normalizeName('·王丽')).toBeUndefined();
    expect(normalizeName('John@Smith')).toBeUndefined();
  });
  it('refuses a mix of Chinese characters and Latin letters', () => {
    expect(normalizeName('王Li')).toBeUndefined();
  });
  it('compares names exactly after normalisation', () => {
    expect(sameName('John  Smith', 'John Smith')).toBe(true);
    expect(sameName('John Smith', 'john smith')).toBe(false);
    expect(sameName('王丽', '王莉')).toBe(false);
  });
});

describe('checkPhone and checkAddress', () => {
  it('normalises a mobile number and keeps an absent one null', () => {
    expect(checkPhone('+86 139-0000-0001')).toEqual({ ok: true, value: '13900000001' });
    expect(checkPhone(undefined)).toEqual({ ok: true, value: null });
    expect(checkPhone('')).toEqual({ ok: true, value: null });
  });
  it('refuses a landline or short number as PERSON_PHONE_INVALID', () => {
    expect(checkPhone('0571-88888888')).toEqual({ ok: false, code: 'PERSON_PHONE_INVALID', field: 'phone' });
  });
  it('bounds addresses to 200 characters', () => {
    expect(checkAddress('  杭州市  上城区 ')).toEqual({ ok: true, value: '杭州市 上城区' });
    expect(checkAddress('路'.repeat(201))).toEqual({ ok: false, code: 'PERSON_ADDRESS_INVALID', field: 'address' });
  });
});

describe('checkNewPerson', () => {
  it('returns normalised values with birth date and sex read from the ID', () => {
    expect(checkNewPerson({ ...valid, phone: '13900000001' }, '2026-11-28')).toEqual({
      ok: true,
      value: { idType: 'resident_id', idNumber: valid.idNumber, name: '王丽', sex: 'F', birthDate: '1990-03-07', phone: '13900000001', address: null, homeRegionCode: '330102', synthetic: false },
    });
  });
  it('leaves sex and birth date empty for documents that do not carry them', () => {
    expect(checkNewPerson({ ...valid, idType: 'passport', idNumber: 'e12345678' })).toMatchObject({ ok: true, value: { idNumber: 'E12345678', sex: null, birthDate: null } });
  });
  it('names the failing field', () => {
    expect(checkNewPerson({ ...valid, idNumber: '123' })).toEqual({ ok: false, code: 'PERSON_ID_FORMAT', field: 'idNumber' });
    expect(checkNewPerson({ ...valid, idType: 'army' as never })).toEqual({ ok: false, code: 'PERSON_ID_TYPE_UNKNOWN', field: 'idType' });
    expect(checkNewPerson({ ...valid, name: 'R2D2' })).toEqual({ ok: false, code: 'PERSON_NAME_INVALID', field: 'name' });
    expect(checkNewPerson({ ...valid, phone: '123' })).toEqual({ ok: false, code: 'PERSON_PHONE_INVALID', field: 'phone' });
    expect(checkNewPerson({ ...valid, homeRegionCode: '3301' })).toEqual({ ok: false, code: 'PERSON_REGION_UNKNOWN', field: 'homeRegionCode' });
  });
  it('knows the relation list', () => {
    expect(isRelation('child')).toBe(true);
    expect(isRelation('cousin')).toBe(false);
  });
});
