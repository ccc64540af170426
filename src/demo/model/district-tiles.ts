/**
 * Where the demo city's districts (杭州市) sit on the schematic tile map (analytics/maps/schematic.ts):
 * north at the top, the city centre in the middle, 萧山 and 滨江 south of the river, 淳安 and 建德
 * to the south-west. A rough arrangement of neighbours, not a map of boundaries.
 */
import type { TilePlace } from '../../analytics/maps/schematic.ts';

export const DEMO_DISTRICT_TILES: readonly TilePlace[] = [
  { code: '330110', column: 1, row: 0 }, // 余杭区
  { code: '330105', column: 2, row: 0 }, // 拱墅区
  { code: '330113', column: 3, row: 0 }, // 临平区
  { code: '330112', column: 0, row: 1 }, // 临安区
  { code: '330106', column: 1, row: 1 }, // 西湖区
  { code: '330102', column: 2, row: 1 }, // 上城区
  { code: '330114', column: 3, row: 1 }, // 钱塘区
  { code: '330111', column: 1, row: 2 }, // 富阳区
  { code: '330108', column: 2, row: 2 }, // 滨江区
  { code: '330109', column: 3, row: 2 }, // 萧山区
  { code: '330122', column: 1, row: 3 }, // 桐庐县
  { code: '330127', column: 0, row: 4 }, // 淳安县
  { code: '330182', column: 1, row: 4 }, // 建德市
];

export const DEMO_MAP_SOURCE = 'fangyi 演示城市 (fangyi demo city)';
