import { describe, expect, it } from 'vitest';
import { checkDistrictMap, MAX_MAP_DISTRICTS, type DistrictMapGeometry } from './geojson.ts';
import { schematicTiles } from './schematic.ts';

const NAMES = new Map([['330102', '上城区'], ['330105', '拱墅区'], ['330106', '西湖区']]);
const square = (x: number, y: number) => [[[x, y], [x + 0.1, y], [x + 0.1, y + 0.1], [x, y + 0.1], [x, y]]];
const feature = (properties: Record<string, unknown>, geometry: unknown = { type: 'Polygon', coordinates: square(120, 30) }) => ({ type: 'Feature', properties, geometry });
const collection = (...features: unknown[]) => ({ type: 'FeatureCollection', features });
const problemsOf = (input: unknown) => {
  const result = checkDistrictMap(input, '3301', NAMES);
  return 'problems' in result ? result.problems : [];
};

describe('district map geometry (区县地图)', () => {
  it('keeps only code, name and the rings; takes the code from adcode as the common boundary files give it; names a nameless feature', () => {
    const result = checkDistrictMap(collection(
      feature({ adcode: 330106, name: '西湖区', center: [120.1, 30.2], childrenNum: 11 }, { type: 'MultiPolygon', coordinates: [square(120, 30), square(121, 30)] }),
      feature({ code: '330102' }, { type: 'Polygon', coordinates: [[[120, 30, 12], [120.1, 30], [120.1, 30.1], [120, 30]]] }),
    ), '3301', NAMES);
    expect('geometry' in result).toBe(true);
    const geometry = (result as { geometry: DistrictMapGeometry }).geometry;
    expect(geometry.features.map((f) => f.properties)).toEqual([{ code: '330106', name: '西湖区' }, { code: '330102', name: '上城区' }]);
    expect(geometry.features[0]!.geometry.type).toBe('MultiPolygon');
    expect(geometry.features[1]!.geometry.coordinates[0]![0]).toEqual([120, 30]);
  });

  it('refuses what is not a feature collection of districts of the region, naming each feature\'s problem', () => {
    expect(problemsOf({ type: 'Feature' })).toEqual([{ problem: 'not_feature_collection' }]);
    expect(problemsOf(collection())).toEqual([{ problem: 'no_features' }]);
    expect(problemsOf(collection(...Array.from({ length: MAX_MAP_DISTRICTS + 1 }, () => feature({ code: '330102' }))))).toEqual([{ problem: 'too_many_features', max: MAX_MAP_DISTRICTS }]);
    expect(problemsOf(collection(
      feature({ name: '无代码' }),
      feature({ code: '310101' }),
      feature({ code: '330100' }),
      feature({ code: '330105' }),
      feature({ code: '330105' }),
      feature({ code: '330106' }, { type: 'Point', coordinates: [120, 30] }),
    ))).toEqual([
      { feature: 0, problem: 'code_missing' },
      { feature: 1, problem: 'code_outside_region', code: '310101' },
      { feature: 2, problem: 'code_outside_region', code: '330100' },
      { feature: 4, problem: 'code_repeated', code: '330105' },
      { feature: 5, problem: 'geometry_kind', code: '330106' },
    ]);
  });

  it('refuses open or short rings and positions off the globe', () => {
    expect(problemsOf(collection(feature({ code: '330102' }, { type: 'Polygon', coordinates: [[[120, 30], [120.1, 30], [120.1, 30.1], [120, 30.2]]] }))))
      .toEqual([{ feature: 0, problem: 'ring_invalid', code: '330102' }]);
    expect(problemsOf(collection(feature({ code: '330102' }, { type: 'Polygon', coordinates: [[[120, 30], [120.1, 30], [120, 30]]] }))))
      .toEqual([{ feature: 0, problem: 'ring_invalid', code: '330102' }]);
    expect(problemsOf(collection(feature({ code: '330102' }, { type: 'Polygon', coordinates: [[[200, 30], [120.1, 30], [120.1, 30.1], [200, 30]]] }))))
      .toEqual([{ feature: 0, problem: 'position_invalid', code: '330102' }]);
    expect(problemsOf(collection(feature({ code: '330102' }, { type: 'Polygon', coordinates: [[['120', 30], [120.1, 30], [120.1, 30.1], ['120', 30]]] }))))
      .toEqual([{ feature: 0, problem: 'position_invalid', code: '330102' }]);
  });

  it('schematic tiles: a closed hexagon per district, apart from each other, spare districts on a row below; they pass the check', () => {
    const tiles = schematicTiles([{ code: '330102', name: '上城区' }, { code: '330105', name: '拱墅区' }, { code: '330106', name: '西湖区' }], [
      { code: '330102', column: 1, row: 0 }, { code: '330105', column: 0, row: 1 },
    ]);
    const rings = tiles.features.map((f) => f.geometry.coordinates[0] as [number, number][]);
    for (const ring of rings) {
      expect(ring).toHaveLength(7);
      expect(ring[0]).toEqual(ring[6]);
    }
    const centre = (ring: [number, number][]) => [ring.slice(0, 6).reduce((n, p) => n + p[0], 0) / 6, ring.slice(0, 6).reduce((n, p) => n + p[1], 0) / 6];
    const [a, b, spare] = rings.map(centre) as [[number, number], [number, number], [number, number]];
    expect(b[1]).toBeLessThan(a[1]);
    expect(spare[1]).toBeLessThan(b[1]);
    expect(Math.hypot(a[0] - b[0], a[1] - b[1])).toBeGreaterThan(0.17);
    expect('geometry' in checkDistrictMap(tiles, '3301', NAMES)).toBe(true);
  });
});
