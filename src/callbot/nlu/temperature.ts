/**
 * Spoken and typed body temperatures: "三十六度五", "36度5", "三六点五", "三十七點一", "叁拾柒度贰",
 * "三十六度半", "三十八度多" (= 38, the number heard), "36.5℃", keypad digits "365" (on the
 * temperature question). A number is a temperature only inside 34–43 °C; anything else is absent.
 * Several temperatures in one answer → the highest (screening errs on the side of fever).
 */
import { arabicise } from './numerals.ts';

export const MIN_CELSIUS = 34;
export const MAX_CELSIUS = 43;

/**
 * number, then an optional decimal part (点5 / .5), then an optional unit (度/℃/摄氏度/°), then after
 * 度 an optional tenth, 半 or 多. The character after must not make it a count of something else.
 */
const CANDIDATE = /(?<![\d.])(\d+)(?:(?:点|\.)(\d+))?(摄氏度|度|℃|°c?|°)?(?:(?<=度|°)(半|多|\d(?!\d)))?(?!\d|岁|年|月|号|日|天|次|个|块|元|斤|公斤|点钟|分|楼|层|米|小时|人|遍|趟|站|岁|周|礼拜|星期|斤|克|毫|万|千|点(?!\d))/g;

export interface HeardTemperature {
  celsius: number;
  /** Said with a unit or a decimal part (not just a bare number). */
  marked: boolean;
}

function inRange(value: number): boolean {
  return value >= MIN_CELSIUS && value <= MAX_CELSIUS;
}

/**
 * Every plausible temperature in a clause. `bareNumbers` lets bare integers count (36, keypad 365):
 * only when the question asked for the temperature.
 */
export function findTemperatures(clause: string, bareNumbers: boolean): HeardTemperature[] {
  const text = arabicise(clause);
  const found: HeardTemperature[] = [];
  CANDIDATE.lastIndex = 0;
  for (let m = CANDIDATE.exec(text); m; m = CANDIDATE.exec(text)) {
    const [, whole, decimals, unit, after] = m;
    let value: number;
    let marked = Boolean(unit) || decimals !== undefined;
    if (decimals !== undefined) {
      value = Number(`${whole}.${decimals}`);
    } else if (unit && after !== undefined) {
      value = Number(whole) + (after === '半' ? 0.5 : after === '多' ? 0 : Number(after) / 10);
    } else {
      value = Number(whole);
      if (!unit && !inRange(value) && whole!.length === 3 && bareNumbers) {
        value = Number(whole) / 10; // keypad digits: 365 → 36.5
        marked = true;
      }
    }
    if (!marked && !bareNumbers) continue;
    if (!inRange(value)) continue;
    found.push({ celsius: Math.round(value * 10) / 10, marked });
  }
  return found;
}

/** The highest temperature heard in an utterance's clauses, or undefined. */
export function highestTemperature(clauses: readonly string[], bareNumbers: boolean): number | undefined {
  let best: number | undefined;
  for (const clause of clauses) {
    if (!/[\d零〇一幺壹二两贰三叁参叄四肆五伍六陆七柒八捌九玖十拾]/.test(clause)) continue;
    for (const t of findTemperatures(clause, bareNumbers)) if (best === undefined || t.celsius > best) best = t.celsius;
  }
  return best;
}
