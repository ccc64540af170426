/** Persons and guardianships: types and the pure checks a new or changed record must pass. */
import { normalizeMobile } from '../../accounts/model.ts';
import type { PeopleErrorCode } from '../errors.ts';
import { validateIdNumber, type IdType } from './id-number.ts';

export type { IdType } from './id-number.ts';

/** What the dependant is to the guardian ("child" = the dependant is the guardian's child). */
export const RELATIONS = ['parent', 'child', 'spouse', 'grandparent', 'grandchild', 'sibling', 'other'] as const;
export type Relation = (typeof RELATIONS)[number];

export const MAX_DEPENDANTS = 10;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Person ids are UUIDs; anything else cannot name a person (and must not reach SQL as a uuid). */
export function isPersonId(value: string): boolean {
  return UUID.test(value);
}
export const NAME_MAX = 40;
export const ADDRESS_MAX = 200;

export interface NewPerson {
  idType: IdType;
  idNumber: string;
  name: string;
  phone?: string | null;
  address?: string | null;
  homeRegionCode: string;
  synthetic?: boolean;
}

/** A new person after every pure check: normalised values, ready to encrypt. */
export interface CheckedPerson {
  idType: IdType;
  idNumber: string;
  name: string;
  sex: 'M' | 'F' | null;
  birthDate: string | null;
  phone: string | null;
  address: string | null;
  homeRegionCode: string;
  synthetic: boolean;
}

/** A person as the owner (or an audited staff read) sees it: decrypted, with masked forms. */
export interface PersonRecord {
  id: string;
  idType: IdType;
  idNumber: string;
  idNumberMasked: string;
  name: string;
  nameMasked: string;
  sex: 'M' | 'F' | null;
  birthDate: string | null;
  phone: string | null;
  phoneMasked: string | null;
  address: string | null;
  homeRegionCode: string;
  homeRegionName: string;
  synthetic: boolean;
}

/** What lists and lookups show: masked only. */
export interface PersonSummary {
  id: string;
  idType: IdType;
  idNumberMasked: string;
  nameMasked: string;
  phoneMasked: string | null;
  homeRegionCode: string;
  homeRegionName: string;
}

export interface Dependant extends PersonSummary {
  name: string;
  relation: Relation;
}

export type FieldProblem = { ok: false; code: PeopleErrorCode; field: string };
type Checked<T> = { ok: true; value: T } | FieldProblem;

const HAN_NAME = /^[\p{Script=Han}]+(·[\p{Script=Han}]+)*$/u;
const LATIN_NAME = /^[\p{Script=Latin}]+([ ·'.-][\p{Script=Latin}]+)*\.?$/u;

/** 1–40 characters: Chinese (parts joined by ·, as in minority names) or Latin letters with spaces/·. */
export function normalizeName(raw: string): string | undefined {
  // Several look-alike middle dots are typed for the same ·; spaces collapse.
  const name = raw.trim().replace(/[•・‧∙]/g, '·').replace(/\s+/g, ' ').replace(/ ?· ?/g, '·');
  const length = Array.from(name).length;
  if (length < 1 || length > NAME_MAX) return undefined;
  return HAN_NAME.test(name) || LATIN_NAME.test(name) ? name : undefined;
}

/** Exact match after the same normalisation (used to claim a record staff registered). */
export function sameName(a: string, b: string): boolean {
  return normalizeName(a) !== undefined && normalizeName(a) === normalizeName(b);
}

export function normalizeAddress(raw: string): string | undefined {
  const address = raw.trim().replace(/\s+/g, ' ');
  const length = Array.from(address).length;
  return length >= 1 && length <= ADDRESS_MAX ? address : undefined;
}

export function isRelation(value: string): value is Relation {
  return (RELATIONS as readonly string[]).includes(value);
}

/** Optional phone: absent/null/empty stays null; anything else must be a mainland mobile. */
export function checkPhone(raw: string | null | undefined): Checked<string | null> {
  if (raw === undefined || raw === null || raw.trim() === '') return { ok: true, value: null };
  const phone = normalizeMobile(raw);
  return phone ? { ok: true, value: phone } : { ok: false, code: 'PERSON_PHONE_INVALID', field: 'phone' };
}

export function checkAddress(raw: string | null | undefined): Checked<string | null> {
  if (raw === undefined || raw === null || raw.trim() === '') return { ok: true, value: null };
  const address = normalizeAddress(raw);
  return address ? { ok: true, value: address } : { ok: false, code: 'PERSON_ADDRESS_INVALID', field: 'address' };
}

/** Every check that needs no database; region existence is the service's job. */
export function checkNewPerson(input: NewPerson, today?: string): Checked<CheckedPerson> {
  const id = validateIdNumber(input.idType, input.idNumber, today);
  if (!id.ok) return { ok: false, code: id.code, field: id.code === 'PERSON_ID_TYPE_UNKNOWN' ? 'idType' : 'idNumber' };
  const name = normalizeName(input.name);
  if (!name) return { ok: false, code: 'PERSON_NAME_INVALID', field: 'name' };
  const phone = checkPhone(input.phone);
  if (!phone.ok) return phone;
  const address = checkAddress(input.address);
  if (!address.ok) return address;
  if (!/^[0-9]{6}([0-9]{3})?$/.test(input.homeRegionCode)) return { ok: false, code: 'PERSON_REGION_UNKNOWN', field: 'homeRegionCode' };
  return {
    ok: true,
    value: {
      idType: input.idType, idNumber: id.normalized, name, sex: id.sex ?? null, birthDate: id.birthDate ?? null,
      phone: phone.value, address: address.value, homeRegionCode: input.homeRegionCode, synthetic: input.synthetic ?? false,
    },
  };
}
