import { describe, expect, it } from 'vitest';
import { residentIdCheckDigit, validateIdNumber } from '../../people/model/id-number.ts';
import { ageOn } from './households.ts';
import { buildEpidemicWave, expectedInfections, WAVE_DAYS } from './epidemic-wave.ts';
import { seededRandom } from './random.ts';

const TODAY = '2026-11-28';
const districts = [
  { code: '330109', name: '萧山区', streets: [{ code: '330109001', name: '城厢街道' }] },
  { code: '330106', name: '西湖区', streets: [{ code: '330106004', name: '翠苑街道' }] },
  { code: '330127', name: '淳安县', streets: [] },
];
const wave = buildEpidemicWave({ random: seededRandom(7), districts, today: TODAY, checkDigit: residentIdCheckDigit });
const infected = (daysAgo: number) => wave.filter((c) => c.daysAgo === daysAgo && (c.classification === 'confirmed' || c.classification === 'asymptomatic')).length;

describe('the demo\'s past epidemic', () => {
  it('rises for about a month and falls slowly over sixty days, reported up to today', () => {
    expect(expectedInfections(27)).toBeCloseTo(15);
    expect(expectedInfections(WAVE_DAYS - 1)).toBeLessThan(1);
    expect(Math.max(...wave.map((c) => c.daysAgo))).toBeLessThan(WAVE_DAYS);
    const early = [...Array(10).keys()].reduce((n, d) => n + infected(50 + d), 0);
    const peak = [...Array(10).keys()].reduce((n, d) => n + infected(22 + d), 0);
    const late = [...Array(10).keys()].reduce((n, d) => n + infected(d), 0);
    expect(peak).toBeGreaterThan(late);
    expect(late).toBeGreaterThan(early);
    expect(wave.length).toBeGreaterThan(300);
  });

  it('is mostly confirmed and asymptomatic, some suspected and excluded; only the infected tested positive, only the asymptomatic without onset', () => {
    const count = (c: string) => wave.filter((x) => x.classification === c).length;
    expect(count('confirmed') + count('asymptomatic')).toBeGreaterThan(0.8 * wave.length);
    expect(count('suspected')).toBeGreaterThan(0);
    expect(count('excluded')).toBeGreaterThan(0);
    for (const c of wave) {
      expect(c.testedPositiveOn !== null).toBe(c.classification === 'confirmed' || c.classification === 'asymptomatic');
      expect(c.onsetOn === null).toBe(c.classification === 'asymptomatic');
      if (c.onsetOn) expect(c.onsetOn <= c.reportedOn).toBe(true);
    }
  });

  it('gives each case an adult of its own with a valid, unique ID number of its district, most in the epicentre', () => {
    expect(new Set(wave.map((c) => c.person.idNumber)).size).toBe(wave.length);
    for (const { person } of wave) {
      expect(validateIdNumber('resident_id', person.idNumber, TODAY)).toMatchObject({ ok: true, sex: person.sex, birthDate: person.birthDate });
      expect(person.homeRegionCode.startsWith(person.idNumber.slice(0, 6))).toBe(true);
      expect(Number(person.idNumber.slice(14, 17))).toBeGreaterThanOrEqual(901);
      const age = ageOn(person.birthDate, TODAY);
      expect(age).toBeGreaterThanOrEqual(18);
      expect(age).toBeLessThan(70);
    }
    const inEpicentre = wave.filter((c) => c.person.homeRegionCode.startsWith('330109')).length;
    expect(inEpicentre).toBeGreaterThan(wave.length / 2);
  });
});
