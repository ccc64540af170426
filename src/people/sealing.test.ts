import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Keyring } from '../kernel/crypto/field-encryption.ts';
import { blindIndex } from '../kernel/crypto/field-encryption.ts';
import { idNumberHash, openPerson, sealPerson } from './sealing.ts';
import type { CheckedPerson } from './model/person.ts';

const keyring: Keyring = { currentKeyId: 'k1', keys: new Map([['k1', randomBytes(32)]]), indexKey: randomBytes(32) };
const person: CheckedPerson = {
  idType: 'resident_id', idNumber: '11010519491231002X', name: '欧阳娜娜', sex: 'F', birthDate: '1949-12-31',
  phone: '13812345678', address: '北京市朝阳区某街 8 号', homeRegionCode: '110105', synthetic: false,
};

describe('sealPerson / openPerson', () => {
  const sealed = sealPerson(keyring, 'p1', person);

  it('shows only masked forms in the clear', () => {
    expect(sealed).toMatchObject({ idNumberMasked: '110105********002X', nameMasked: '欧**娜', phoneMasked: '138****5678' });
    const text = JSON.stringify(sealed);
    for (const plain of [person.idNumber, person.name, person.phone!, '某街']) expect(text).not.toContain(plain);
  });

  it('indexes the phone under the purpose accounts use, so a person’s phone finds their account', () => {
    expect(sealed.phoneHash).toBe(blindIndex(keyring, 'phone', '13812345678'));
  });

  it('indexes ID numbers per document type', () => {
    expect(idNumberHash(keyring, 'passport', 'E12345678')).not.toBe(idNumberHash(keyring, 'hk_macau_permit', 'E12345678'));
    expect(sealed.idNumberHash).toBe(idNumberHash(keyring, 'resident_id', person.idNumber));
  });

  it('opens back to the original values', () => {
    expect(openPerson(keyring, sealed, '北京市朝阳区')).toEqual({
      id: 'p1', idType: 'resident_id', idNumber: person.idNumber, idNumberMasked: '110105********002X', name: '欧阳娜娜', nameMasked: '欧**娜',
      sex: 'F', birthDate: '1949-12-31', phone: '13812345678', phoneMasked: '138****5678', address: person.address,
      homeRegionCode: '110105', homeRegionName: '北京市朝阳区', synthetic: false,
    });
  });

  it('leaves absent phone and address empty', () => {
    const bare = sealPerson(keyring, 'p2', { ...person, phone: null, address: null });
    expect(bare).toMatchObject({ phoneEnc: null, phoneHash: null, phoneMasked: null, addressEnc: null });
  });
});
