/**
 * Demo venues and organisations spread over the city's districts, with names that say at once
 * that they are made up ("演示·西湖区 晨光超市"). Pure.
 */
import type { NewOrganisation } from '../../orgs/model.ts';
import type { NewVenue, VenueKind } from '../../venues/model.ts';
import { districtWeight, homeRegionOf, type DemoDistrict } from './city.ts';
import type { Random } from './random.ts';

export const DEMO_MARK = '演示·';

// Share of each kind among the demo venues, and what such a place is called.
const VENUE_KINDS: readonly { kind: VenueKind; share: number; suffixes: readonly string[] }[] = [
  { kind: 'residential', share: 40, suffixes: ['小区', '花园', '家园', '公寓'] },
  { kind: 'shop', share: 34, suffixes: ['超市', '便利店', '药店', '菜市场', '水果店'] },
  { kind: 'restaurant', share: 34, suffixes: ['面馆', '饭店', '小吃店', '茶餐厅', '火锅店'] },
  { kind: 'office', share: 24, suffixes: ['大厦', '写字楼', '科技园'] },
  { kind: 'factory', share: 14, suffixes: ['纺织厂', '机械厂', '食品厂', '电子厂'] },
  { kind: 'school', share: 14, suffixes: ['小学', '中学', '幼儿园'] },
  { kind: 'hospital', share: 10, suffixes: ['医院', '社区卫生服务中心', '诊所'] },
  { kind: 'transport', share: 16, suffixes: ['地铁站', '公交站', '汽车站'] },
  { kind: 'public_place', share: 14, suffixes: ['公园', '体育馆', '图书馆', '文化广场'] },
];

const WORDS = Array.from('晨光和平新华东方春江明月青山星河阳光金桥翠苑云溪绿荫丰收友谊长风湖畔枫林白沙朝晖紫荆梧桐玉泉桂花荷塘').reduce<string[]>(
  (pairs, char, i, all) => (i % 2 === 0 && all[i + 1] ? [...pairs, `${char}${all[i + 1]}`] : pairs), []);

function pickPlace(random: Random, districts: readonly DemoDistrict[]) {
  const district = random.weighted(districts.map((d) => [d, districtWeight(d.code)] as const));
  const street = district.streets.length > 0 ? random.pick(district.streets) : undefined;
  return { district, street };
}

/** `count` venues, kinds in the shares above, each name unique. */
export function buildVenues(random: Random, districts: readonly DemoDistrict[], count: number): NewVenue[] {
  const totalShare = VENUE_KINDS.reduce((sum, k) => sum + k.share, 0);
  const venues: NewVenue[] = [];
  const names = new Set<string>();
  for (const spec of VENUE_KINDS) {
    const n = spec === VENUE_KINDS[0] ? 0 : Math.round((spec.share / totalShare) * count);
    for (let i = 0; i < n; i++) venues.push(venueOf(random, districts, spec, names));
  }
  // Residential venues fill up what rounding left, so the total is exact.
  while (venues.length < count) venues.unshift(venueOf(random, districts, VENUE_KINDS[0]!, names));
  return venues.slice(0, count);
}

function venueOf(random: Random, districts: readonly DemoDistrict[], spec: (typeof VENUE_KINDS)[number], names: Set<string>): NewVenue {
  const { district, street } = pickPlace(random, districts);
  let name = `${DEMO_MARK}${district.name} ${random.pick(WORDS)}${random.pick(spec.suffixes)}`;
  const base = name;
  for (let n = 2; names.has(name); n++) name = `${base}（${n}）`;
  names.add(name);
  return {
    regionCode: homeRegionOf(district, street),
    name,
    kind: spec.kind,
    address: `${street?.name ?? district.name}演示路 ${random.int(1, 300)} 号`,
    synthetic: true,
  };
}

/** The demo venues the demo venue admin runs (the first compound, shop and restaurant); the demo guard stands at the first. */
export function demoStaffVenueIndexes(venues: readonly NewVenue[]): { admin: number[]; guard: number } {
  const admin = (['residential', 'shop', 'restaurant'] as const).map((kind) => venues.findIndex((v) => v.kind === kind)).filter((i) => i >= 0);
  return { admin, guard: admin[0] ?? 0 };
}

/** Four companies, two schools, six communities (one per street picked) and the city's epidemic-response office. */
export function buildOrganisations(random: Random, districts: readonly DemoDistrict[], cityCode: string, cityName: string): NewOrganisation[] {
  const orgs: NewOrganisation[] = [];
  const companySuffixes = ['科技有限公司', '物流有限公司', '服装有限公司', '食品有限公司'];
  companySuffixes.forEach((suffix, i) => {
    const { district, street } = pickPlace(random, districts);
    orgs.push({ regionCode: homeRegionOf(district, street), name: `${DEMO_MARK}${WORDS[i]}${suffix}`, kind: 'company', synthetic: true });
  });
  ['实验小学', '第一中学'].forEach((suffix, i) => {
    const { district, street } = pickPlace(random, districts);
    orgs.push({ regionCode: homeRegionOf(district, street), name: `${DEMO_MARK}${district.name}${WORDS[i + 4]}${suffix}`, kind: 'school', synthetic: true });
  });
  for (let i = 0; i < 6; i++) {
    const { district, street } = pickPlace(random, districts);
    orgs.push({ regionCode: homeRegionOf(district, street), name: `${DEMO_MARK}${street?.name ?? district.name}${WORDS[i + 6]}社区`, kind: 'community', synthetic: true });
  }
  orgs.push({ regionCode: cityCode, name: `${DEMO_MARK}${cityName}疫情防控工作指挥部办公室`, kind: 'government', synthetic: true });
  return orgs;
}
