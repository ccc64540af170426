/**
 * District geometry for the dashboard map (区县地图), checked before it is kept: a GeoJSON
 * FeatureCollection with one Polygon or MultiPolygon feature per district of the region, each
 * keyed by its 6-digit GB/T 2260 code in `properties.code` or `properties.adcode` (the key the
 * common Chinese boundary files use). Only the code, the name and the rings are kept — whatever
 * else a file carries stays out of the database and of every browser that draws it.
 */
export const MAX_MAP_DISTRICTS = 200;
/** Positions over all rings: a simplified district map has a few thousand; a survey-grade one must be simplified first. */
export const MAX_MAP_POSITIONS = 400_000;

type Position = [number, number];
type Ring = Position[];
export type DistrictGeometry = { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };

export interface DistrictFeature {
  type: 'Feature';
  properties: { code: string; name: string };
  geometry: DistrictGeometry;
}

export interface DistrictMapGeometry {
  type: 'FeatureCollection';
  features: DistrictFeature[];
}

export type MapProblem =
  | { problem: 'not_feature_collection' }
  | { problem: 'no_features' }
  | { problem: 'too_many_features'; max: number }
  | { problem: 'too_many_positions'; max: number }
  | { feature: number; problem: 'code_missing' | 'code_outside_region' | 'code_repeated' | 'geometry_kind' | 'ring_invalid' | 'position_invalid'; code?: string };

const MAX_REPORTED = 20;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function districtCode(properties: unknown): string | undefined {
  if (!isRecord(properties)) return undefined;
  const raw = properties.code ?? properties.adcode;
  const code = typeof raw === 'number' && Number.isInteger(raw) ? String(raw) : raw;
  return typeof code === 'string' && /^\d{6}$/.test(code) ? code : undefined;
}

function featureName(properties: unknown): string {
  const name = isRecord(properties) ? properties.name : undefined;
  return typeof name === 'string' ? name.trim().slice(0, 40) : '';
}

function isPosition(p: unknown): p is Position {
  return Array.isArray(p) && p.length >= 2 && typeof p[0] === 'number' && typeof p[1] === 'number'
    && Number.isFinite(p[0]) && Number.isFinite(p[1]) && Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90;
}

/** A closed linear ring of at least four positions; answers it with only x and y, or the problem. */
function checkRing(ring: unknown): Ring | 'ring_invalid' | 'position_invalid' {
  if (!Array.isArray(ring) || ring.length < 4) return 'ring_invalid';
  if (!ring.every(isPosition)) return 'position_invalid';
  const first = ring[0] as Position;
  const last = ring.at(-1) as Position;
  if (first[0] !== last[0] || first[1] !== last[1]) return 'ring_invalid';
  return ring.map((p: Position) => [p[0], p[1]] as Position);
}

function checkPolygon(rings: unknown): Ring[] | 'ring_invalid' | 'position_invalid' {
  if (!Array.isArray(rings) || rings.length === 0) return 'ring_invalid';
  const out: Ring[] = [];
  for (const ring of rings) {
    const checked = checkRing(ring);
    if (typeof checked === 'string') return checked;
    out.push(checked);
  }
  return out;
}

function checkGeometry(geometry: unknown): DistrictGeometry | 'geometry_kind' | 'ring_invalid' | 'position_invalid' {
  if (!isRecord(geometry)) return 'geometry_kind';
  if (geometry.type === 'Polygon') {
    const rings = checkPolygon(geometry.coordinates);
    return typeof rings === 'string' ? rings : { type: 'Polygon', coordinates: rings };
  }
  if (geometry.type === 'MultiPolygon') {
    if (!Array.isArray(geometry.coordinates) || geometry.coordinates.length === 0) return 'ring_invalid';
    const polygons: Ring[][] = [];
    for (const polygon of geometry.coordinates) {
      const rings = checkPolygon(polygon);
      if (typeof rings === 'string') return rings;
      polygons.push(rings);
    }
    return { type: 'MultiPolygon', coordinates: polygons };
  }
  return 'geometry_kind';
}

const positionsOf = (g: DistrictGeometry) => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).reduce((n, rings) => n + rings.reduce((m, r) => m + r.length, 0), 0);

/** One feature as the map keeps it, or its problem; `seen` collects the codes met so far (a repeat is a problem). */
function checkFeature(feature: unknown, index: number, prefix: string, names: ReadonlyMap<string, string>, seen: Set<string>): DistrictFeature | MapProblem {
  const properties = isRecord(feature) ? feature.properties : undefined;
  const code = districtCode(properties);
  if (!code) return { feature: index, problem: 'code_missing' };
  if (!code.startsWith(prefix) || code.endsWith('00') || !names.has(code)) return { feature: index, problem: 'code_outside_region', code };
  if (seen.has(code)) return { feature: index, problem: 'code_repeated', code };
  seen.add(code);
  const geometry = checkGeometry(isRecord(feature) ? feature.geometry : undefined);
  if (typeof geometry === 'string') return { feature: index, problem: geometry, code };
  return { type: 'Feature', properties: { code, name: featureName(properties) || names.get(code)! }, geometry };
}

/**
 * The region's district geometry, reduced to what the map draws, or every problem found (up to
 * 20, each with its feature's index). `prefix` is the region's code prefix: each feature must be
 * one district under it (`names` gives the registered name when a feature has none).
 */
export function checkDistrictMap(input: unknown, prefix: string, names: ReadonlyMap<string, string>): { geometry: DistrictMapGeometry } | { problems: MapProblem[] } {
  if (!isRecord(input) || input.type !== 'FeatureCollection' || !Array.isArray(input.features)) return { problems: [{ problem: 'not_feature_collection' }] };
  if (input.features.length === 0) return { problems: [{ problem: 'no_features' }] };
  if (input.features.length > MAX_MAP_DISTRICTS) return { problems: [{ problem: 'too_many_features', max: MAX_MAP_DISTRICTS }] };
  const problems: MapProblem[] = [];
  const features: DistrictFeature[] = [];
  const seen = new Set<string>();
  input.features.forEach((feature: unknown, index: number) => {
    const checked = checkFeature(feature, index, prefix, names, seen);
    if ('problem' in checked) problems.push(checked);
    else features.push(checked);
  });
  const positions = features.reduce((n, f) => n + positionsOf(f.geometry), 0);
  if (positions > MAX_MAP_POSITIONS) problems.unshift({ problem: 'too_many_positions', max: MAX_MAP_POSITIONS });
  return problems.length > 0 ? { problems: problems.slice(0, MAX_REPORTED) } : { geometry: { type: 'FeatureCollection', features } };
}

/** The districts a kept geometry draws, by code. */
export const mapDistrictCodes = (geometry: DistrictMapGeometry) => geometry.features.map((f) => f.properties.code);
