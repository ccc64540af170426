/**
 * Personal fields at rest: encrypted value + blind index + masked form, and back. The blind-index
 * purposes are part of the data: 'phone' is shared with accounts so a person's phone finds their
 * account; ID numbers are indexed per document type so a passport never matches a resident ID.
 */
import { blindIndex, decryptField, encryptField, type Keyring } from '../kernel/crypto/field-encryption.ts';
import { maskIdNumber, maskName, maskPhone } from '../kernel/masking.ts';
import type { CheckedPerson, IdType, PersonRecord } from './model/person.ts';

export interface SealedPerson {
  id: string;
  idType: IdType;
  idNumberEnc: string;
  idNumberHash: string;
  idNumberMasked: string;
  nameEnc: string;
  nameMasked: string;
  sex: 'M' | 'F' | null;
  birthDate: string | null;
  phoneEnc: string | null;
  phoneHash: string | null;
  phoneMasked: string | null;
  addressEnc: string | null;
  homeRegionCode: string;
  synthetic: boolean;
}

export interface SealedPhone {
  phoneEnc: string | null;
  phoneHash: string | null;
  phoneMasked: string | null;
}

export function idNumberHash(keyring: Keyring, idType: IdType, normalizedIdNumber: string): string {
  return blindIndex(keyring, `id:${idType}`, normalizedIdNumber);
}

export function sealPhone(keyring: Keyring, phone: string | null): SealedPhone {
  if (!phone) return { phoneEnc: null, phoneHash: null, phoneMasked: null };
  return { phoneEnc: encryptField(keyring, phone), phoneHash: blindIndex(keyring, 'phone', phone), phoneMasked: maskPhone(phone) };
}

export function sealAddress(keyring: Keyring, address: string | null): string | null {
  return address ? encryptField(keyring, address) : null;
}

export function sealPerson(keyring: Keyring, id: string, person: CheckedPerson): SealedPerson {
  return {
    id,
    idType: person.idType,
    idNumberEnc: encryptField(keyring, person.idNumber),
    idNumberHash: idNumberHash(keyring, person.idType, person.idNumber),
    idNumberMasked: maskIdNumber(person.idNumber),
    nameEnc: encryptField(keyring, person.name),
    nameMasked: maskName(person.name),
    sex: person.sex,
    birthDate: person.birthDate,
    ...sealPhone(keyring, person.phone),
    addressEnc: sealAddress(keyring, person.address),
    homeRegionCode: person.homeRegionCode,
    synthetic: person.synthetic,
  };
}

export function openPerson(keyring: Keyring, sealed: SealedPerson, homeRegionName: string): PersonRecord {
  return {
    id: sealed.id,
    idType: sealed.idType,
    idNumber: decryptField(keyring, sealed.idNumberEnc),
    idNumberMasked: sealed.idNumberMasked,
    name: decryptField(keyring, sealed.nameEnc),
    nameMasked: sealed.nameMasked,
    sex: sealed.sex,
    birthDate: sealed.birthDate,
    phone: sealed.phoneEnc ? decryptField(keyring, sealed.phoneEnc) : null,
    phoneMasked: sealed.phoneMasked,
    address: sealed.addressEnc ? decryptField(keyring, sealed.addressEnc) : null,
    homeRegionCode: sealed.homeRegionCode,
    homeRegionName,
    synthetic: sealed.synthetic,
  };
}

export function openName(keyring: Keyring, sealed: Pick<SealedPerson, 'nameEnc'>): string {
  return decryptField(keyring, sealed.nameEnc);
}
