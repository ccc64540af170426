/**
 * Phone numbers the robot dials (pure): mainland mobile numbers and fixed lines with their area
 * code, normalised to digits only — 11-digit mobile `1[3-9]xxxxxxxxx`, or fixed `0` + area code +
 * local number (`010`/`02x` + 8 digits; other 3-digit area codes + 7 or 8 digits). Country prefixes
 * (+86, 0086, 86), spaces, dashes, dots, brackets and full-width digits are dropped. Extensions
 * (转123, ext. 123, a third dash group) are rejected: a robot cannot get through a switchboard.
 * Service numbers (95xxx, 400/800, 110) are not mobile or fixed lines and are rejected.
 */

export type PhoneKind = 'mobile' | 'fixed';
export type PhoneCheck =
  | { ok: true; phone: string; kind: PhoneKind }
  | { ok: false; code: 'CALLBOT_PHONE_REQUIRED' | 'CALLBOT_PHONE_INVALID' | 'CALLBOT_PHONE_EXTENSION' };

const MOBILE = /^1[3-9]\d{9}$/;
/** 010 / 02x + 8 digits (the big cities), or a 3-digit area code after 0 + 7–8 digits; a local number never starts with 0 or 1. */
const FIXED_BIG = /^0(?:10|2\d)[2-9]\d{7}$/;
const FIXED_OTHER = /^0[3-9]\d{2}[2-9]\d{6,7}$/;
const EXTENSION_WORDS = /(转|分机|ext\.?|x|#)/i;
const SEPARATORS = /[\s\-–—.·()（）\u00a0]/g;

function classify(digits: string): PhoneKind | undefined {
  if (MOBILE.test(digits)) return 'mobile';
  if (FIXED_BIG.test(digits) || FIXED_OTHER.test(digits)) return 'fixed';
  return undefined;
}

export function normalisePhone(raw: string | number | null | undefined): PhoneCheck {
  if (raw === null || raw === undefined) return { ok: false, code: 'CALLBOT_PHONE_REQUIRED' };
  let text = (typeof raw === 'number' ? (Number.isSafeInteger(raw) ? String(raw) : '') : raw).normalize('NFKC').trim();
  if (text === '') return { ok: false, code: 'CALLBOT_PHONE_REQUIRED' };
  if (text.length > 40) return { ok: false, code: 'CALLBOT_PHONE_INVALID' };
  if (EXTENSION_WORDS.test(text.replace(/^\+/, ''))) {
    // "0571-8765 4321 转 123": an extension after a number; anything else with these letters is junk.
    return /\d{7}/.test(text.replace(SEPARATORS, '')) ? { ok: false, code: 'CALLBOT_PHONE_EXTENSION' } : { ok: false, code: 'CALLBOT_PHONE_INVALID' };
  }
  const groups = text.split(/[-–—]/).map((g) => g.replace(SEPARATORS, '')).filter(Boolean);
  let international = false;
  if (text.startsWith('+')) {
    international = true;
    text = text.slice(1);
  }
  let digits = text.replace(SEPARATORS, '');
  if (!/^\d+$/.test(digits)) return { ok: false, code: 'CALLBOT_PHONE_INVALID' };
  if (digits.startsWith('0086')) {
    international = true;
    digits = digits.slice(4);
  } else if (digits.startsWith('86') && (international || digits.length === 13 || (digits.length >= 11 && !classify(digits)))) {
    international = true;
    digits = digits.slice(2);
  } else if (international) {
    return { ok: false, code: 'CALLBOT_PHONE_INVALID' }; // another country
  }
  const kind = classify(digits);
  if (kind) {
    // "0571-87654321-123": a third group after a complete fixed line is an extension.
    if (kind === 'fixed' && groups.length >= 3 && digits.length < groups.join('').length) return { ok: false, code: 'CALLBOT_PHONE_EXTENSION' };
    return { ok: true, phone: digits, kind };
  }
  // +86 10 1234 5678: the trunk 0 of a fixed line is dropped after the country code.
  if (international && !digits.startsWith('0') && classify(`0${digits}`) === 'fixed') return { ok: true, phone: `0${digits}`, kind: 'fixed' };
  // A fixed line followed by an extension group: 0571-87654321-123.
  if (groups.length >= 3) {
    const head = groups.slice(0, -1).join('').replace(/^(?:\+?86|0086)/, '');
    if (classify(head) === 'fixed' && /^\d{1,5}$/.test(groups[groups.length - 1]!)) return { ok: false, code: 'CALLBOT_PHONE_EXTENSION' };
  }
  return { ok: false, code: 'CALLBOT_PHONE_INVALID' };
}
