/**
 * Chinese numerals as people say and type them: 三十六, 三六 (digit by digit), 幺 (one, on the phone),
 * 两, 大写 digits (叁拾陆, also typed 参拾陆), 〇/零. No numeral library gets spoken temperatures right, so this one is
 * small and tested (numerals.test.ts). Pure and browser-safe.
 */

const DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 洞: 0, 一: 1, 幺: 1, 壹: 1, 二: 2, 两: 2, 贰: 2, 三: 3, 叁: 3, 四: 4, 肆: 4,
  五: 5, 伍: 5, 参: 3, 叄: 3, 六: 6, 陆: 6, 七: 7, 柒: 7, 八: 8, 捌: 8, 九: 9, 玖: 9,
};
const UNITS: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100 };

/** Characters that may make up a Chinese numeral (for scanning). */
export const CHINESE_NUMERAL_CHARS = '零〇一幺壹二两贰三叁参叄四肆五伍六陆七柒八捌九玖十拾百佰';
const NUMERAL_RUN = new RegExp(`[${CHINESE_NUMERAL_CHARS}]+`, 'g');

/**
 * A run of Chinese numeral characters as the digits a person means: positional numbers have a unit
 * (三十六 → "36", 一百 → "100", 十 → "10"), digit-by-digit ones have none (三六五 → "365", 三七 → "37").
 * Null when the run is not a well-formed number (三十十).
 */
export function chineseNumeralDigits(run: string): string | null {
  let hasUnit = false;
  for (const ch of run) if (UNITS[ch] !== undefined) { hasUnit = true; break; }
  if (!hasUnit) {
    let digits = '';
    for (const ch of run) {
      const d = DIGITS[ch];
      if (d === undefined) return null;
      digits += String(d);
    }
    return digits;
  }
  let total = 0;
  let pending = -1; // digit waiting for its unit
  let lastUnit = 1000;
  for (const ch of run) {
    const d = DIGITS[ch];
    if (d !== undefined) {
      if (pending >= 0 && d !== 0) return null; // 三四十: two digits in a row inside a positional number
      pending = d === 0 ? (pending >= 0 ? pending : -1) : d;
      continue;
    }
    const unit = UNITS[ch]!;
    if (unit >= lastUnit) return null;
    total += (pending >= 0 ? pending : 1) * unit;
    pending = -1;
    lastUnit = unit;
  }
  if (pending >= 0) total += pending;
  return String(total);
}

/** The value of a Chinese numeral run (三十六 → 36, 三六 → 36), or null. */
export function parseChineseNumber(run: string): number | null {
  const digits = chineseNumeralDigits(run);
  return digits === null ? null : Number(digits);
}

/**
 * Replaces every Chinese numeral run in `text` by its Arabic digits: "三十六度五" → "36度5",
 * "三六点五" → "36点5", "叁拾柒度贰" → "37度2". Runs that are not numbers are kept as they are.
 */
export function arabicise(text: string): string {
  NUMERAL_RUN.lastIndex = 0;
  return text.replace(NUMERAL_RUN, (run) => chineseNumeralDigits(run) ?? splitRun(run) ?? run);
}

/**
 * A run that is two numbers said back to back ("三十六度五三十六度五" gives the run 五三十六):
 * the first split into numbers that each parse, separated by '|'.
 */
function splitRun(run: string): string | null {
  for (let i = 1; i < run.length; i++) {
    const left = chineseNumeralDigits(run.slice(0, i));
    if (left === null) continue;
    const rest = run.slice(i);
    const right = chineseNumeralDigits(rest) ?? splitRun(rest);
    if (right !== null) return `${left}|${right}`;
  }
  return null;
}
