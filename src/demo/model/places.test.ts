import { describe, expect, it } from 'vitest';
import { ORGANISATION_KINDS } from '../../orgs/model.ts';
import type { DemoDistrict } from './city.ts';
import { buildOrganisations, buildVenues, DEMO_MARK } from './places.ts';
import { seededRandom } from './random.ts';

const DISTRICTS: DemoDistrict[] = [
  { code: '330106', name: '西湖区', streets: [{ code: '330106001', name: '北山街道' }] },
  { code: '330108', name: '滨江区', streets: [] },
];

describe('demo venues', () => {
  const venues = buildVenues(seededRandom(), DISTRICTS, 200);

  it('are exactly as many as asked, uniquely named, marked as demo and synthetic', () => {
    expect(venues).toHaveLength(200);
    expect(new Set(venues.map((v) => v.name)).size).toBe(200);
    expect(venues.every((v) => v.name.startsWith(DEMO_MARK) && v.synthetic === true)).toBe(true);
    expect(venues.every((v) => ['330106001', '330108'].includes(v.regionCode))).toBe(true);
  });

  it('cover the realistic kinds, with the district in the name', () => {
    expect(new Set(venues.map((v) => v.kind))).toEqual(new Set(['residential', 'shop', 'restaurant', 'office', 'factory', 'school',
      'hospital', 'transport', 'public_place']));
    const supermarket = venues.find((v) => v.name.endsWith('超市'));
    expect(supermarket?.name).toMatch(/^演示·(西湖区|滨江区) /);
  });

  it('come out exact for small counts too', () => {
    expect(buildVenues(seededRandom(), DISTRICTS, 7)).toHaveLength(7);
  });
});

describe('demo organisations', () => {
  it('are four companies, two schools, six communities and one government unit', () => {
    const orgs = buildOrganisations(seededRandom(), DISTRICTS, '330100', '杭州市');
    const counts = Object.fromEntries(ORGANISATION_KINDS.map((k) => [k, orgs.filter((o) => o.kind === k).length]));
    expect(counts).toEqual({ company: 4, school: 2, community: 6, government: 1 });
    expect(new Set(orgs.map((o) => o.name)).size).toBe(orgs.length);
    expect(orgs.find((o) => o.kind === 'government')?.regionCode).toBe('330100');
  });
});
