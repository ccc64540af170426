/**
 * The demo organisations' people: units (departments, grades and classes, buildings) and members
 * drawn from the synthetic residents — working-age adults at the companies and the command
 * office, children at the schools (by age), residents of a community's street in its buildings.
 * The demo resident (the first one) works at the first company, so 我的单位 shows something. Pure.
 */
import type { MemberRole, NewOrganisation, UnitKind } from '../../orgs/model.ts';
import type { DemoResident } from './households.ts';
import type { Random } from './random.ts';

export interface DemoUnit { organisation: number; path: string[]; kind: UnitKind }
export interface DemoMember { organisation: number; resident: number; path: string[]; role: MemberRole }

const COMPANY_UNITS = [['行政部'], ['财务部'], ['研发部', '前端组'], ['研发部', '后端组'], ['生产部'], ['销售部']];
const GOVERNMENT_UNITS = [['综合组'], ['流调溯源组'], ['物资保障组']];
const PRIMARY = ['一年级', '二年级', '三年级', '四年级', '五年级', '六年级'];
const MIDDLE = ['初一', '初二', '初三'];
const CLASSES = ['一班', '二班'];
const BUILDINGS = 8;
const PER_COMPANY = 150;
const PER_GOVERNMENT = 30;
const PER_COMMUNITY = 300;
const TEACHERS = 6;

export function buildOrganisationPeople(random: Random, organisations: readonly NewOrganisation[], residents: readonly DemoResident[]): { units: DemoUnit[]; members: DemoMember[] } {
  const units: DemoUnit[] = [];
  const members: DemoMember[] = [];
  const working = new Set<number>(); // at most one employer each
  const adults = residents.map((r, i) => ({ r, i })).filter(({ r }) => r.age >= 20 && r.age < 60).map(({ i }) => i);
  const takeWorkers = (count: number, first?: number): number[] => {
    const out: number[] = [];
    if (first !== undefined && !working.has(first)) { out.push(first); working.add(first); }
    for (let tries = 0; out.length < count && tries < count * 20 && adults.length > 0; tries++) {
      const i = random.pick(adults);
      if (working.has(i)) continue;
      working.add(i);
      out.push(i);
    }
    return out;
  };
  const addUnits = (organisation: number, paths: readonly string[][], kind: UnitKind) => {
    const seen = new Set<string>();
    for (const path of paths) {
      for (let depth = 1; depth <= path.length; depth++) {
        const key = path.slice(0, depth).join('/');
        if (seen.has(key)) continue;
        seen.add(key);
        units.push({ organisation, path: path.slice(0, depth), kind });
      }
    }
  };
  let companies = 0;
  organisations.forEach((org, o) => {
    if (org.kind === 'company' || org.kind === 'government') {
      const paths = org.kind === 'company' ? COMPANY_UNITS : GOVERNMENT_UNITS;
      addUnits(o, paths, org.kind === 'company' ? 'department' : 'team');
      const first = org.kind === 'company' && companies++ === 0 && residents.length > 0 && residents[0]!.age >= 18 ? 0 : undefined;
      // A small demo (tests) shares its few adults among all employers.
      const wanted = Math.min(org.kind === 'company' ? PER_COMPANY : PER_GOVERNMENT, Math.max(3, Math.floor(adults.length / 10)));
      takeWorkers(wanted, first).forEach((resident, k) => {
        const path = resident === 0 ? ['研发部', '后端组'] : paths[k % paths.length]!;
        members.push({ organisation: o, resident, path, role: k % 25 === 1 ? 'leader' : 'member' });
      });
    } else if (org.kind === 'school') {
      const primary = org.name.includes('小学');
      const grades = primary ? PRIMARY : MIDDLE;
      const firstAge = primary ? 6 : 12;
      const paths = grades.flatMap((g) => CLASSES.map((c) => [g, c]));
      addUnits(o, [...paths, ['教务处']], 'class');
      residents.forEach((r, i) => {
        const grade = r.age - firstAge;
        if (grade >= 0 && grade < grades.length) members.push({ organisation: o, resident: i, path: [grades[grade]!, CLASSES[i % CLASSES.length]!], role: 'student' });
      });
      for (const resident of takeWorkers(TEACHERS)) members.push({ organisation: o, resident, path: ['教务处'], role: 'teacher' });
    } else if (org.kind === 'community') {
      addUnits(o, Array.from({ length: BUILDINGS }, (_, b) => [`${b + 1}幢`]), 'building');
      let count = 0;
      residents.forEach((r, i) => {
        if (count >= PER_COMMUNITY || r.homeRegionCode !== org.regionCode) return;
        count++;
        members.push({ organisation: o, resident: i, path: [`${(r.household % BUILDINGS) + 1}幢`], role: 'member' });
      });
    }
  });
  return { units, members };
}
