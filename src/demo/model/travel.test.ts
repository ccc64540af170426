import { describe, expect, it } from 'vitest';
import { residentIdCheckDigit } from '../../people/model/id-number.ts';
import { addDays, checkReturn, checkTrip } from '../../travel/model.ts';
import type { DemoDistrict } from './city.ts';
import { buildPopulation } from './households.ts';
import { seededRandom } from './random.ts';
import { buildTrips, demoRiskAreas, riskCovered } from './travel.ts';

const TODAY = '2026-11-28';
const NOW = new Date(`${TODAY}T02:30:00Z`); // 10:30 in Hangzhou
const DISTRICTS: DemoDistrict[] = [
  { code: '330102', name: '上城区', streets: [{ code: '330102001', name: '清波街道' }] },
  { code: '330106', name: '西湖区', streets: [{ code: '330106001', name: '北山街道' }] },
  { code: '330122', name: '桐庐县', streets: [] },
  { code: '330182', name: '建德市', streets: [] },
];
const residents = buildPopulation({ random: seededRandom(), districts: DISTRICTS, residents: 400, today: TODAY, checkDigit: residentIdCheckDigit }).residents;
const riskAreas = demoRiskAreas(DISTRICTS);
const trips = (seed?: number, people = residents) => buildTrips({ random: seededRandom(seed), residents: people, riskAreas, now: NOW, today: TODAY });
const dayOf = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

describe('demo trips', () => {
  it('picks the two rural counties as risk areas, only those the division data has', () => {
    expect(riskAreas).toEqual([{ regionCode: '330182', level: 'high' }, { regionCode: '330122', level: 'medium' }]);
    expect(demoRiskAreas(DISTRICTS.slice(0, 2))).toEqual([]);
  });

  it('is the same for the same seed', () => {
    expect(trips()).toEqual(trips());
    expect(trips(5).map((x) => x.resident)).not.toEqual(trips().map((x) => x.resident));
  });

  it('passes the travel checks on the day each trip and return was declared, never later than now', () => {
    for (const trip of trips()) {
      expect(trip.declaredAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
      expect(checkTrip({ ...trip, personId: 'p' }, dayOf(trip.declaredAt)).ok).toBe(true);
      const ret = trip.returnDeclaration;
      expect(ret !== null).toBe(trip.status === 'returned');
      if (ret) {
        expect(ret.declaredAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
        expect(checkReturn(ret, trip, dayOf(ret.declaredAt)).ok).toBe(true);
      }
    }
  });

  it('starts home observation exactly for returns that visited a risk county, still running today', () => {
    const returns = trips().flatMap((x) => (x.returnDeclaration ? [x.returnDeclaration] : []));
    const observing = returns.filter((r) => r.observationRequired);
    expect(observing.length).toBeGreaterThanOrEqual(6);
    expect(returns.length - observing.length).toBeGreaterThan(10);
    for (const r of returns) {
      expect(r.observationRegionCodes).toEqual(riskCovered(r.visitedRegionCodes, riskAreas));
      expect(r.observationRequired).toBe(r.observationRegionCodes.length > 0);
      if (r.observationRequired) expect(r.observationUntil! > TODAY).toBe(true);
    }
  });

  it('gives the demo resident a trip back today, waiting for its return declaration, and nobody a trip from a risk county', () => {
    const all = trips();
    expect(all.filter((x) => x.resident === 0)).toEqual([expect.objectContaining({ status: 'planned', leaveOn: addDays(TODAY, -2), returnOn: TODAY, riskRegionCodes: [] })]);
    expect(new Set(all.map((x) => x.resident)).size).toBe(all.length);
    expect(all.every((x) => riskCovered([x.fromRegionCode], riskAreas).length === 0)).toBe(true);
  });

  it('scales down for a small demo and makes none without adults', () => {
    const few = trips(undefined, residents.slice(0, 40));
    expect(few.length).toBeGreaterThan(3);
    expect(few.length).toBeLessThan(20);
    expect(trips(undefined, residents.filter((r) => r.age < 18))).toEqual([]);
  });
});
