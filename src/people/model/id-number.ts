/**
 * Identity document numbers: pure checks, one failure code per rule so a screen can say exactly
 * what is wrong. Sources of the rules:
 * - Resident ID (居民身份证): GB 11643-1999 — 6-digit region code, 8-digit birth date, 3-digit
 *   sequence (odd = male), ISO 7064 MOD 11-2 check character.
 * - Residence permits for HK/Macau/Taiwan residents (港澳台居民居住证, 2018): same 18-character
 *   structure with region codes 810000 / 820000 / 830000, so they pass the same rules.
 * - Passports: Chinese ordinary/official passports are E/G/D/S/P + 8 digits, or since 2017
 *   E + letter + 7 digits; foreign passports vary (ICAO 9303 allows up to 9 characters in the
 *   MRZ, but national numbers printed elsewhere can be longer), so 5–20 letters/digits are accepted.
 * - 港澳居民来往内地通行证: H (Hong Kong) or M (Macau) + 8 digits, older cards + 10 digits.
 * - 台湾居民来往大陆通行证: 8 digits for the card version issued since 2015; the older booklet
 *   numbers are 10 characters, recorded here as letter + 9 digits as specified by the project
 *   brief (2026-11 people capability task) — revisit if field data shows other shapes.
 */
import type { PeopleErrorCode } from '../errors.ts';

export const ID_TYPES = ['resident_id', 'passport', 'hk_macau_permit', 'taiwan_permit'] as const;
export type IdType = (typeof ID_TYPES)[number];

export type IdCheck =
  | { ok: true; normalized: string; birthDate?: string; sex?: 'M' | 'F' }
  | { ok: false; code: Extract<PeopleErrorCode, 'PERSON_ID_TYPE_UNKNOWN' | 'PERSON_ID_FORMAT' | 'PERSON_ID_REGION' | 'PERSON_ID_BIRTH_DATE' | 'PERSON_ID_CHECK_DIGIT'> };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
const EARLIEST_BIRTH = '1900-01-01';

export function isIdType(value: string): value is IdType {
  return (ID_TYPES as readonly string[]).includes(value);
}

/** The 18th character of a resident ID for its first 17 digits (GB 11643-1999). */
export function residentIdCheckDigit(first17: string): string {
  if (!/^[0-9]{17}$/.test(first17)) throw new Error('residentIdCheckDigit needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** YYYYMMDD → YYYY-MM-DD when it names a real calendar day, else undefined. */
function realDate(yyyymmdd: string): string | undefined {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
}

function checkResidentId(value: string, today: string): IdCheck {
  if (!/^[0-9]{17}[0-9X]$/.test(value)) return { ok: false, code: 'PERSON_ID_FORMAT' };
  if (value.startsWith('0')) return { ok: false, code: 'PERSON_ID_REGION' };
  const birthDate = realDate(value.slice(6, 14));
  if (!birthDate || birthDate < EARLIEST_BIRTH || birthDate > today) return { ok: false, code: 'PERSON_ID_BIRTH_DATE' };
  if (residentIdCheckDigit(value.slice(0, 17)) !== value[17]) return { ok: false, code: 'PERSON_ID_CHECK_DIGIT' };
  return { ok: true, normalized: value, birthDate, sex: Number(value[16]) % 2 === 1 ? 'M' : 'F' };
}

const SHAPES: Record<Exclude<IdType, 'resident_id'>, RegExp[]> = {
  // The Chinese shapes (/^[EGDSP][0-9]{8}$/, /^E[A-Z][0-9]{7}$/) are subsets of the foreign one;
  // they are listed so the rule stays visible should the two ever be told apart.
  passport: [/^[EGDSP][0-9]{8}$/, /^E[A-Z][0-9]{7}$/, /^[A-Z0-9]{5,20}$/],
  hk_macau_permit: [/^[HM][0-9]{8}$/, /^[HM][0-9]{10}$/],
  taiwan_permit: [/^[0-9]{8}$/, /^[A-Z][0-9]{9}$/],
};

/** Shanghai calendar day now; the validator's default "today" when the caller has no clock. */
function todayInShanghai(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * Checks and normalises a document number: spaces removed, letters upper-cased (a lowercase x
 * check character becomes X). `today` (YYYY-MM-DD) bounds resident ID birth dates.
 */
export function validateIdNumber(idType: string, raw: string, today: string = todayInShanghai()): IdCheck {
  if (!isIdType(idType)) return { ok: false, code: 'PERSON_ID_TYPE_UNKNOWN' };
  const value = raw.replace(/\s+/g, '').toUpperCase();
  if (idType === 'resident_id') return checkResidentId(value, today);
  return SHAPES[idType].some((shape) => shape.test(value)) ? { ok: true, normalized: value } : { ok: false, code: 'PERSON_ID_FORMAT' };
}

/** The documents' names on forms and sheets (证件类型). */
export const ID_TYPE_NAMES: Record<IdType, string> = {
  resident_id: '居民身份证', passport: '护照', hk_macau_permit: '港澳居民来往内地通行证', taiwan_permit: '台湾居民来往大陆通行证',
};
/** What people write in a sheet for a document besides its full name. */
const ID_TYPE_WORDS: Record<string, IdType> = { 身份证: 'resident_id', 二代身份证: 'resident_id', 港澳通行证: 'hk_macau_permit', 台胞证: 'taiwan_permit', 台湾通行证: 'taiwan_permit' };

/** The ID type a cell names: its code, its full name, or an everyday word for it. */
export function idTypeFromText(text: string): IdType | undefined {
  const t = text.trim();
  if ((ID_TYPES as readonly string[]).includes(t)) return t as IdType;
  return (Object.entries(ID_TYPE_NAMES) as [IdType, string][]).find(([, name]) => name === t)?.[0] ?? ID_TYPE_WORDS[t];
}
