/** The demo city's map as the seeder sees it: districts (level 3) and their streets (level 4). */

export interface DemoStreet {
  code: string;
  name: string;
}

export interface DemoDistrict {
  code: string;
  name: string;
  streets: DemoStreet[];
}

export const DEMO_CITY_CODE = '330100';
export const DEMO_CITY_NAME = '杭州市';

/**
 * Rough relative population weights (in units of ten thousand, rounded from the 2020 census
 * figures) so the central and big districts get more residents; a district missing here (the
 * division data changes every few years) still gets a middling weight instead of none.
 */
const DISTRICT_WEIGHTS: Record<string, number> = {
  '330102': 132, '330105': 112, '330106': 114, '330108': 50, '330109': 201, '330110': 123, '330111': 83,
  '330112': 64, '330113': 117, '330114': 77, '330122': 45, '330127': 33, '330182': 44,
};
const DEFAULT_WEIGHT = 60;

export function districtWeight(code: string): number {
  return DISTRICT_WEIGHTS[code] ?? DEFAULT_WEIGHT;
}

/** Where a household or venue is registered: the street when the division data has streets, else the district. */
export function homeRegionOf(district: DemoDistrict, street: DemoStreet | undefined): string {
  return street?.code ?? district.code;
}
