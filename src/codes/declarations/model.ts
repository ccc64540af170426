/**
 * Health declarations (健康申报), pure: the fixed symptom codes and the checks a declaration must
 * pass before it is stored. Fields follow the groups of GB/T 38962-2020 (个人健康信息码 数据格式):
 * person (who, current region and address, phone), health status (temperature, symptoms),
 * travel (places stayed in the last 14 days) and contact (confirmed or suspected cases).
 */
import type { DeclarationErrorCode } from './errors.ts';

/** Symptom codes double as i18n keys; `none` is exclusive. */
import { CONTACTS, SYMPTOMS, type CaseContact, type Symptom } from './code-lists.ts';

export { CONTACTS, SYMPTOMS, type CaseContact, type Symptom };

export const MAX_STAYED_PLACES = 20;
export const MIN_TEMPERATURE = 34.0;
export const MAX_TEMPERATURE = 43.0;

const REGION_CODE = /^[0-9]{6}([0-9]{3})?$/;

export interface DeclarationInput {
  personId: string;
  /** GB/T 2260 code of where the person is now. */
  regionCode: string;
  address: string;
  /** Defaults to the person's own phone when absent. */
  phone?: string | null;
  temperature: number;
  symptoms: readonly string[];
  stayedRegionCodes: readonly string[];
  contact: CaseContact;
  pledge: boolean;
}

export interface CheckedDeclaration {
  personId: string;
  regionCode: string;
  address: string;
  phone: string | null;
  temperature: number;
  symptoms: Symptom[];
  stayedRegionCodes: string[];
  contact: CaseContact;
}

export interface Declaration {
  id: string;
  personId: string;
  declaredAt: Date;
  regionCode: string;
  address: string;
  phoneMasked: string | null;
  temperature: number;
  symptoms: Symptom[];
  stayedRegionCodes: string[];
  contact: CaseContact;
}

export type DeclarationCheck =
  | { ok: true; value: CheckedDeclaration }
  | { ok: false; code: DeclarationErrorCode; field: string };

function fail(code: DeclarationErrorCode, field: string): DeclarationCheck {
  return { ok: false, code, field };
}

export function isSymptom(value: string): value is Symptom {
  return (SYMPTOMS as readonly string[]).includes(value);
}

/** One decimal, within the range a living person's thermometer shows. */
export function isValidTemperature(value: number): boolean {
  if (!Number.isFinite(value) || value < MIN_TEMPERATURE || value > MAX_TEMPERATURE) return false;
  return Math.abs(Math.round(value * 10) - value * 10) < 1e-6;
}

/** +86 138-0000-1234 → 13800001234; undefined when it is not a mainland mobile number. */
export function normalizeMobile(raw: string): string | undefined {
  const digits = raw.replace(/[\s-]/g, '').replace(/^\+?86/, '');
  return /^1[3-9][0-9]{9}$/.test(digits) ? digits : undefined;
}

/** Checks shape and content; whether region codes exist is asked of the database by the service. */
export function checkDeclaration(input: DeclarationInput): DeclarationCheck {
  if (!REGION_CODE.test(input.regionCode)) return fail('DECLARATION_REGION_UNKNOWN', 'regionCode');
  const address = input.address.trim();
  if (address.length < 1 || Array.from(address).length > 200) return fail('DECLARATION_ADDRESS_INVALID', 'address');
  let phone: string | null = null;
  if (input.phone !== undefined && input.phone !== null && input.phone.trim() !== '') {
    const normalized = normalizeMobile(input.phone);
    if (!normalized) return fail('DECLARATION_PHONE_INVALID', 'phone');
    phone = normalized;
  }
  if (!isValidTemperature(input.temperature)) return fail('DECLARATION_TEMPERATURE_INVALID', 'temperature');
  if (input.symptoms.length === 0) return fail('DECLARATION_SYMPTOMS_EMPTY', 'symptoms');
  if (!input.symptoms.every(isSymptom)) return fail('DECLARATION_SYMPTOM_UNKNOWN', 'symptoms');
  const symptoms = [...new Set(input.symptoms as readonly Symptom[])];
  if (symptoms.includes('none') && symptoms.length > 1) return fail('DECLARATION_SYMPTOMS_CONFLICT', 'symptoms');
  const stayed = [...new Set(input.stayedRegionCodes.map((c) => c.trim()))];
  if (stayed.length > MAX_STAYED_PLACES) return fail('DECLARATION_TOO_MANY_PLACES', 'stayedRegionCodes');
  if (!stayed.every((c) => REGION_CODE.test(c))) return fail('DECLARATION_REGION_UNKNOWN', 'stayedRegionCodes');
  if (!(CONTACTS as readonly string[]).includes(input.contact)) return fail('DECLARATION_CONTACT_INVALID', 'contact');
  if (input.pledge !== true) return fail('DECLARATION_PLEDGE_REQUIRED', 'pledge');
  return {
    ok: true,
    value: {
      personId: input.personId, regionCode: input.regionCode, address, phone, temperature: Math.round(input.temperature * 10) / 10,
      symptoms, stayedRegionCodes: stayed, contact: input.contact,
    },
  };
}

export interface DeclarationCursor {
  declaredAt: Date;
  id: string;
}

export function encodeCursor(cursor: DeclarationCursor): string {
  return Buffer.from(`${cursor.declaredAt.toISOString()}|${cursor.id}`).toString('base64url');
}

export function decodeCursor(raw: string): DeclarationCursor | undefined {
  const [at, id] = Buffer.from(raw, 'base64url').toString('utf8').split('|');
  if (!at || !id || !/^[0-9a-f-]{36}$/.test(id)) return undefined;
  const declaredAt = new Date(at);
  return Number.isNaN(declaredAt.getTime()) ? undefined : { declaredAt, id };
}
