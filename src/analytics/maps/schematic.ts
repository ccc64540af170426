/**
 * A schematic district map (区县方位示意图): one hexagon per district, placed by hand on a hex grid
 * so that neighbours sit roughly where they lie — no boundaries, so nothing that needs a map
 * licence or approval, and flagged `schematic` wherever it is shown. The demo city draws with it;
 * a real installation loads its licensed boundaries instead (decision 0012).
 */
import type { DistrictFeature, DistrictMapGeometry } from './geojson.ts';

/** Where a district's tile sits: column and row of the grid, row 0 at the top; odd rows are shifted half a tile right. */
export interface TilePlace { code: string; column: number; row: number }

/** The grid is laid on plausible coordinates (a tile ≈ 0.1°) so the map's default projection keeps hexagons regular. */
const ORIGIN: [number, number] = [119.5, 30.5];
const SIZE = 0.1;
/** Less than 1 so neighbouring tiles keep a gap between them. */
const TILE_RADIUS = 0.94;

function hexagon(column: number, row: number): [number, number][] {
  const cx = ORIGIN[0] + SIZE * Math.sqrt(3) * (column + (row % 2 === 1 ? 0.5 : 0));
  const cy = ORIGIN[1] - SIZE * 1.5 * row;
  const corners = Array.from({ length: 6 }, (_, k) => {
    const angle = (Math.PI / 180) * (60 * k - 30);
    return [round(cx + SIZE * TILE_RADIUS * Math.cos(angle)), round(cy + SIZE * TILE_RADIUS * Math.sin(angle))] as [number, number];
  });
  return [...corners, corners[0]!];
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;
const SPARE_PER_ROW = 8;
const spareTile = (code: string, index: number, lastRow: number): TilePlace => ({ code, column: index % SPARE_PER_ROW, row: lastRow + 2 + Math.floor(index / SPARE_PER_ROW) });

/**
 * The tiles of `districts`: each where `places` puts it; a district without a place (one created
 * after the layout was drawn) gets a tile on a row of its own below the others, so none is missing.
 */
export function schematicTiles(districts: readonly { code: string; name: string }[], places: readonly TilePlace[]): DistrictMapGeometry {
  const placed = new Map(places.map((p) => [p.code, p]));
  const lastRow = Math.max(-1, ...places.map((p) => p.row));
  let spare = 0;
  const features: DistrictFeature[] = districts.map((d) => {
    const place = placed.get(d.code) ?? spareTile(d.code, spare++, lastRow);
    return { type: 'Feature', properties: { code: d.code, name: d.name }, geometry: { type: 'Polygon', coordinates: [hexagon(place.column, place.row)] } };
  });
  return { type: 'FeatureCollection', features };
}
