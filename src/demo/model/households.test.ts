import { describe, expect, it } from 'vitest';
import { residentIdCheckDigit, validateIdNumber } from '../../people/model/id-number.ts';
import type { DemoDistrict } from './city.ts';
import { ageOn, buildPopulation, DEMO_PHONE_PREFIX, FIRST_DEMO_PHONE, needsGuardian } from './households.ts';
import { seededRandom } from './random.ts';

const TODAY = '2026-11-28';
const DISTRICTS: DemoDistrict[] = [
  { code: '330106', name: '西湖区', streets: [{ code: '330106001', name: '北山街道' }, { code: '330106002', name: '西溪街道' }] },
  { code: '330127', name: '淳安县', streets: [] },
];

function population(residents: number, seed?: number) {
  return buildPopulation({ random: seededRandom(seed), districts: DISTRICTS, residents, today: TODAY, checkDigit: residentIdCheckDigit });
}

describe('demo population', () => {
  const { residents, guardianships, households } = population(3000);

  it('is the same for the same seed and different for another', () => {
    expect(population(50).residents).toEqual(population(50).residents);
    expect(population(50, 7).residents.map((r) => r.idNumber)).not.toEqual(population(50).residents.map((r) => r.idNumber));
  });

  it('has exactly the residents asked for, with unique ID numbers that pass GB 11643 and match sex and birth date', () => {
    expect(residents).toHaveLength(3000);
    expect(new Set(residents.map((r) => r.idNumber)).size).toBe(3000);
    for (const r of residents) {
      const check = validateIdNumber('resident_id', r.idNumber, TODAY);
      expect(check).toEqual({ ok: true, normalized: r.idNumber, birthDate: r.birthDate, sex: r.sex });
      expect(DISTRICTS.map((d) => d.code)).toContain(r.idNumber.slice(0, 6));
      expect(ageOn(r.birthDate, TODAY)).toBe(r.age);
    }
  });

  it('gives adults phones from the demo block only, starting with the first resident', () => {
    expect(residents[0]!.phone).toBe(FIRST_DEMO_PHONE);
    const phones = residents.flatMap((r) => (r.phone ? [r.phone] : []));
    expect(new Set(phones).size).toBe(phones.length);
    expect(phones.every((p) => p.startsWith(DEMO_PHONE_PREFIX) && p.length === 11)).toBe(true);
    expect(residents.filter((r) => r.age < 18).every((r) => r.phone === undefined)).toBe(true);
  });

  it('groups residents in households of 1–5 sharing one address and home region, in the city', () => {
    const byHousehold = new Map<number, typeof residents>();
    for (const r of residents) byHousehold.set(r.household, [...(byHousehold.get(r.household) ?? []), r]);
    expect(byHousehold.size).toBe(households);
    for (const members of byHousehold.values()) {
      expect(members.length).toBeGreaterThanOrEqual(1);
      expect(members.length).toBeLessThanOrEqual(5);
      expect(new Set(members.map((m) => m.address)).size).toBe(1);
      expect(new Set(members.map((m) => m.homeRegionCode)).size).toBe(1);
      expect(members.filter((m) => m.role === 'head')).toHaveLength(1);
    }
    expect(residents.every((r) => /演示路 \d+ 号 \d+ 幢 \d+$/.test(r.address))).toBe(true);
    expect(new Set(residents.map((r) => r.homeRegionCode))).toEqual(new Set(['330106001', '330106002', '330127']));
  });

  it('binds every child under 18 and every person 70+ to an adult (18–69) of their own household', () => {
    const dependants = residents.map((r, i) => ({ r, i })).filter(({ r }) => needsGuardian(r.age));
    expect(dependants.length).toBeGreaterThan(300);
    expect(dependants.some(({ r }) => r.age < 18)).toBe(true);
    expect(dependants.some(({ r }) => r.age >= 70)).toBe(true);
    for (const { r, i } of dependants) {
      const links = guardianships.filter((g) => g.dependant === i);
      expect(links.length).toBeGreaterThanOrEqual(1);
      for (const link of links) {
        const guardian = residents[link.guardian]!;
        expect(guardian.household).toBe(r.household);
        expect(guardian.age).toBeGreaterThanOrEqual(18);
        expect(guardian.age).toBeLessThan(70);
        expect(link.relation).toBe(r.age < 18 ? 'child' : 'parent');
      }
    }
    expect(guardianships.every((g) => needsGuardian(residents[g.dependant]!.age))).toBe(true);
  });
});

describe('ageOn', () => {
  it('counts a year only once the birthday has come', () => {
    expect(ageOn('2008-11-28', '2026-11-28')).toBe(18);
    expect(ageOn('2008-11-29', '2026-11-28')).toBe(17);
    expect(ageOn('1956-02-29', '2026-02-28')).toBe(69);
  });
});
